/**
 * Set operations between saved segments (并/交/差) with the result count, read-back and "open in the editor";
 * an UpSet chart of the ticked segments' exclusive overlaps; and two segments compared side by side through
 * the group portrait (same base, the same bins).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentRule, SegmentSummary, SetOperation } from '#shared/api/segmentTypes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { intersectionsFromMasks, upsetHeight, upsetOption } from '#renderer/charts/upset.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { compareOption, distributionHeight } from '#renderer/features/portraits/portraitCharts.ts';

const OPS: readonly SetOperation[] = ['union', 'intersection', 'difference'];
const MAX_UPSET = 6;

export function SetOpsPanel({ segments, onUseRule }: { readonly segments: readonly SegmentSummary[]; readonly onUseRule: (rule: SegmentRule) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const [picked, setPicked] = useState<readonly number[]>([]);
  const opJob = useJob('segments.setOp');
  const upsetJob = useJob('segments.upset');
  const runUpset = upsetJob.run;
  const resetUpset = upsetJob.reset;
  const known = picked.filter((id) => segments.some((s) => s.segmentId === id));
  const key = known.join(',');

  useEffect(() => {
    const ids = key === '' ? [] : key.split(',').map(Number);
    if (ids.length >= 1 && ids.length <= MAX_UPSET) void runUpset({ segmentIds: ids });
    else resetUpset();
  }, [key, runUpset, resetUpset]);

  const upset = upsetJob.result;
  const chart = useMemo(
    () =>
      upset
        ? upsetOption(
            { sets: upset.sets.map((s) => ({ key: String(s.segmentId), label: s.name, size: s.size })), intersections: intersectionsFromMasks(upset.intersections, upset.sets.length) },
            { size: t('segments.upsetSize') },
          )
        : null,
    [upset, t],
  );
  const toggle = (id: number): void => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  return (
    <section className="card" data-testid="segments-setops">
      <h2 className="card-title">{t('segments.setOps')}</h2>
      <p className="muted small">{t('segments.setOpsHint')}</p>
      <div className="segments-picks">
        {segments.map((s) => (
          <label key={s.segmentId} className="rule-check">
            <input type="checkbox" checked={known.includes(s.segmentId)} onChange={() => toggle(s.segmentId)} data-testid={`setop-pick-${s.segmentId}`} /> {`${s.name} (${s.count.toLocaleString()})`}
          </label>
        ))}
      </div>
      <div className="toolbar">
        {OPS.map((op) => (
          <button key={op} type="button" className="btn" disabled={known.length < 2 || opJob.running} onClick={() => void opJob.run({ op, segmentIds: known })} data-testid={`setop-${op}`}>
            {t(`segments.${op}`)}
          </button>
        ))}
      </div>
      {opJob.error ? <ErrorNotice error={opJob.error} /> : null}
      {opJob.result ? (
        <div className="notice notice-info" data-testid="setop-result">
          <strong>{t('segments.result', { n: opJob.result.count.toLocaleString() })}</strong> <span>{en ? opJob.result.readBack.en : opJob.result.readBack.zh}</span>{' '}
          <button type="button" className="btn btn-small" onClick={() => opJob.result && onUseRule(opJob.result.rule)} data-testid="setop-use">
            {t('segments.useRule')}
          </button>
        </div>
      ) : null}
      {upsetJob.error ? <ErrorNotice error={upsetJob.error} /> : null}
      {chart && upset ? (
        <div className="chart-card">
          <ChartView option={chart} height={upsetHeight(upset.sets.length)} label={t('segments.upset')} testId="segments-upset" />
        </div>
      ) : null}
      <ComparePanel segments={segments} />
    </section>
  );
}

function ComparePanel({ segments }: { readonly segments: readonly SegmentSummary[] }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const job = useJob('portrait.compare');
  const r = job.result;
  return (
    <div className="segments-compare" data-testid="segments-compare">
      <h3 className="section-title">{t('segments.compare')}</h3>
      <div className="form-row">
        {(
          [
            ['compareA', a, setA],
            ['compareB', b, setB],
          ] as const
        ).map(([label, value, set]) => (
          <label key={label} className="form-field">
            <span className="form-label">{t(`segments.${label}`)}</span>
            <select className="select" value={value ?? ''} onChange={(e) => set(e.target.value === '' ? null : Number(e.target.value))} data-testid={`compare-${label === 'compareA' ? 'a' : 'b'}`}>
              <option value="">{t('segments.choose')}</option>
              {segments.map((s) => (
                <option key={s.segmentId} value={s.segmentId}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button
          type="button"
          className="btn"
          disabled={a === null || b === null || job.running}
          onClick={() => a !== null && b !== null && void job.run({ a: { kind: 'segment', segmentId: a }, b: { kind: 'segment', segmentId: b } })}
          data-testid="compare-run"
        >
          {t('segments.compareRun')}
        </button>
      </div>
      {job.running ? <JobProgress progress={job.progress} cancelling={job.cancelling} onCancel={job.cancel} label={t('segments.compare')} /> : null}
      {job.error ? <ErrorNotice error={job.error} /> : null}
      {r ? (
        <div data-testid="compare-result">
          <p className="small">
            {`${r.a.group.label}: ${r.a.group.size.toLocaleString()} · ${r.b.group.label}: ${r.b.group.size.toLocaleString()} · `}
            {t('segments.shared', { n: r.shared.toLocaleString() })}
          </p>
          <div className="chart-row portrait-grid">
            {r.a.distributions.map((d, k) => {
              const other = r.b.distributions[k];
              if (!other) return null;
              return (
                <div key={d.column} className="card chart-card">
                  <ChartView option={compareOption(d, other, { title: en ? d.en : d.zh, a: r.a.group.label, b: r.b.group.label })} height={distributionHeight(d.bins.length)} label={en ? d.en : d.zh} />
                </div>
              );
            })}
          </div>
        </div>
      ) : null}
    </div>
  );
}
