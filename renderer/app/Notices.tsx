import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorInfo } from '#renderer/engine/errorInfo.ts';
import { messageText } from '#renderer/i18n/messages.ts';
import { useWorkspace, useWorkspaceController } from './appContext.tsx';
import type { Notice } from './workspaceController.ts';

/** Notices from start-up, the engine and menu actions, each dismissable; errors show their code's message. */
export function Notices(): ReactNode {
  const { notices } = useWorkspace();
  if (notices.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} />
      ))}
    </div>
  );
}

function NoticeItem({ notice }: { readonly notice: Notice }): ReactNode {
  const { t, i18n } = useTranslation();
  const controller = useWorkspaceController();
  const parts: string[] = [];
  if (notice.key) parts.push(messageText(i18n, { code: notice.key, params: {} }));
  if (notice.message) parts.push(messageText(i18n, notice.message));
  const err = notice.error !== undefined ? errorInfo(notice.error) : null;
  if (err) parts.push(t(`error.${err.code}`));
  return (
    <div className={`notice notice-${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'} data-testid="notice" data-error-code={err?.code}>
      <div className="notice-body">
        <span>{parts.join(' — ')}</span>
        {err?.detail ? <div className="notice-detail">{err.detail}</div> : null}
      </div>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => controller.dismissNotice(notice.id)}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}
