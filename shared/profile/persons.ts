/**
 * The persons of the wide table: every ONE_ID that a core customer number maps to (`identity_map`, source
 * `customer`). Facts carrying a customer number reach their person through it; a customer number written with
 * other zero padding (`006175435660`) still finds its person through the identity normaliser.
 */
import type { Db } from '#shared/db/database.ts';
import { normalizeCustNo } from '#shared/identity/normalizeIdentifiers.ts';

export class Persons {
  /** ONE_IDs in ascending order: the row order of `customer_profile`. */
  readonly oneIds: readonly string[];
  private readonly byOneId: Map<string, number>;
  private readonly byCustNo = new Map<string, number>();
  /** Built on the first miss only: most facts carry the number exactly as the customer file does. */
  private byNormalized: Map<string, number> | null = null;
  private readonly missCache = new Map<string, number>();
  private lastRaw = '';
  private lastIndex = -1;

  constructor(pairs: readonly (readonly [custNo: string, oneId: string])[]) {
    this.oneIds = [...new Set(pairs.map(([, o]) => o))].sort();
    this.byOneId = new Map(this.oneIds.map((o, i) => [o, i]));
    for (const [custNo, oneId] of pairs) this.byCustNo.set(custNo, this.byOneId.get(oneId) as number);
  }

  private normalizedIndex(): Map<string, number> {
    if (!this.byNormalized) {
      this.byNormalized = new Map();
      for (const [custNo, i] of this.byCustNo) {
        const n = normalizeCustNo(custNo);
        if (n.ok && !this.byNormalized.has(n.value)) this.byNormalized.set(n.value, i);
      }
    }
    return this.byNormalized;
  }

  static load(db: Db): Persons {
    const pairs: [string, string][] = [];
    db.each("SELECT record_id, one_id FROM identity_map WHERE source = 'customer'", [], (r) => {
      if (typeof r[0] === 'string' && typeof r[1] === 'string') pairs.push([r[0], r[1]]);
    });
    return new Persons(pairs);
  }

  get size(): number {
    return this.oneIds.length;
  }

  indexOfOneId(oneId: string): number {
    return this.byOneId.get(oneId) ?? -1;
  }

  /** The person of a customer number as a fact table wrote it, or −1. */
  indexOfCustNo(raw: string): number {
    if (raw === '') return -1;
    // Fact exports come grouped by customer more often than not: a run of rows of one customer skips the Map.
    if (raw === this.lastRaw) return this.lastIndex;
    const hit = this.byCustNo.get(raw);
    if (hit !== undefined) {
      this.lastRaw = raw;
      this.lastIndex = hit;
      return hit;
    }
    let v = this.missCache.get(raw);
    if (v === undefined) {
      const n = normalizeCustNo(raw);
      v = n.ok ? (this.normalizedIndex().get(n.value) ?? -1) : -1;
      if (this.missCache.size < 200_000) this.missCache.set(raw, v);
    }
    return v;
  }
}
