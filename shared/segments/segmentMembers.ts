/**
 * Members of a saved segment, for readers outside the segment builder (audience export, reports). The latest
 * version's members are stored in `segment_member` whenever a segment is saved or refreshed.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { Db } from '#shared/db/database.ts';

/**
 * ONE_IDs of the latest version of segment `segmentId`, sorted. Throws `NOT_FOUND` when there is no such segment.
 * The list is what was computed at the last save or refresh; see `segments.refresh` for newer data.
 */
export function segmentMembers(db: Db, segmentId: number): string[] {
  const version = db.value('SELECT version FROM segment WHERE segment_id = ?', [segmentId]);
  if (typeof version !== 'number') throw new ExpectedError('NOT_FOUND', `There is no segment ${segmentId}.`, { segmentId });
  const out: string[] = [];
  db.each('SELECT one_id FROM segment_member WHERE segment_id = ? AND version = ? ORDER BY one_id', [segmentId, version], (row) => {
    out.push(String(row[0]));
  });
  return out;
}
