import type { BatchId, FileId } from '#shared/api/brands.ts';
import { ExpectedError, isCancelled } from '#shared/api/errors.ts';
import type { ColumnMapping, FileFormat, ImportFileRequest, ImportFileResult, ImportRunResult, Message } from '#shared/api/ingestTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { Host } from '#shared/host/host.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { entityDef } from '#shared/model/entities.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import type { WorkspaceService } from '#shared/workspace/workspaceService.ts';
import { enlargeCache } from './bulkLoad.ts';
import { checkMapping } from './columnMapping.ts';
import { analyseFile, resolveMapping, type FileAnalysis } from './fileAnalysis.ts';
import { importFile } from './importFile.ts';
import { loadTemplate } from './templates.ts';

interface Entry {
  readonly request: ImportFileRequest;
  readonly fileId: FileId;
  analysis?: FileAnalysis;
  mapping?: ColumnMapping;
  result?: ImportFileResult;
}

/**
 * Runs one import batch (`ingest.run`) inside the workspace's write queue:
 * 1. every file gets an `import_file` row, is sniffed and its mapping resolved and checked;
 * 2. files are imported one transaction each — fact files (append kinds, generic tables) before snapshot and
 *    catalogue files, so a snapshot without its own date can take the as-of date the facts establish;
 * 3. after each file the workspace as-of date is refreshed.
 * A file that fails with an expected error (empty, binary, bad mapping …) is recorded as 'failed' and the
 * others still import. A cancel rolls back the file in progress; it and every file not yet imported are
 * recorded as 'cancelled', files already committed stay. Results are listed in request order.
 */
export async function runImport(
  workspace: WorkspaceService,
  host: Pick<Host, 'now' | 'createSha256'>,
  files: readonly ImportFileRequest[],
  ctx: JobContext,
): Promise<ImportRunResult> {
  const db = workspace.db;
  return db.mutate(async () => {
    const restoreCache = enlargeCache(db);
    try {
      return await runBatch(workspace, host, files, ctx);
    } finally {
      restoreCache();
    }
  });
}

async function runBatch(workspace: WorkspaceService, host: Pick<Host, 'now' | 'createSha256'>, files: readonly ImportFileRequest[], ctx: JobContext): Promise<ImportRunResult> {
  const db = workspace.db;
  const iso = (): string => new Date(host.now()).toISOString();
  db.run('INSERT INTO import_batch(started_at, status) VALUES (?, ?)', [iso(), 'running']);
  const batchId = Number(db.value('SELECT last_insert_rowid()')) as BatchId;
  const entries: Entry[] = files.map((request) => {
    db.run('INSERT INTO import_file(batch_id, file_name, size_bytes, status, started_at) VALUES (?, ?, ?, ?, ?)', [
      batchId,
      request.file.name,
      request.file.blob.size,
      'running',
      iso(),
    ]);
    return { request, fileId: Number(db.value('SELECT last_insert_rowid()')) as FileId };
  });

  let cancelled = false;
  /** Records a file that stopped; a bug (not an expected error) also fails the batch and propagates. */
  const settle = (e: Entry, error: unknown): void => {
    if (isCancelled(error)) {
      cancelled = true;
      e.result = closedResult(db, host, e, batchId, 'cancelled', error);
      return;
    }
    e.result = closedResult(db, host, e, batchId, 'failed', error);
    if (!(error instanceof ExpectedError)) {
      db.run('UPDATE import_batch SET status = ?, finished_at = ? WHERE batch_id = ?', ['failed', iso(), batchId]);
      throw error;
    }
  };

  for (const e of entries) {
    if (cancelled) break;
    try {
      ctx.throwIfCancelled();
      const a = await analyseFile(e.request.file, e.request.read);
      const template = e.request.template !== undefined ? loadTemplate(db, e.request.template) : undefined;
      const mapping = resolveMapping(a, { mapping: e.request.mapping, template, kind: e.request.kind });
      checkMapping(mapping, a.headers.length);
      e.analysis = a;
      e.mapping = mapping;
    } catch (error) {
      settle(e, error);
    }
  }

  const order = [...entries].sort((x, y) => rank(x) - rank(y));
  for (const e of order) {
    if (e.result) continue;
    if (cancelled || !e.analysis || !e.mapping) {
      e.result = closedResult(db, host, e, batchId, 'cancelled', null);
      continue;
    }
    try {
      e.result = await importFile({ db, host, ctx, workspaceAsOf: workspace.asOfDate() }, e.analysis, e.mapping, { fileId: e.fileId, batchId });
      workspace.refreshAsOfDate();
    } catch (error) {
      settle(e, error);
    }
  }
  for (const e of entries) if (!e.result) e.result = closedResult(db, host, e, batchId, 'cancelled', null);

  db.run('UPDATE import_batch SET status = ?, finished_at = ? WHERE batch_id = ?', [cancelled ? 'cancelled' : 'done', iso(), batchId]);
  const asOfDate = workspace.refreshAsOfDate();
  return { batchId, files: entries.map((e) => e.result as ImportFileResult), asOfDate };
}

/** Facts first, snapshots and catalogues last (see {@link runImport}). */
function rank(e: Entry): number {
  const kind = e.mapping?.kind;
  if (kind === undefined || kind === 'table') return 0;
  return entityDef(kind).reimport === 'append' ? 0 : 1;
}

/** Records a file that did not import (failed or cancelled) on its `import_file` row and in the audit log. */
function closedResult(db: Db, host: Pick<Host, 'now'>, e: Entry, batchId: BatchId, status: 'failed' | 'cancelled', error: unknown): ImportFileResult {
  const message: Message =
    status === 'cancelled'
      ? { code: 'CANCELLED', params: { file: e.request.file.name } }
      : error instanceof ExpectedError
        ? { code: error.code, params: { ...error.params, file: e.request.file.name } }
        : { code: 'INTERNAL', params: { file: e.request.file.name, error: error instanceof Error ? error.message : String(error) } };
  const kind = e.mapping?.kind ?? e.request.kind ?? 'table';
  const format: FileFormat = e.analysis?.source.format ?? 'delimited';
  db.run('UPDATE import_file SET status = ?, message = ?, kind = ?, format = ?, finished_at = ? WHERE file_id = ?', [
    status,
    JSON.stringify(message),
    kind,
    format,
    new Date(host.now()).toISOString(),
    e.fileId,
  ]);
  appendAudit(db, host, 'ingest.file', { fileId: e.fileId, batchId, file: e.request.file.name, kind, status, code: message.code });
  return {
    fileId: e.fileId,
    fileName: e.request.file.name,
    kind,
    table: '',
    format,
    encoding: e.analysis?.source.encoding.encoding ?? '',
    delimiter: e.analysis?.source.dialect.delimiter ?? '',
    sha256: '',
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    newRows: 0,
    duplicateRows: 0,
    updatedRows: 0,
    blankLines: 0,
    cellIssues: 0,
    status,
    message,
  };
}
