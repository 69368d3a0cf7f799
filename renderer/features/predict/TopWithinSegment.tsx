/** "Top N % by score within segment X" in one step: the chosen members become a tag and a saved segment. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';

export function TopWithinSegment({ modelId }: { readonly modelId: number }): ReactNode {
  const { t } = useTranslation();
  const listJob = useJob('segments.list');
  const topJob = useJob('predict.topWithin');
  const saveJob = useJob('segments.save');
  const [segmentId, setSegmentId] = useState<number | null>(null);
  const [percent, setPercent] = useState(20);
  const loadSegments = listJob.run;
  useEffect(() => {
    void loadSegments({});
  }, [loadSegments]);
  const segments = listJob.result ?? [];
  const chosen = segmentId ?? segments[0]?.segmentId ?? null;
  const run = async (): Promise<void> => {
    if (chosen === null) return;
    const top = await topJob.run({ modelId, segmentId: chosen, share: percent / 100 });
    if (!top) return;
    await saveJob.run({ name: t('predict.top.segmentName', { segment: top.segmentName, model: modelId, percent }), rule: top.rule });
  };
  if (segments.length === 0) return <p className="muted small">{t('predict.top.noSegments')}</p>;
  const saved = saveJob.result;
  const top = topJob.result;
  return (
    <div className="form-row" data-testid="predict-top">
      <label className="form-field">
        <span className="form-label">{t('predict.top.segment')}</span>
        <select className="select" value={chosen ?? ''} onChange={(e) => setSegmentId(Number(e.target.value))} data-testid="predict-top-segment">
          {segments.map((s) => (
            <option key={s.segmentId} value={s.segmentId}>
              {`${s.name} (${s.count.toLocaleString()})`}
            </option>
          ))}
        </select>
      </label>
      <label className="form-field">
        <span className="form-label">{t('predict.top.percent')}</span>
        <input type="number" className="input" style={{ width: '5em' }} min={1} max={100} value={percent} onChange={(e) => setPercent(Math.max(1, Math.min(100, Math.round(Number(e.target.value) || 20))))} data-testid="predict-top-percent" />
      </label>
      <button type="button" className="btn" disabled={topJob.running || saveJob.running} onClick={() => void run()} data-testid="predict-top-run">
        {t('predict.top.run')}
      </button>
      {top && saved ? (
        <span className="small" data-testid="predict-top-saved">
          {t('predict.top.saved', { members: top.members.toLocaleString(), of: top.scored.toLocaleString(), name: saved.name, cutoff: top.cutoff.toFixed(4) })}
        </span>
      ) : null}
      {topJob.error ? <ErrorNotice error={topJob.error} /> : null}
      {saveJob.error ? <ErrorNotice error={saveJob.error} /> : null}
    </div>
  );
}
