/** The compliance check of an export: where the segment's customers go, excluded counts by reason, a sample. */
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ExportCounts, ExportPreview, ExportProblem } from '#shared/api/exportTypes.ts';
import { reasonRows } from './exportModel.ts';

/** The five counts of an export; `done` labels the last one as exported rather than to export. */
export function CountsStrip({ counts, done = false }: { readonly counts: ExportCounts; readonly done?: boolean }): ReactNode {
  const { t } = useTranslation();
  const cell = (key: 'segment' | 'excluded' | 'eligible' | 'holdout' | 'exported', value: number): ReactNode => (
    <div className="export-count" data-testid={`export-count-${key}`}>
      <div className="muted small">{done && key === 'exported' ? t('export.summary.exportedDone') : t(`export.summary.${key}`)}</div>
      <div className="export-count-value">{value.toLocaleString()}</div>
    </div>
  );
  return (
    <div className="export-counts">
      {cell('segment', counts.segment)}
      {cell('excluded', counts.excluded)}
      {cell('eligible', counts.eligible)}
      {cell('holdout', counts.holdout)}
      {cell('exported', counts.exported)}
    </div>
  );
}

export function ReasonTable({ counts }: { readonly counts: ExportCounts }): ReactNode {
  const { t } = useTranslation();
  const rows = reasonRows(counts);
  if (rows.length === 0) return <p className="muted" data-testid="export-no-exclusions">{t('export.summary.none')}</p>;
  return (
    <table className="grid-table" data-testid="export-reasons">
      <thead>
        <tr>
          <th>{t('export.summary.reason')}</th>
          <th className="num">{t('export.summary.first')}</th>
          <th className="num">{t('export.summary.matched')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.reason} data-testid={`export-reason-${r.reason}`} data-count={r.first}>
            <td>{t(`export.reasons.${r.reason}`)}</td>
            <td className="num">{r.first.toLocaleString()}</td>
            <td className="num">{r.matched.toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** i18next's typed `t` cannot check parameters of a key chosen at run time; every problem code has a message. */
function problemText(t: TFunction, p: ExportProblem): string {
  return (t as unknown as (key: string, params: ExportProblem['params']) => string)(`export.problems.${p.code}`, p.params);
}

export function ProblemList({ problems }: { readonly problems: readonly ExportProblem[] }): ReactNode {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ul className="export-problems" data-testid="export-problems">
      {problems.map((p) => (
        <li key={`${p.code}-${JSON.stringify(p.params)}`} className={p.level === 'error' ? 'warn-text' : 'muted'} data-code={p.code}>
          {problemText(t, p)}
        </li>
      ))}
    </ul>
  );
}

export function ComplianceSummary({ preview, stale }: { readonly preview: ExportPreview; readonly stale: boolean }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="export-summary" data-stale={stale ? 'true' : 'false'}>
      <h3 className="card-title">{t('export.summary.title')}</h3>
      {stale ? <p className="warn-text small">{t('export.audience.stale')}</p> : null}
      <CountsStrip counts={preview.counts} />
      <p className="muted small">{t('export.summary.plannedAt', { time: preview.plannedAt, dnd: preview.dndEntries })}</p>
      <ProblemList problems={preview.problems} />
      <ReasonTable counts={preview.counts} />
      {preview.sample.length > 0 ? (
        <>
          <h4 className="section-title">{t('export.summary.sample')}</h4>
          <div className="table-wrap">
            <table className="grid-table" data-testid="export-sample">
              <thead>
                <tr>
                  {preview.columns.map((c) => (
                    <th key={c.key} title={t(`export.treatment.${c.treatment}`)}>
                      {c.header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((row, i) => (
                  <tr key={String(row[0] ?? i)}>
                    {row.map((v, k) => (
                      <td key={preview.columns[k]?.key ?? k}>{v === null ? '' : String(v)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
