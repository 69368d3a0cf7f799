/**
 * The data-quality report: per imported file the counts and rejects by reason, per table each column's missing
 * share, distinct values, conformity and failing examples, and how well keys join across tables.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileQuality, KeyCoverage, QualityReport, TableQuality } from '#shared/api/qualityTypes.ts';
import { routeHash } from '#renderer/app/routes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { barChartHeight, keyCoverageOption, missingShareOption, rejectsByCode, rejectsByCodeOption, toPercent } from '#renderer/charts/qualityCharts.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { LockIcon } from '#renderer/components/LockIcon.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang, type Lang } from '#renderer/i18n/i18n.ts';
import { entityLabel } from '#renderer/i18n/labels.ts';
import { cellIssueLabel, rejectLabel } from '#renderer/i18n/messages.ts';

export function QualityView(): ReactNode {
  const { t, i18n } = useTranslation();
  const job = useJob('quality.report');
  const { run } = job;

  useEffect(() => {
    void run({});
  }, [run]);

  return (
    <section className="page" data-testid="view-quality">
      <div className="page-head">
        <h1 className="page-title">{t('quality.title')}</h1>
        <div className="header-spacer" />
        {job.result ? <span className="muted small">{t('quality.generatedAt', { time: new Date(job.result.generatedAt).toLocaleString(i18n.language) })}</span> : null}
        <button type="button" className="btn" disabled={job.running} onClick={() => void run({})} data-testid="quality-refresh">
          {t('quality.refresh')}
        </button>
      </div>
      {job.running ? (
        <JobProgress progress={job.progress} cancelling={job.cancelling} onCancel={job.cancel} label={t('progress.quality')} testId="quality-progress" cancelTestId="quality-cancel" />
      ) : null}
      {job.cancelled ? <p className="muted">{t('common.cancelled')}</p> : null}
      {job.error ? <ErrorNotice error={job.error} testId="quality-error" /> : null}
      {job.result ? <Report report={job.result} /> : null}
    </section>
  );
}

function Report({ report }: { readonly report: QualityReport }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  const tables = report.tables.filter((tb) => tb.rows > 0);
  const pie = useMemo(() => rejectsByCodeOption(report.files, { title: t('quality.rejectsChart'), reason: (c) => rejectLabel(i18n, c) }), [report.files, t, i18n]);
  const coverage = useMemo(
    () => keyCoverageOption(report.keyCoverage, { title: t('quality.coverageChart'), keys: t('quality.keyShare'), rows: t('quality.rowShare') }),
    [report.keyCoverage, t],
  );
  const hasRejects = rejectsByCode(report.files).length > 0;
  return (
    <div data-testid="quality-report">
      {report.files.length === 0 ? <div className="empty-state">{t('quality.empty')}</div> : <FilesTable files={report.files} />}
      {hasRejects || report.keyCoverage.length > 0 ? (
        <div className="chart-row">
          {hasRejects ? (
            <div className="card chart-card">
              <ChartView option={pie} height={260} label={t('quality.rejectsChart')} testId="chart-rejects" />
            </div>
          ) : null}
          {report.keyCoverage.length > 0 ? (
            <div className="card chart-card">
              <ChartView option={coverage} height={barChartHeight(report.keyCoverage.length * 2)} label={t('quality.coverageChart')} testId="chart-coverage" />
            </div>
          ) : null}
        </div>
      ) : null}
      {report.keyCoverage.length > 0 ? <CoverageTable coverage={report.keyCoverage} /> : null}
      {tables.length > 0 ? <h2 className="section-title">{t('quality.tables')}</h2> : null}
      {tables.map((tb) => (
        <TableSection key={tb.table} table={tb} lang={lang} />
      ))}
      {report.cellIssues.length > 0 ? (
        <section className="card">
          <h2 className="card-title">{t('quality.cellIssuesTitle')}</h2>
          <table className="grid-table" data-testid="quality-cell-issues">
            <thead>
              <tr>
                <th>{t('tables.tables')}</th>
                <th>{t('quality.column')}</th>
                <th>{t('quality.code')}</th>
                <th className="num">{t('quality.count')}</th>
              </tr>
            </thead>
            <tbody>
              {report.cellIssues.map((c) => (
                <tr key={`${c.table}.${c.column}.${c.code}`}>
                  <td>{c.table}</td>
                  <td>{c.column}</td>
                  <td>{cellIssueLabel(i18n, c.code)}</td>
                  <td className="num">{c.count.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

function FilesTable({ files }: { readonly files: readonly FileQuality[] }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  return (
    <section className="card">
      <h2 className="card-title">{t('quality.files')}</h2>
      <div className="table-wrap">
        <table className="grid-table" data-testid="quality-files">
          <thead>
            <tr>
              <th>{t('quality.file')}</th>
              <th>{t('quality.kind')}</th>
              <th>{t('quality.encoding')}</th>
              <th className="num">{t('quality.rowsRead')}</th>
              <th className="num">{t('quality.accepted')}</th>
              <th className="num">{t('quality.rejected')}</th>
              <th className="num">{t('quality.cellIssues')}</th>
              <th>{t('quality.rejectsByCode')}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.fileId}>
                <td>{f.fileName}</td>
                <td>{entityLabel(f.kind, lang, t('import.genericTable'))}</td>
                <td>{f.encoding.toUpperCase()}</td>
                <td className="num">{f.rowsRead.toLocaleString()}</td>
                <td className="num">{f.accepted.toLocaleString()}</td>
                <td className={`num${f.rejected > 0 ? ' warn-text' : ''}`}>
                  {f.rejected > 0 ? <a href={routeHash('rejects', { file: f.fileId })}>{f.rejected.toLocaleString()}</a> : '0'}
                </td>
                <td className="num">{f.cellIssues.toLocaleString()}</td>
                <td className="small">
                  {f.rejectsByCode
                    .filter((r) => r.count > 0)
                    .map((r) => `${rejectLabel(i18n, r.code)} ×${r.count.toLocaleString()}`)
                    .join('；')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function CoverageTable({ coverage }: { readonly coverage: readonly KeyCoverage[] }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2 className="card-title">{t('quality.keyCoverage')}</h2>
      <table className="grid-table" data-testid="quality-coverage">
        <thead>
          <tr>
            <th>{t('quality.from')}</th>
            <th>{t('quality.to')}</th>
            <th className="num">{t('quality.distinctKeys')}</th>
            <th className="num">{t('quality.matchedKeys')}</th>
            <th className="num">{t('quality.keyShare')}</th>
            <th className="num">{t('quality.rowShare')}</th>
            <th>{t('quality.examples')}</th>
          </tr>
        </thead>
        <tbody>
          {coverage.map((k) => (
            <tr key={`${k.fromTable}.${k.fromColumn}>${k.toTable}.${k.toColumn}`}>
              <td>{`${k.fromTable}.${k.fromColumn}`}</td>
              <td>{`${k.toTable}.${k.toColumn}`}</td>
              <td className="num">{k.distinctKeys.toLocaleString()}</td>
              <td className="num">{k.matchedKeys.toLocaleString()}</td>
              <td className={`num${k.coverage < 0.95 ? ' warn-text' : ''}`}>{`${toPercent(k.coverage)}%`}</td>
              <td className="num">{`${toPercent(k.rowCoverage)}%`}</td>
              <td className="small">{k.orphanExamples.map((o) => `${o.value} ×${o.count}`).join('，')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TableSection({ table, lang }: { readonly table: TableQuality; readonly lang: Lang }): ReactNode {
  const { t, i18n } = useTranslation();
  const title = lang === 'en' ? table.en : table.zh;
  const label = (c: TableQuality['columns'][number]): string => (lang === 'en' ? c.en : c.zh) ?? c.column;
  const chartTitle = t('quality.missingChart', { table: title });
  const option = useMemo(() => missingShareOption(table, { title: chartTitle, column: (c) => (lang === 'en' ? c.en : c.zh) ?? c.column }), [table, chartTitle, lang]);
  return (
    <section className="card" data-testid={`quality-table-${table.table}`}>
      <div className="card-head">
        <h3 className="card-title">
          {title} <span className="muted small">{table.table}</span>
        </h3>
        <span className="muted small">{t('tables.rows', { count: table.rows })}</span>
      </div>
      <div className="quality-table-body">
        <div className="quality-chart">
          <ChartView option={option} height={barChartHeight(table.columns.length)} label={chartTitle} />
        </div>
        <div className="table-wrap quality-columns">
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('quality.column')}</th>
                <th>{t('quality.type')}</th>
                <th className="num">{t('quality.missing')}</th>
                <th className="num">{t('quality.distinct')}</th>
                <th className="num">{t('quality.conformity')}</th>
                <th className="num">{t('quality.invalid')}</th>
                <th>{t('quality.examples')}</th>
              </tr>
            </thead>
            <tbody>
              {table.columns.map((c) => (
                <tr key={c.column}>
                  <td>
                    {label(c)} <span className="muted small">{c.column}</span>
                    {c.pii ? <LockIcon label={`${t('pii.masked')}: ${t(`pii.${c.pii}`)}`} /> : null}
                  </td>
                  <td>{t(`fieldType.${c.type}`)}</td>
                  <td className={`num${c.missingShare >= 0.3 ? ' warn-text' : ''}`}>{`${toPercent(c.missingShare)}%`}</td>
                  <td className="num">{`${c.distinctExact ? '' : '≈'}${c.distinct.toLocaleString()}`}</td>
                  <td className={`num${c.conformity !== null && c.conformity < 0.95 ? ' warn-text' : ''}`}>{c.conformity === null ? '—' : `${toPercent(c.conformity)}%`}</td>
                  <td className="num">{(c.invalid + c.cellIssues).toLocaleString()}</td>
                  <td className="small" title={c.failuresByCode.map((f) => `${cellIssueLabel(i18n, f.code)} ×${f.count}`).join('\n')}>
                    {c.failureExamples.slice(0, 3).join('，')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
