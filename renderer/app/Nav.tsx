import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { routeHash, VIEWS, type ViewId } from './routes.ts';

export function Nav({ active }: { readonly active: ViewId }): ReactNode {
  const { t } = useTranslation();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {VIEWS.map((v) => (
          <li key={v.id} className={v.sub ? 'nav-sub' : undefined}>
            <a
              href={routeHash(v.id)}
              className={`nav-link${v.id === active ? ' active' : ''}${v.built ? '' : ' nav-later'}`}
              aria-current={v.id === active ? 'page' : undefined}
              data-testid={`nav-${v.id}`}
            >
              {t(`nav.${v.id}`)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
