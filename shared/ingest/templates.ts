import { ExpectedError } from '#shared/api/errors.ts';
import type { ColumnMapping, MappingTemplate } from '#shared/api/ingestTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { Host } from '#shared/host/host.ts';
import { isEntityKind } from '#shared/model/entities.ts';
import { appendAudit } from '#shared/workspace/audit.ts';

/**
 * Saved column mappings (`mapping_template`), reused for next month's export of the same system: applied by
 * header name, so a reordered or widened export still maps (see `applyTemplate`).
 */
export function saveTemplate(db: Db, host: Pick<Host, 'now'>, name: string, mapping: ColumnMapping): MappingTemplate {
  const n = name.trim();
  if (n.length === 0 || n.length > 100) throw new ExpectedError('BAD_ARGUMENT', 'A template name has 1 to 100 characters.', { name });
  if (mapping.kind !== 'table' && !isEntityKind(mapping.kind)) {
    throw new ExpectedError('MAPPING_INVALID', `Unknown kind ${String(mapping.kind)}.`, { kind: String(mapping.kind) });
  }
  const updatedAt = new Date(host.now()).toISOString();
  db.transaction(() => {
    db.run(
      `INSERT INTO mapping_template(name, kind, mapping, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, mapping = excluded.mapping, updated_at = excluded.updated_at`,
      [n, mapping.kind, JSON.stringify(mapping), updatedAt],
    );
    appendAudit(db, host, 'ingest.saveTemplate', { name: n, kind: mapping.kind, columns: mapping.columns.length });
  });
  return { name: n, mapping, updatedAt };
}

export function listTemplates(db: Db): MappingTemplate[] {
  return db
    .all<{ name: string; mapping: string; updated_at: string }>('SELECT name, mapping, updated_at FROM mapping_template ORDER BY name')
    .map((r) => ({ name: r.name, mapping: JSON.parse(r.mapping) as ColumnMapping, updatedAt: r.updated_at }));
}

export function loadTemplate(db: Db, name: string): ColumnMapping {
  const row = db.get<{ mapping: string }>('SELECT mapping FROM mapping_template WHERE name = ?', [name.trim()]);
  if (!row) throw new ExpectedError('NOT_FOUND', `No mapping template named ${name}.`, { template: name });
  return JSON.parse(row.mapping) as ColumnMapping;
}
