import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A modal confirmation in the page (not `window.confirm`, which blocks the thread and cannot be styled). */
export function ConfirmDialog({
  open,
  message,
  confirmText,
  onConfirm,
  onCancel,
}: {
  readonly open: boolean;
  readonly message: string;
  readonly confirmText: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" onCancel={onCancel} data-testid="confirm-dialog">
      <p>{message}</p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel} data-testid="confirm-cancel">
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={onConfirm} data-testid="confirm-ok">
          {confirmText}
        </button>
      </div>
    </dialog>
  );
}
