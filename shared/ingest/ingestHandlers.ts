import type { Handlers, Services } from '#shared/engine.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { analyseFile, resolveMapping } from './fileAnalysis.ts';
import { runImport } from './importRun.ts';
import { buildPreview } from './preview.ts';
import { rejectsCsv, rejectsPage } from './rejectsQuery.ts';
import { listTemplates, loadTemplate, saveTemplate } from './templates.ts';

export function ingestHandlers(s: Services): Handlers<'ingest.preview' | 'ingest.run' | 'ingest.templates' | 'ingest.saveTemplate' | 'rejects.page' | 'rejects.export'> {
  return {
    'ingest.preview': async (a, ctx) => {
      const template = a.template !== undefined ? loadTemplate(s.workspace.db, a.template) : undefined;
      ctx.throwIfCancelled();
      const analysis = await analyseFile(a.file, a.read);
      return buildPreview(analysis, resolveMapping(analysis, { template, kind: a.kind }));
    },
    'ingest.run': (a, ctx) => runImport(s.workspace, s.host, a.files, ctx),
    'ingest.templates': () => listTemplates(s.workspace.db),
    'ingest.saveTemplate': (a) => {
      const db = s.workspace.db;
      return db.mutate(() => saveTemplate(db, s.host, a.name, a.mapping));
    },
    'rejects.page': (a) => rejectsPage(s.workspace.db, { fileId: a.fileId, batchId: a.batchId }, a.offset, a.limit),
    'rejects.export': async (a) => {
      const db = s.workspace.db;
      const { bytes, rows } = rejectsCsv(db, { fileId: a.fileId, batchId: a.batchId }, a.unmask !== undefined);
      if (a.unmask) {
        const reason = a.unmask.reason;
        // Through the write queue, so the entry never lands inside an import's open transaction.
        await db.mutate(() => appendAudit(db, s.host, 'pii.reveal', { where: 'rejects.export', reason, rows, fileId: a.fileId ?? null, batchId: a.batchId ?? null }));
        s.workspace.markDirty();
      }
      return bytes;
    },
  };
}
