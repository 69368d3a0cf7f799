import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice.tsx';

const MIN_LENGTH = 8;

/**
 * Asks for a passphrase: once to open an encrypted workspace, or twice (`confirm`) to turn encryption on. The
 * passphrase stays in this component and goes straight to the engine; it is never stored or logged.
 */
export function PassphraseDialog({
  open,
  title,
  message,
  confirm,
  submitText,
  error,
  busy,
  onSubmit,
  onCancel,
  extra,
}: {
  readonly open: boolean;
  readonly title: string;
  readonly message: string;
  readonly confirm: boolean;
  readonly submitText: string;
  readonly error: unknown;
  readonly busy: boolean;
  readonly onSubmit: (passphrase: string) => void;
  readonly onCancel: () => void;
  readonly extra?: ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const tooShort = confirm && pass.length < MIN_LENGTH;
  const mismatch = confirm && again !== '' && pass !== again;
  const ok = pass !== '' && !tooShort && (!confirm || pass === again);
  const close = (): void => {
    setPass('');
    setAgain('');
    onCancel();
  };
  return (
    <dialog ref={ref} className="dialog" onCancel={close} data-testid="passphrase-dialog" aria-labelledby="passphrase-title">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!ok || busy) return;
          setPass('');
          setAgain('');
          onSubmit(pass);
        }}
      >
        <h2 id="passphrase-title" className="card-title">
          {title}
        </h2>
        <p>{message}</p>
        {extra}
        <div className="form-col">
          <label className="form-label" htmlFor="passphrase">
            {t('crypto.passphrase')}
          </label>
          <input id="passphrase" className="input" type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)} data-testid="passphrase-input" />
          {confirm ? (
            <>
              <label className="form-label" htmlFor="passphrase-again">
                {t('crypto.confirm')}
              </label>
              <input id="passphrase-again" className="input" type="password" autoComplete="off" value={again} onChange={(e) => setAgain(e.target.value)} data-testid="passphrase-again" />
              <span className={`small ${tooShort || mismatch ? 'warn-text' : 'muted'}`}>{mismatch ? t('crypto.mismatch') : t('crypto.minLength')}</span>
            </>
          ) : null}
        </div>
        {error ? <ErrorNotice error={error} /> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!ok || busy} data-testid="passphrase-submit">
            {submitText}
          </button>
        </div>
      </form>
    </dialog>
  );
}
