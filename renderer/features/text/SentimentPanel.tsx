/** Sentiment by channel, category, month or topic; a click on a bar segment shows those notes. */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteGrouping, SentimentLabel } from '#shared/api/textTypes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { sentimentBarOption } from './textCharts.ts';
import type { DrillDown } from './textFilter.ts';

const BYS: readonly NoteGrouping[] = ['channel', 'category', 'month', 'topic'];
const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

export function SentimentPanel({ onDrill }: { readonly onDrill: (d: DrillDown) => void }): ReactNode {
  const { t } = useTranslation();
  const [by, setBy] = useState<NoteGrouping>('channel');
  const job = useJob('text.breakdown');
  const { run } = job;
  useEffect(() => {
    void run({ by });
  }, [run, by]);
  const rows = useMemo(() => job.result ?? [], [job.result]);
  const labels = useMemo(() => ({ positive: t('text.sentiment.labels.positive'), neutral: t('text.sentiment.labels.neutral'), negative: t('text.sentiment.labels.negative') }), [t]);
  const option = useMemo(() => sentimentBarOption(rows, labels, (g) => g, t('text.sentiment.chart')), [rows, labels, t]);
  return (
    <div className="card" data-testid="text-sentiment">
      <h2 className="section-title">{t('text.sentiment.title')}</h2>
      <label className="form-field">
        <span className="form-label">{t('text.sentiment.by')}</span>
        <select className="select" value={by} onChange={(e) => setBy(e.target.value as NoteGrouping)} data-testid="text-sentiment-by">
          {BYS.map((b) => (
            <option key={b} value={b}>
              {t(`text.groupings.${b}`)}
            </option>
          ))}
        </select>
      </label>
      {job.error ? <ErrorNotice error={job.error} /> : null}
      <ChartView
        option={option}
        height={300}
        label={t('text.sentiment.chart')}
        testId="text-sentiment-chart"
        onClick={(p) => {
          const row = rows[p.dataIndex];
          const label = LABELS[p.seriesIndex ?? -1];
          if (row && label) onDrill({ filter: { by, group: row.group, sentiment: label }, caption: `${t(`text.groupings.${by}`)}=${row.group} · ${labels[label]}` });
        }}
      />
      <table className="grid-table small" data-testid="text-sentiment-table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.group}>
              <td>{r.group}</td>
              {LABELS.map((l) => (
                <td key={l} className="num">
                  <button type="button" className="table-link" onClick={() => onDrill({ filter: { by, group: r.group, sentiment: l }, caption: `${t(`text.groupings.${by}`)}=${r.group} · ${labels[l]}` })} data-testid={`text-sentiment-${l}`}>
                    {labels[l]} {r[l]}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
