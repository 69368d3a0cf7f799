/**
 * Train/validation split. By customer: every row of one customer (ONE_ID or 客户号) falls on the same side, by a
 * seeded hash of the key, so a customer seen in training never inflates the validation figures. By time: rows
 * dated on or after the split date are the validation set (the model is judged on a later period than it
 * learned from).
 */
import { ExpectedError } from '#shared/api/errors.ts';

/** FNV-1a of the key mixed with the seed, mapped to [0, 1). */
export function keyUniform(key: string, seed: number, salt = 0): number {
  let h = (0x811c9dc5 ^ seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so neighbouring keys do not land in neighbouring buckets.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export interface Split {
  readonly train: Uint32Array;
  readonly valid: Uint32Array;
  readonly splitDate: string | null;
}

/** Labelled rows (y ≥ 0) split by group key (`keys[i]`, or the row index when null). */
export function splitByKey(y: Int8Array, keys: readonly (string | null)[] | null, seed: number, validFraction: number, salt = 0): Split {
  const train: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (y[i]! < 0) continue;
    const key = keys?.[i] ?? `#${i}`;
    (keyUniform(key, seed, salt) < validFraction ? valid : train).push(i);
  }
  return { train: Uint32Array.from(train), valid: Uint32Array.from(valid), splitDate: null };
}

/** Rows dated on or after `splitDate` (default: the date leaving the latest `validFraction` of rows) validate. */
export function splitByTime(y: Int8Array, dates: readonly (string | null)[], validFraction: number, splitDate: string | undefined): Split {
  const dated = [...dates.keys()].filter((i) => y[i]! >= 0 && dates[i] !== null);
  if (dated.length === 0) throw new ExpectedError('BAD_ARGUMENT', 'No labelled row has a date in the time column.', {});
  let cut = splitDate;
  if (cut === undefined) {
    const sorted = dated.map((i) => dates[i]!).sort();
    cut = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * (1 - validFraction)))]!;
  }
  const train: number[] = [];
  const valid: number[] = [];
  for (const i of dated) (dates[i]! >= cut ? valid : train).push(i);
  return { train: Uint32Array.from(train), valid: Uint32Array.from(valid), splitDate: cut };
}
