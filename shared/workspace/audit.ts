import type { AuditEntry } from '#shared/api/engineApi.ts';
import type { Db } from '#shared/db/database.ts';
import type { Host } from '#shared/host/host.ts';

export interface AuditCounts {
  readonly inputSha256?: string;
  readonly rowsRead?: number;
  readonly rowsAccepted?: number;
  readonly rowsRejected?: number;
}

/**
 * Appends to the append-only audit log (what ran, when, on which input). Details carry counts, codes, file
 * names and hashes — never raw personal data.
 */
export function appendAudit(
  db: Db,
  host: Pick<Host, 'now'>,
  action: string,
  detail: Readonly<Record<string, unknown>>,
  counts: AuditCounts = {},
): void {
  db.run(
    'INSERT INTO audit_log(at, action, detail, input_sha256, rows_read, rows_accepted, rows_rejected) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      new Date(host.now()).toISOString(),
      action,
      JSON.stringify(detail),
      counts.inputSha256 ?? null,
      counts.rowsRead ?? null,
      counts.rowsAccepted ?? null,
      counts.rowsRejected ?? null,
    ],
  );
}

export function listAudit(db: Db, limit: number): AuditEntry[] {
  return db
    .all<{ id: number; at: string; action: string; detail: string }>('SELECT id, at, action, detail FROM audit_log ORDER BY id DESC LIMIT ?', [
      Math.max(1, Math.min(limit, 10_000)),
    ])
    .map((r) => ({ id: r.id, at: r.at, action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
