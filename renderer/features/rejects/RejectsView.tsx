/**
 * Every rejected row, paged from the engine as it scrolls into view: file, row, column, the reason in the
 * current language and the raw text. Filter by file; export the (filtered) rows as CSV.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchId, FileId } from '#shared/api/brands.ts';
import type { RejectRow } from '#shared/api/ingestTypes.ts';
import { usePlatform } from '#renderer/app/appContext.tsx';
import { navigate } from '#renderer/app/routes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { usePagedRows } from '#renderer/components/usePagedRows.ts';
import { VirtualTable, type VirtualColumn } from '#renderer/components/VirtualTable.tsx';
import { useEngine, useJob } from '#renderer/engine/hooks.tsx';
import { rejectReason } from '#renderer/i18n/messages.ts';

const PAGE = 200;

interface FileOption {
  readonly fileId: number;
  readonly name: string;
  readonly rejected: number;
}

export function RejectsView({ fileId, batchId }: { readonly fileId: number | null; readonly batchId: number | null }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const platform = usePlatform();
  const [counted, setCounted] = useState<{ readonly key: string; readonly total: number } | null>(null);
  const [failed, setFailed] = useState<{ readonly key: string; readonly error: unknown } | null>(null);
  const files = useFileOptions();
  const exportJob = useJob('rejects.export');

  const filter = { ...(fileId !== null ? { fileId: fileId as FileId } : {}), ...(batchId !== null ? { batchId: batchId as BatchId } : {}) };
  const filterKey = `${fileId ?? ''}/${batchId ?? ''}`;

  const fetchPage = useCallback(
    (offset: number, limit: number): Promise<readonly RejectRow[]> =>
      engine
        .call('rejects.page', { ...(fileId !== null ? { fileId: fileId as FileId } : {}), ...(batchId !== null ? { batchId: batchId as BatchId } : {}), offset, limit })
        .then((page) => {
          setCounted({ key: filterKey, total: page.total });
          return page.rows;
        }),
    [engine, fileId, batchId, filterKey],
  );
  const rows = usePagedRows(fetchPage, PAGE, filterKey);
  // State from an earlier filter is ignored rather than reset in an effect.
  const total = counted?.key === filterKey ? counted.total : null;
  const loadError = failed?.key === filterKey ? failed.error : null;

  useEffect(() => {
    // The first page also tells how many rows there are, which sizes the virtual list.
    fetchPage(0, 1).catch((error: unknown) => setFailed({ key: filterKey, error }));
  }, [fetchPage, filterKey]);

  const columns: VirtualColumn[] = [
    { key: 'file', header: t('rejects.file'), width: 200 },
    { key: 'row', header: t('rejects.row'), width: 72, align: 'right' },
    { key: 'column', header: t('rejects.column'), width: 120 },
    { key: 'reason', header: t('rejects.reason'), width: 320 },
    { key: 'raw', header: t('rejects.raw'), width: 560 },
  ];

  const doExport = async (): Promise<void> => {
    const bytes = await exportJob.run(filter);
    if (!bytes) return;
    const fileName = files.find((f) => f.fileId === fileId)?.name;
    const name = `${t('rejects.title')}${fileName ? `-${fileName.replace(/\.[^.]+$/, '')}` : ''}.csv`;
    await platform.saveFile(name, bytes, 'text/csv;charset=utf-8');
  };

  return (
    <section className="page" data-testid="view-rejects">
      <h1 className="page-title">{t('rejects.title')}</h1>
      <p className="muted">{t('rejects.intro')}</p>
      <div className="toolbar">
        <label className="form-label" htmlFor="rejects-file">
          {t('rejects.filterFile')}
        </label>
        <select
          id="rejects-file"
          className="select"
          data-testid="rejects-file-filter"
          value={fileId ?? ''}
          onChange={(e) => navigate('rejects', e.target.value ? { file: e.target.value } : {})}
        >
          <option value="">{batchId !== null ? `${t('rejects.allFiles')} (#${batchId})` : t('rejects.allFiles')}</option>
          {files.map((f) => (
            <option key={f.fileId} value={f.fileId}>
              {`${f.name} (${f.rejected.toLocaleString()})`}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="rejects-total">
          {total !== null ? t('rejects.total', { count: total }) : t('common.loading')}
        </span>
        <div className="header-spacer" />
        <button type="button" className="btn" onClick={() => void doExport()} disabled={exportJob.running || !total} data-testid="rejects-export">
          {exportJob.running ? t('common.working') : t('rejects.export')}
        </button>
        {exportJob.running ? (
          <button type="button" className="btn btn-small" onClick={exportJob.cancel} data-testid="rejects-export-cancel">
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
      {exportJob.error ? <ErrorNotice error={exportJob.error} /> : null}
      {loadError ? <ErrorNotice error={loadError} testId="rejects-error" /> : null}
      {rows.error && !loadError ? <ErrorNotice error={rows.error} /> : null}
      {total === 0 ? (
        <div className="empty-state" data-testid="rejects-empty">
          <p>{t('rejects.empty')}</p>
        </div>
      ) : null}
      {total !== null && total > 0 ? (
        <VirtualTable
          columns={columns}
          total={total}
          version={rows.version}
          onRange={rows.ensure}
          label={t('rejects.title')}
          testId="rejects-table"
          loadingText={t('common.loading')}
          row={(i) => {
            const r = rows.row(i);
            if (!r) return undefined;
            return [
              <span key="f" title={r.fileName}>{r.fileName}</span>,
              r.rowNo.toLocaleString(),
              r.column ?? '',
              <span key="r" title={r.code}>{rejectReason(i18n, r.code, r.params)}</span>,
              <code key="raw" className="raw" title={r.raw}>
                {r.raw}
              </code>,
            ];
          }}
        />
      ) : null}
    </section>
  );
}

/** Imported files that have rejects, newest first, for the filter. Empty when the list cannot be read. */
function useFileOptions(): readonly FileOption[] {
  const engine = useEngine();
  const [files, setFiles] = useState<readonly FileOption[]>([]);
  useEffect(() => {
    let live = true;
    engine
      .call('sql.query', { sql: 'SELECT file_id, file_name, rejected FROM import_file WHERE rejected > 0 ORDER BY file_id DESC', maxRows: 500 })
      .then(
        (r) => {
          if (live) setFiles(r.rows.map((row) => ({ fileId: Number(row[0]), name: String(row[1] ?? ''), rejected: Number(row[2] ?? 0) })));
        },
        // The filter is a convenience; without it every reject is still listed.
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [engine]);
  return files;
}
