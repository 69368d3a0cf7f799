/**
 * Runs identity resolution (full or incremental) with progress and cancel. A cancelled run leaves the previous
 * ONE_IDs untouched (the engine runs it as one transaction). The run keeps going when the user leaves the page:
 * the page reloads its summary from the `workspace.changed` event the run ends with.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentityRunMode, IdentitySummary } from '#shared/api/identityTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';

export function RunPanel({ summary, onDone }: { readonly summary: IdentitySummary | null; readonly onDone: (s: IdentitySummary) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const job = useJob('identity.run', { keepOnUnmount: true });
  const [mode, setMode] = useState<IdentityRunMode>('full');
  const effectiveMode: IdentityRunMode = summary ? mode : 'full';

  const start = async (): Promise<void> => {
    const result = await job.run({ mode: effectiveMode });
    if (result) onDone(result);
  };

  return (
    <section className="card id-run" aria-labelledby="id-run-title" data-testid="id-run-panel">
      <div className="card-head">
        <h2 id="id-run-title" className="card-title">
          {t('identity.run.title')}
        </h2>
        <label className="form-label" htmlFor="id-run-mode">
          {t('identity.run.mode')}
        </label>
        <select id="id-run-mode" className="select" value={effectiveMode} disabled={job.running} onChange={(e) => setMode(e.target.value === 'incremental' ? 'incremental' : 'full')} data-testid="id-run-mode">
          <option value="full">{t('identity.run.full')}</option>
          <option value="incremental" disabled={!summary}>
            {t('identity.run.incremental')}
          </option>
        </select>
        <button type="button" className="btn btn-primary" disabled={job.running} onClick={() => void start()} data-testid="id-run-start">
          {t('identity.run.start')}
        </button>
      </div>
      {summary ? (
        <p className="muted small" data-testid="id-last-run">
          {t('identity.run.lastRun', {
            runId: summary.runId,
            mode: t(`identity.modes.${summary.mode}`),
            time: new Date(summary.finishedAt ?? summary.startedAt).toLocaleString(i18n.language),
            seed: summary.seed,
          })}
        </p>
      ) : null}
      <p className="muted small">{t('identity.run.settingsNote')}</p>
      {job.running ? (
        <JobProgress
          progress={job.progress}
          cancelling={job.cancelling}
          onCancel={job.cancel}
          label={t('identity.run.running')}
          cancelText={t('identity.run.cancel')}
          testId="id-run-progress"
          cancelTestId="id-run-cancel"
        />
      ) : null}
      {job.cancelled ? (
        <p className="notice notice-info" data-testid="id-run-cancelled">
          {t('identity.run.cancelled')}
        </p>
      ) : null}
      {job.error ? <ErrorNotice error={job.error} testId="id-run-error" /> : null}
      {job.result ? (
        <p className="notice notice-info" data-testid="id-run-done">
          {t('identity.run.done', { runId: job.result.runId, records: job.result.records.toLocaleString(), persons: job.result.persons.toLocaleString() })}
        </p>
      ) : null}
    </section>
  );
}
