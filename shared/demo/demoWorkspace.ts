import type { DemoOptions, WorkspaceInfo } from '#shared/api/engineApi.ts';
import type { ImportFileRequest } from '#shared/api/ingestTypes.ts';
import type { Services } from '#shared/engine.ts';
import { runImport } from '#shared/ingest/importRun.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { isEntityKind } from '#shared/model/entities.ts';
import { setMeta } from '#shared/workspace/workspaceService.ts';
import { generateDemo } from './generateDemo.ts';

/**
 * The embedded demo workspace: a new workspace marked as demo data, filled by generating the demo bank's exports
 * and importing each of them through the same pipeline an analyst's files go through (sniffing, mapping,
 * rejects and all). `truth/` files are never imported.
 */
export async function buildDemoWorkspace(s: Services, options: DemoOptions, ctx: JobContext): Promise<WorkspaceInfo> {
  const files = await generateDemo(options, ctx);
  await s.workspace.create('示例工作区 Demo', { demo: true });
  const requests: ImportFileRequest[] = [];
  for (const f of files) {
    if (f.kind === undefined || !isEntityKind(f.kind)) continue;
    const name = f.path.split('/').pop() ?? f.path;
    requests.push({ file: { name, blob: new Blob([new Uint8Array(f.bytes)]) }, kind: f.kind });
  }
  const result = await runImport(s.workspace, s.host, requests, ctx);
  const db = s.workspace.db;
  await db.mutate(() =>
    db.transaction(() => {
      setMeta(db, 'demo_seed', String(options.seed));
      setMeta(db, 'demo_customers', String(options.customers));
    }),
  );
  s.host.log('info', 'demo workspace built', { files: result.files.length, batch: result.batchId });
  return s.workspace.info();
}
