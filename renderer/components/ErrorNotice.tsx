import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorInfo } from '#renderer/engine/errorInfo.ts';

/**
 * An engine error as the user sees it: the catalog message for its code, then the engine's technical detail
 * (which names the file, row or method) in smaller type.
 */
export function ErrorNotice({ error, title, testId }: { readonly error: unknown; readonly title?: string; readonly testId?: string }): ReactNode {
  const { t } = useTranslation();
  const info = errorInfo(error);
  return (
    <div className="notice notice-error" role="alert" data-testid={testId ?? 'error-notice'} data-error-code={info.code}>
      <strong>{title ? `${title}：` : ''}{t(`error.${info.code}`)}</strong>
      {info.detail ? <div className="notice-detail">{info.detail}</div> : null}
    </div>
  );
}
