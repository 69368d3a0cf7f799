import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewId } from './routes.ts';

/** The honest page of a workflow that is not built yet: its name and that it is coming, no placeholder data. */
export function ComingSoon({ view }: { readonly view: ViewId }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="page" data-testid={`view-${view}`}>
      <h1 className="page-title">{t(`nav.${view}`)}</h1>
      <div className="empty-state" data-testid="coming-soon">
        <p className="empty-title">{t('comingSoon.title')}</p>
        <p className="muted">{t('comingSoon.body')}</p>
      </div>
    </section>
  );
}
