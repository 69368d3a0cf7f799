/**
 * The incremental import the desktop drop folder runs, the same steps as `kequn import --append`: import (fact
 * files append; duplicates by natural key or row hash are skipped by the import itself), identity incremental
 * when ONE_ID has run, then the derived refresh. The refresh mark is not moved, so the 更新变化 tab keeps showing
 * everything that changed since the user last marked it.
 */
import type { EngineClient } from '#renderer/engine/engineClient.ts';
import type { DropFileOutcome } from './dropImportQueue.ts';

type Caller = Pick<EngineClient, 'call'>;

/** Tags (and the wide table when stale), the behaviour and network tags computed before, then every saved segment. */
export async function refreshDerived(engine: Caller): Promise<void> {
  await engine.call('tags.run', {});
  if ((await engine.call('tags.list', {})).some((x) => x.key.startsWith('bhv_interest_'))) await engine.call('behaviour.interestRun', {});
  if ((await engine.call('network.summary', {})) !== null) await engine.call('network.run', {});
  await engine.call('segments.refresh', {});
}

/** Imports `files` with append semantics and refreshes what depends on them; returns what each file added. */
export async function importAppend(engine: Caller, files: readonly File[]): Promise<readonly DropFileOutcome[]> {
  const result = await engine.call('ingest.run', { files: files.map((f) => ({ file: { name: f.name, blob: f } })) });
  if ((await engine.call('identity.summary', {})) !== null) await engine.call('identity.run', { mode: 'incremental' });
  await refreshDerived(engine);
  return result.files.map((f) => ({ name: f.fileName, newRows: f.newRows, duplicateRows: f.duplicateRows, rejected: f.rejected }));
}
