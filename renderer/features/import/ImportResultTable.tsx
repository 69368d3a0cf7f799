import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportRunResult } from '#shared/api/ingestTypes.ts';
import { routeHash } from '#renderer/app/routes.ts';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { entityLabel } from '#renderer/i18n/labels.ts';
import { messageText } from '#renderer/i18n/messages.ts';

/** Counts per imported file. Invariant shown as-is from the engine: accepted + rejected = rows read. */
export function ImportResultTable({ result }: { readonly result: ImportRunResult }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  const n = (v: number): string => v.toLocaleString();
  const anyRejects = result.files.some((f) => f.rejected > 0);
  return (
    <section className="card">
      <div className="card-head">
        <h2 className="card-title">{t('import.result')}</h2>
        <div className="header-spacer" />
        {anyRejects ? (
          <a className="btn btn-small" href={routeHash('rejects', { batch: result.batchId })} data-testid="result-rejects-batch">
            {t('import.viewRejects')}
          </a>
        ) : null}
      </div>
      <div className="table-wrap">
        <table className="grid-table" data-testid="import-result">
          <thead>
            <tr>
              <th>{t('import.file')}</th>
              <th>{t('import.kind')}</th>
              <th>{t('import.encoding')}</th>
              <th className="num">{t('import.rowsRead')}</th>
              <th className="num">{t('import.accepted')}</th>
              <th className="num">{t('import.rejected')}</th>
              <th className="num">{t('import.newRows')}</th>
              <th className="num">{t('import.duplicateRows')}</th>
              <th className="num">{t('import.updatedRows')}</th>
              <th className="num">{t('import.cellIssues')}</th>
              <th>{t('import.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {result.files.map((f, i) => (
              <tr key={f.fileId} data-testid={`result-row-${i}`}>
                <td data-testid="result-file">{f.fileName}</td>
                <td>
                  {entityLabel(f.kind, lang, t('import.genericTable'))} <span className="muted small">{f.table}</span>
                </td>
                <td>{f.encoding.toUpperCase()}</td>
                <td className="num" data-testid="result-rows-read">
                  {n(f.rowsRead)}
                </td>
                <td className="num" data-testid="result-accepted">
                  {n(f.accepted)}
                </td>
                <td className={`num${f.rejected > 0 ? ' warn-text' : ''}`} data-testid="result-rejected">
                  {n(f.rejected)}
                </td>
                <td className="num" data-testid="result-new">
                  {n(f.newRows)}
                </td>
                <td className="num" data-testid="result-duplicate">
                  {n(f.duplicateRows)}
                </td>
                <td className="num" data-testid="result-updated">
                  {n(f.updatedRows)}
                </td>
                <td className="num" data-testid="result-cell-issues">
                  {n(f.cellIssues)}
                </td>
                <td data-testid="result-status" data-status={f.status}>
                  {t(`importStatus.${f.status}`)}
                  {f.message && f.status !== 'cancelled' ? <div className="muted small">{messageText(i18n, f.message)}</div> : null}
                </td>
                <td>
                  {f.rejected > 0 ? (
                    <a href={routeHash('rejects', { file: f.fileId })} data-testid="result-rejects-link">
                      {t('import.viewRejects')}
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.asOfDate ? (
        <p className="muted small">
          {t('header.asOf')}: {result.asOfDate}
        </p>
      ) : null}
    </section>
  );
}
