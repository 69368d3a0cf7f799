/**
 * Revealing personal data: a button that asks for the reason in a dialog (the engine writes it to the audit log
 * as `pii.reveal`), and once revealed, a badge and a button to mask the values again.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LockIcon } from '#renderer/components/LockIcon.tsx';

/** Shorter reasons say nothing an auditor could follow up. */
const MIN_REASON = 4;

export interface Unmask {
  readonly reason: string;
}

export function RevealControl({ unmask, onChange, testId }: { readonly unmask: Unmask | null; readonly onChange: (u: Unmask | null) => void; readonly testId: string }): ReactNode {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (unmask) {
    return (
      <span className="id-reveal">
        <span className="badge badge-dirty" data-testid={`${testId}-revealed`}>
          {t('identity.reveal.revealed')}
        </span>
        <button type="button" className="btn btn-small" onClick={() => onChange(null)} data-testid={`${testId}-hide`}>
          {t('identity.reveal.hide')}
        </button>
      </span>
    );
  }
  return (
    <span className="id-reveal">
      <span className="badge badge-masked">
        <LockIcon label={t('tables.masked')} /> {t('tables.masked')}
      </span>
      <button type="button" className="btn btn-small" onClick={() => setAsking(true)} data-testid={testId}>
        {t('identity.reveal.button')}
      </button>
      <RevealDialog
        open={asking}
        onCancel={() => setAsking(false)}
        onSubmit={(reason) => {
          setAsking(false);
          onChange({ reason });
        }}
      />
    </span>
  );
}

function RevealDialog({ open, onSubmit, onCancel }: { readonly open: boolean; readonly onSubmit: (reason: string) => void; readonly onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const text = reason.trim();
  const ok = [...text].length >= MIN_REASON;
  const close = (): void => {
    setReason('');
    onCancel();
  };
  return (
    <dialog ref={ref} className="dialog" onCancel={close} aria-labelledby="reveal-title" data-testid="reveal-dialog">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!ok) return;
          setReason('');
          onSubmit(text);
        }}
      >
        <h2 id="reveal-title" className="card-title">
          {t('identity.reveal.title')}
        </h2>
        <p>{t('identity.reveal.body')}</p>
        <div className="form-col">
          <label className="form-label" htmlFor="reveal-reason">
            {t('identity.reveal.reason')}
          </label>
          <input
            id="reveal-reason"
            className="input id-reason"
            value={reason}
            placeholder={t('identity.reveal.placeholder')}
            onChange={(e) => setReason(e.target.value)}
            autoComplete="off"
            data-testid="reveal-reason"
          />
          {!ok ? <span className="small muted">{t('identity.reveal.tooShort', { min: MIN_REASON })}</span> : null}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!ok} data-testid="reveal-submit">
            {t('identity.reveal.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
