/**
 * An open-addressing hash table from 53-bit integer hashes (see hash53) to int32 values, in typed arrays.
 * Hand-written because a `Map` keyed by numbers above 2^31 boxes every key as a heap number: interning the
 * identifiers of millions of records through one was the largest single cost of a run, and this table
 * neither allocates per entry nor hashes again (the keys are hashes already).
 */
export class HashIndex {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  private used = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.used;
  }

  /** Slot of `key`, or of the empty slot where it would go. */
  private slot(key: number): number {
    let i = (key >>> 0) & this.mask;
    for (;;) {
      const k = this.keys[i] as number;
      if (k === key || k === -1) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** The value stored for `key`, or −1. */
  get(key: number): number {
    const i = this.slot(key);
    return this.keys[i] === key ? (this.vals[i] as number) : -1;
  }

  /** Stores `value` (≥ 0) for `key`. */
  set(key: number, value: number): void {
    const i = this.slot(key);
    if (this.keys[i] !== key) {
      this.keys[i] = key;
      this.used++;
    }
    this.vals[i] = value;
    if (this.used * 2 > this.keys.length) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.keys = new Float64Array(oldKeys.length * 2).fill(-1);
    this.vals = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i] as number;
      if (k === -1) continue;
      const s = this.slot(k);
      this.keys[s] = k;
      this.vals[s] = oldVals[i] as number;
    }
  }
}
