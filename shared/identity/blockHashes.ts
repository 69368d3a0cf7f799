/**
 * Block-key hashes of every weak-field record, computed once per record set and shared by the probabilistic
 * stage (which groups records by them) and the incremental index (which stores them): building the key strings
 * three times over millions of records was a measurable part of a run.
 */
import { hash53 } from './hash53.ts';
import type { RecordSet } from './recordSet.ts';
import { weakBlockKeys } from './weakFields.ts';

/** Block-key slots per weak record, by blocking rule: birth date, name (with year or city), phone prefix. */
export const BLOCK_SLOTS = 3;
/** Slot value of a key the record does not have. */
export const NO_BLOCK = -1;

const SLOT_OF_PREFIX: Readonly<Record<string, number>> = { b: 0, n: 1, p: 2 };
const cache = new WeakMap<RecordSet, Float64Array>();

/** `hashes[w * BLOCK_SLOTS + slot]`: hash53 of weak record w's block key of that slot, or {@link NO_BLOCK}. */
export function blockHashes(rs: RecordSet): Float64Array {
  const known = cache.get(rs);
  if (known) return known;
  const out = new Float64Array(rs.weak.length * BLOCK_SLOTS).fill(NO_BLOCK);
  rs.weak.forEach((w, k) => {
    for (const key of weakBlockKeys(w)) out[k * BLOCK_SLOTS + (SLOT_OF_PREFIX[key.charAt(0)] ?? 0)] = hash53(key);
  });
  cache.set(rs, out);
  return out;
}
