import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorInfo } from '#renderer/engine/errorInfo.ts';

/**
 * Shown when the engine worker cannot start or has died. The app does not fall back to computing on the UI
 * thread (../shared/STYLE.md §7); it says what happened and offers a reload.
 */
export function FatalScreen({ error }: { readonly error: unknown }): ReactNode {
  const { t } = useTranslation();
  const info = errorInfo(error);
  return (
    <main className="fatal" role="alert" data-testid="fatal-screen">
      <h1>{t('app.fatalTitle')}</h1>
      <p>{t('app.fatalBody')}</p>
      <details open>
        <summary>{t('app.technical')}</summary>
        <pre className="fatal-detail">{`${info.code}: ${t(`error.${info.code}`)}\n${info.detail}`}</pre>
      </details>
      <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </main>
  );
}
