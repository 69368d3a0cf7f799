/**
 * Saved segments as an export sees them: the list to choose from, one segment by id or name with its rule and
 * version, and its members through the segment builder's own `segmentMembers`.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ExportSegmentOption, SegmentRef } from '#shared/api/exportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { segmentMembers } from '#shared/segments/segmentMembers.ts';

export interface SegmentInfo extends ExportSegmentOption {
  /** The rule tree as saved (parsed JSON), or the raw text when it is not JSON. */
  readonly rule: unknown;
}

interface SegmentRow {
  [key: string]: string | number | null | Uint8Array;
  segment_id: number;
  name: string;
  version: number;
  rule: string;
  size: number | null;
  as_of: string | null;
}

const SELECT = `SELECT s.segment_id, s.name, s.version, s.rule, v.count AS size, v.as_of
  FROM segment s LEFT JOIN segment_version v ON v.segment_id = s.segment_id AND v.version = s.version`;

function info(r: SegmentRow): SegmentInfo {
  let rule: unknown = r.rule;
  try {
    rule = JSON.parse(r.rule);
  } catch {
    // Kept as text: the manifest still records what the segment was built from.
  }
  return { segmentId: r.segment_id, name: r.name, version: r.version, size: r.size ?? 0, asOf: r.as_of, rule };
}

export function listSegments(db: Db): ExportSegmentOption[] {
  return db.all<SegmentRow>(`${SELECT} ORDER BY s.name`).map((r) => ({ segmentId: r.segment_id, name: r.name, version: r.version, size: r.size ?? 0, asOf: r.as_of }));
}

/** One saved segment; `NOT_FOUND` naming what was asked for when there is none. */
export function resolveSegment(db: Db, ref: SegmentRef): SegmentInfo {
  const row = 'id' in ref ? db.get<SegmentRow>(`${SELECT} WHERE s.segment_id = ?`, [ref.id]) : db.get<SegmentRow>(`${SELECT} WHERE s.name = ?`, [ref.name]);
  if (!row) {
    const what = 'id' in ref ? `id ${ref.id}` : `"${ref.name}"`;
    throw new ExpectedError('NOT_FOUND', `There is no saved segment ${what}.`, 'id' in ref ? { segmentId: ref.id } : { segment: ref.name });
  }
  return info(row);
}

/** Distinct ONE_IDs of the segment's latest version, sorted. */
export function memberIds(db: Db, segment: SegmentInfo): string[] {
  const ids = segmentMembers(db, segment.segmentId);
  // segmentMembers sorts; de-duplicating keeps the counts exact even for a hand-edited member table.
  return ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
}
