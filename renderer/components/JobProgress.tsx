import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressEvent } from '#shared/api/engineApi.ts';
import { progressLabel } from '#renderer/i18n/messages.ts';

/** Steps whose counts are bytes: the import reports how far through the file it is (rows are known only at the end). */
const BYTE_STEPS: ReadonlySet<string> = new Set(['import.rows', 'import.scanDates']);

export function progressCount(p: ProgressEvent | null): string {
  if (!p || p.total <= 0) return '';
  if (BYTE_STEPS.has(p.step)) {
    const mb = (n: number): string => (n / (1 << 20)).toFixed(1);
    return `${mb(p.current)} / ${mb(p.total)} MB`;
  }
  return `${p.current.toLocaleString()} / ${p.total.toLocaleString()}`;
}

/** 0–100 from a progress event: the job's overall share when known, else the current step's. */
export function progressPercent(p: ProgressEvent | null): number | null {
  if (!p) return null;
  if (p.overall !== undefined) return Math.max(0, Math.min(100, Math.round(p.overall * 100)));
  if (p.total <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((p.current / p.total) * 100)));
}

export interface JobProgressProps {
  readonly progress: ProgressEvent | null;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
  /** Shown before the first progress event arrives. */
  readonly label: string;
  readonly testId?: string;
  readonly cancelTestId?: string;
  readonly cancelText?: string;
}

/** A progress bar with the current step and a cancel button: every long job shows one. */
export function JobProgress({ progress, cancelling, onCancel, label, testId, cancelTestId, cancelText }: JobProgressProps): ReactNode {
  const { t, i18n } = useTranslation();
  const pct = progressPercent(progress);
  const step = progress ? progressLabel(i18n, progress.step) : label;
  const count = progressCount(progress);
  return (
    <div className="job-progress" data-testid={testId} aria-live="polite">
      <div className="job-progress-text">
        <span className="job-progress-step">{step}</span>
        {progress?.detail ? <span className="muted"> · {progress.detail}</span> : null}
        <span className="muted job-progress-count">{count}</span>
        {pct !== null ? <span className="job-progress-pct">{t('common.percent', { value: pct })}</span> : null}
      </div>
      <div
        className={`bar${pct === null ? ' bar-indeterminate' : ''}`}
        role="progressbar"
        aria-label={step}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== null ? { 'aria-valuenow': pct } : {})}
      >
        <div className="bar-fill" style={{ width: `${pct ?? 30}%` }} />
      </div>
      <button type="button" className="btn" onClick={onCancel} disabled={cancelling} data-testid={cancelTestId}>
        {cancelling ? t('job.cancelling') : (cancelText ?? t('job.cancel'))}
      </button>
    </div>
  );
}
