/**
 * Test workspaces for audience export: saved segments written straight into the segment tables (the export
 * reads segments, it does not build them, so its tests do not depend on the segment builder), and small CSV
 * imports through the real pipeline.
 */
import type { Engine } from '#shared/api/engineApi.ts';
import type { EntityKind } from '#shared/model/entities.ts';
import { Db } from '#shared/db/database.ts';
import type { Host } from '#shared/host/host.ts';

/**
 * Saves a segment with the given members (latest version 1) into the open workspace and reopens it. Returns the
 * segment id.
 */
export async function addSegment(engine: Engine, host: Host, name: string, oneIds: readonly string[], rule: unknown = { type: 'and', rules: [] }): Promise<number> {
  const db = await Db.open(host, await engine.call('workspace.export', {}));
  let id = 0;
  db.transaction(() => {
    id = Number(db.value('SELECT ifnull(max(segment_id), 0) + 1 FROM segment') ?? 1);
    const now = '2024-07-01T00:00:00.000Z';
    db.run('INSERT INTO segment (segment_id, name, description, rule, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)', [id, name, '', JSON.stringify(rule), now, now]);
    db.run("INSERT INTO segment_version (segment_id, version, rule, count, as_of, refreshed_at, reason) VALUES (?, 1, ?, ?, NULL, ?, 'created')", [id, JSON.stringify(rule), oneIds.length, now]);
    db.withStatement('INSERT INTO segment_member (segment_id, version, one_id) VALUES (?, 1, ?)', (st) => {
      for (const one of oneIds) st.run([id, one]);
    });
  });
  const bytes = db.export();
  db.close();
  await engine.call('workspace.open', { bytes });
  return id;
}

/** Imports CSV texts (UTF-8) as the given kinds; fails the test when a file does not import. */
export async function importCsv(engine: Engine, files: readonly { readonly name: string; readonly text: string; readonly kind?: EntityKind }[]): Promise<void> {
  const r = await engine.call('ingest.run', {
    files: files.map((f) => ({ file: { name: f.name, blob: new Blob([f.text]) }, ...(f.kind ? { kind: f.kind } : {}) })),
  });
  const failed = r.files.find((f) => f.status !== 'done');
  if (failed) throw new Error(`import of ${failed.fileName} failed: ${failed.message?.code ?? ''}`);
}

/** ONE_IDs of customer numbers (source `customer` in identity_map). */
export async function oneIdsOf(engine: Engine, custNos: readonly string[]): Promise<Map<string, string>> {
  const r = await engine.call('sql.query', { sql: "SELECT record_id, one_id FROM identity_map WHERE source = 'customer'", maxRows: 10_000_000 });
  const all = new Map(r.rows.map((row) => [String(row[0]), String(row[1])]));
  return new Map(custNos.map((c) => [c, all.get(c) ?? '']));
}
