/**
 * Saved segments in the workspace (schema migration 4): `segment` (name, rule, current version),
 * `segment_version` (every version's rule, size, as-of date, data version, joined/left) and `segment_member`
 * (ONE_IDs of the latest {@link KEEP_MEMBER_VERSIONS} versions; older versions keep their counts only).
 */
import type { SegmentRule, SegmentVersionInfo } from '#shared/api/segmentTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';

/** Versions whose members are kept: the latest, and two before it for looking back. */
export const KEEP_MEMBER_VERSIONS = 3;
const INSERT_CHUNK = 50_000;

export interface SegmentRow {
  readonly segmentId: number;
  readonly name: string;
  readonly description: string;
  readonly rule: SegmentRule;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly count: number;
  readonly asOf: string | null;
  readonly dataVersion: number;
}

interface RawSegment {
  segment_id: number;
  name: string;
  description: string;
  rule: string;
  version: number;
  created_at: string;
  updated_at: string;
  count: number | null;
  as_of: string | null;
  data_version: number | null;
}

function toRow(r: RawSegment): SegmentRow {
  return {
    segmentId: r.segment_id,
    name: r.name,
    description: r.description,
    rule: JSON.parse(r.rule) as SegmentRule,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    count: r.count ?? 0,
    asOf: r.as_of,
    dataVersion: r.data_version ?? 0,
  };
}

const SELECT_SEGMENT = `SELECT s.segment_id, s.name, s.description, s.rule, s.version, s.created_at, s.updated_at, v.count, v.as_of, v.data_version
  FROM segment s LEFT JOIN segment_version v ON v.segment_id = s.segment_id AND v.version = s.version`;

export function listSegmentRows(db: Db): SegmentRow[] {
  return db.all<RawSegment & Record<string, string | number | null>>(`${SELECT_SEGMENT} ORDER BY s.updated_at DESC, s.segment_id DESC`).map(toRow);
}

export function segmentRow(db: Db, segmentId: number): SegmentRow | null {
  const r = db.get<RawSegment & Record<string, string | number | null>>(`${SELECT_SEGMENT} WHERE s.segment_id = ?`, [segmentId]);
  return r ? toRow(r) : null;
}

export function segmentIdByName(db: Db, name: string): number | null {
  const v = db.value('SELECT segment_id FROM segment WHERE name = ?', [name]);
  return typeof v === 'number' ? v : null;
}

export function versionRows(db: Db, segmentId: number): SegmentVersionInfo[] {
  return db
    .all<{ version: number; count: number; as_of: string | null; refreshed_at: string; joined: number | null; left: number | null; reason: string; rule: string }>(
      'SELECT version, count, as_of, refreshed_at, joined, left, reason, rule FROM segment_version WHERE segment_id = ? ORDER BY version DESC',
      [segmentId],
    )
    .map((v) => ({
      version: v.version,
      count: v.count,
      asOf: v.as_of,
      refreshedAt: v.refreshed_at,
      joined: v.joined,
      left: v.left,
      reason: v.reason === 'edited' || v.reason === 'refreshed' ? v.reason : 'created',
      rule: JSON.parse(v.rule) as SegmentRule,
    }));
}

export interface NewVersion {
  /** Absent: create the segment. */
  readonly segmentId?: number;
  readonly name: string;
  readonly description: string;
  readonly rule: SegmentRule;
  readonly reason: 'created' | 'edited' | 'refreshed';
  /** ONE_IDs, sorted. */
  readonly members: readonly string[];
  /** Members shared with the previous version (ignored when creating). */
  readonly shared: number;
  readonly asOf: string | null;
  readonly dataVersion: number;
  readonly at: string;
}

/**
 * Writes a new version with its members and returns it. Call inside a transaction of the write queue; yields
 * between chunks of members (a million members take a few seconds in sql.js).
 */
export async function writeVersion(db: Db, v: NewVersion, ctx: JobContext): Promise<{ segmentId: number; version: SegmentVersionInfo }> {
  let segmentId: number;
  let version: number;
  let joined: number | null = null;
  let left: number | null = null;
  const ruleJson = JSON.stringify(v.rule);
  if (v.segmentId === undefined) {
    db.run('INSERT INTO segment (name, description, rule, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)', [v.name, v.description, ruleJson, v.at, v.at]);
    segmentId = Number(db.value('SELECT last_insert_rowid()'));
    version = 1;
  } else {
    segmentId = v.segmentId;
    const prev = db.get<{ version: number; count: number }>(
      'SELECT s.version AS version, v.count AS count FROM segment s JOIN segment_version v ON v.segment_id = s.segment_id AND v.version = s.version WHERE s.segment_id = ?',
      [segmentId],
    );
    version = (prev?.version ?? 0) + 1;
    if (prev) {
      joined = v.members.length - v.shared;
      left = prev.count - v.shared;
    }
    db.run('UPDATE segment SET name = ?, description = ?, rule = ?, version = ?, updated_at = ? WHERE segment_id = ?', [v.name, v.description, ruleJson, version, v.at, segmentId]);
  }
  db.run('INSERT INTO segment_version (segment_id, version, rule, count, as_of, data_version, refreshed_at, joined, left, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    segmentId,
    version,
    ruleJson,
    v.members.length,
    v.asOf,
    v.dataVersion,
    v.at,
    joined,
    left,
    v.reason,
  ]);
  // Prepared once and freed after the last chunk (withStatement would free it at the first await).
  const st = db.prepare('INSERT INTO segment_member (segment_id, version, one_id) VALUES (?, ?, ?)');
  try {
    for (let k = 0; k < v.members.length; k += INSERT_CHUNK) {
      const end = Math.min(v.members.length, k + INSERT_CHUNK);
      for (let j = k; j < end; j++) st.runUnchecked([segmentId, version, v.members[j] ?? '']);
      ctx.progress('segments.members', end, v.members.length);
      await ctx.checkpoint();
    }
  } finally {
    st.free();
  }
  db.run('DELETE FROM segment_member WHERE segment_id = ? AND version <= ?', [segmentId, version - KEEP_MEMBER_VERSIONS]);
  return {
    segmentId,
    version: { version, count: v.members.length, asOf: v.asOf, refreshedAt: v.at, joined, left, reason: v.reason, rule: v.rule },
  };
}

/** Updates name and description only (no new version: the members do not change). */
export function renameSegment(db: Db, segmentId: number, name: string, description: string, at: string): void {
  db.run('UPDATE segment SET name = ?, description = ?, updated_at = ? WHERE segment_id = ?', [name, description, at, segmentId]);
}

export function deleteSegment(db: Db, segmentId: number): boolean {
  db.run('DELETE FROM segment_member WHERE segment_id = ?', [segmentId]);
  db.run('DELETE FROM segment_version WHERE segment_id = ?', [segmentId]);
  return db.run('DELETE FROM segment WHERE segment_id = ?', [segmentId]) > 0;
}
