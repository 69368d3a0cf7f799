/**
 * Set operations between saved segments (并 union, 交 intersection, 差 difference: the first minus the others),
 * expressed as rules so a result can be saved as a segment of its own, and the exclusive intersections of up
 * to six segments for an UpSet chart.
 */
import type { SegmentRule, SetOperation, UpSetData } from '#shared/api/segmentTypes.ts';
import { forEachMember, type CustomerSet } from '#shared/analytics/bitsets.ts';

export const MAX_UPSET_SETS = 6;

/** The rule equivalent to `op` over the segments, in the given order. */
export function setOpRule(op: SetOperation, segmentIds: readonly number[]): SegmentRule {
  const refs: SegmentRule[] = segmentIds.map((id) => ({ type: 'segment', segment: id }));
  if (op === 'union') return { type: 'or', rules: refs };
  if (op === 'intersection') return { type: 'and', rules: refs };
  const [first, ...rest] = refs;
  if (!first) return { type: 'and', rules: [] };
  return rest.length === 0 ? first : { type: 'and', rules: [first, { type: 'not', rule: rest.length === 1 ? (rest[0] as SegmentRule) : { type: 'or', rules: rest } }] };
}

/**
 * Sizes of the exclusive intersections: customer c counts in the bin whose bit i is set exactly when c is in
 * `sets[i]`. Bins with nobody are left out; the rest come largest first.
 */
export function upsetCounts(sets: readonly { readonly segmentId: number; readonly name: string; readonly members: CustomerSet }[], universe: number): UpSetData {
  const union = sets[0]?.members.clone();
  for (const s of sets.slice(1)) union?.union(s.members);
  const counts = new Map<number, number>();
  if (union) {
    forEachMember(union, (c) => {
      let mask = 0;
      for (let i = 0; i < sets.length; i++) if (sets[i]?.members.has(c)) mask |= 1 << i;
      counts.set(mask, (counts.get(mask) ?? 0) + 1);
    });
  }
  return {
    sets: sets.map((s) => ({ segmentId: s.segmentId, name: s.name, size: s.members.size() })),
    intersections: [...counts].map(([mask, size]) => ({ mask, size })).sort((a, b) => b.size - a.size || a.mask - b.mask),
    universe,
  };
}
