import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '#renderer/components/ConfirmDialog.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useWorkspace, useWorkspaceController } from './appContext.tsx';
import { DEMO_OPTIONS } from './workspaceController.ts';

/** What the user sees while the engine starts and the first workspace opens (or the demo one is built). */
export function StartupScreen(): ReactNode {
  const { t } = useTranslation();
  const state = useWorkspace();
  const controller = useWorkspaceController();
  let body: ReactNode;
  if (state.phase === 'demo') {
    body = (
      <JobProgress
        progress={state.progress}
        cancelling={state.cancelling}
        onCancel={() => controller.cancelDemo()}
        label={t('demo.building', { customers: DEMO_OPTIONS.customers.toLocaleString() })}
        testId="demo-progress"
        cancelTestId="demo-cancel"
      />
    );
  } else if (state.phase === 'locked') {
    body = <Unlock />;
  } else {
    body = <p className="muted">{state.phase === 'starting' ? t('app.starting') : t('app.openingWorkspace')}</p>;
  }
  return (
    <main className="startup" data-testid="startup" aria-busy={state.phase !== 'locked'}>
      <h1 className="startup-title">{t('app.title')}</h1>
      {body}
    </main>
  );
}

/** The kept workspace is encrypted: ask for its passphrase, or let the user start afresh (after a warning). */
function Unlock(): ReactNode {
  const { t } = useTranslation();
  const state = useWorkspace();
  const controller = useWorkspaceController();
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [abandon, setAbandon] = useState(false);
  return (
    <form
      className="card unlock"
      data-testid="unlock"
      onSubmit={(e) => {
        e.preventDefault();
        if (pass === '' || busy) return;
        setBusy(true);
        void controller.unlock(pass).finally(() => setBusy(false));
      }}
    >
      <h2 className="card-title">{t('crypto.unlockTitle')}</h2>
      <p>{t('crypto.unlockBody')}</p>
      <div className="form-field">
        <label className="form-label" htmlFor="unlock-pass">
          {t('crypto.passphrase')}
        </label>
        <input id="unlock-pass" className="input" type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)} data-testid="unlock-passphrase" />
        <button type="submit" className="btn btn-primary" disabled={pass === '' || busy} data-testid="unlock-submit">
          {t('crypto.unlock')}
        </button>
      </div>
      {state.lockError ? <ErrorNotice error={state.lockError} /> : null}
      <button type="button" className="btn btn-small btn-ghost" onClick={() => setAbandon(true)} data-testid="unlock-abandon">
        {t('crypto.abandon')}
      </button>
      <ConfirmDialog
        open={abandon}
        message={t('crypto.abandonConfirm')}
        confirmText={t('crypto.abandon')}
        onCancel={() => setAbandon(false)}
        onConfirm={() => {
          setAbandon(false);
          void controller.abandonLocked();
        }}
      />
    </form>
  );
}
