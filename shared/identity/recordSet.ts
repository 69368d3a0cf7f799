/**
 * The records resolution works on, in typed arrays: record i has a source, a record id, a channel, and its
 * identifiers as (type code, value id) pairs in a CSR layout (`idStart[i]` … `idStart[i+1]`). Values are interned
 * per type by a 53-bit hash of the normalised text, so the same code runs on a full read and on an incremental
 * one that only knows the hashes of older records.
 */
import type { IdentityChannel } from '#shared/api/identityTypes.ts';
import { hash53 } from './hash53.ts';
import { HashIndex } from './hashIndex.ts';

export const CHANNELS: readonly IdentityChannel[] = ['core', 'branch', 'app', 'web', 'official_account', 'mini_program', 'crm', 'call_centre', 'other'];
/** Channel code of a record that was seen nowhere (an outbound touch). */
export const NO_CHANNEL = 255;

export function channelCode(c: IdentityChannel): number {
  return CHANNELS.indexOf(c);
}

/** Source tables a record was read from, for fetching its fields again (person view, review, incremental). */
export type SourceTable = 'customers' | 'identities' | 'events' | 'touches' | 'notes' | 'person';
export const SOURCE_TABLES: readonly SourceTable[] = ['customers', 'identities', 'events', 'touches', 'notes', 'person'];

/** Weak (non-identifying) fields of a record, already cleaned for comparison; empty string = missing. */
export interface WeakFields {
  /** Name without spaces, dots and titles (先生/女士); Latin names lower-cased. */
  readonly name: string;
  /** Pinyin syllables of `name` (see namePinyin). */
  readonly py: string;
  /** `YYYY-MM-DD`. */
  readonly birth: string;
  readonly city: string;
  readonly district: string;
  /** Local part of a valid e-mail. */
  readonly emailLocal: string;
  /** A valid mobile, for the phone-prefix block. */
  readonly phone: string;
}

/** Growable typed buffer: amortised appends without per-element objects. */
class GrowInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

class GrowUint8 {
  data = new Uint8Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

class GrowFloat64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export interface RecordSet {
  readonly n: number;
  readonly sources: readonly string[];
  readonly recSource: Uint16Array;
  readonly recKey: readonly string[];
  readonly recChannel: Uint8Array;
  readonly recTable: Uint8Array;
  /** `row_id` of the record's row (the first row of a tuple); for `person` nodes the person's index in the state. */
  readonly recRow: Float64Array;
  readonly idStart: Int32Array;
  readonly occType: Uint8Array;
  readonly occValue: Int32Array;
  /** Per value id: its type code, hash, and (when known) normalised text. */
  readonly valueType: Uint8Array;
  readonly valueHash: Float64Array;
  readonly valueText: readonly (string | null)[];
  /** Index into `weak` for records with a usable name, else −1. */
  readonly weakIndex: Int32Array;
  readonly weak: readonly WeakFields[];
}

/**
 * `s` as a string that does not keep the text it was cut from alive. V8 makes substrings of 13 or more
 * characters slices of their source: one OpenID kept from a chunk of rows read as a single 30 MB string kept
 * the whole chunk in memory for the rest of the run. Concatenating copies the characters into a new string.
 * Measured on 2 M kept 28-character ids cut from such chunks: 612 MB of heap as slices, 239 MB as copies.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

/** Builds a {@link RecordSet}: `begin` a record, `addId` its identifiers, `setWeak` its weak fields. */
export class RecordSetBuilder {
  private readonly sourceCodes = new Map<string, number>();
  readonly sources: string[] = [];
  private readonly recSource = new GrowInt32();
  readonly recKey: string[] = [];
  private readonly recChannel = new GrowUint8();
  private readonly recTable = new GrowUint8();
  private readonly recRow = new GrowFloat64();
  private readonly idStart = new GrowInt32();
  private readonly occType = new GrowUint8();
  private readonly occValue = new GrowInt32();
  /** Value ids by hash; the hash is seeded with the type, so one table serves every type. */
  private readonly values = new HashIndex(1 << 16);
  private readonly valueType = new GrowUint8();
  private readonly valueHash = new GrowFloat64();
  private readonly valueText: (string | null)[] = [];
  private readonly weakIndex = new GrowInt32();
  private readonly weak: WeakFields[] = [];
  private current = -1;

  /** Records dropped after being begun (a customer's older snapshot); left out by {@link build}. */
  private readonly dropped = new Set<number>();

  constructor(readonly typeCount: number) {}

  get size(): number {
    return this.recKey.length;
  }

  sourceCode(source: string): number {
    let c = this.sourceCodes.get(source);
    if (c === undefined) {
      c = this.sources.length;
      this.sources.push(source);
      this.sourceCodes.set(source, c);
    }
    return c;
  }

  /** Starts record number `size`; returns its index. */
  begin(source: string, key: string, channel: number, table: SourceTable, row: number): number {
    this.current = this.recKey.length;
    this.recSource.push(this.sourceCode(source));
    this.recKey.push(detached(key));
    this.recChannel.push(channel);
    this.recTable.push(SOURCE_TABLES.indexOf(table));
    this.recRow.push(row);
    this.idStart.push(this.occType.length);
    this.weakIndex.push(-1);
    return this.current;
  }

  /** Value id of a normalised value of type `type`, interning it. */
  valueId(type: number, value: string): number {
    return this.valueIdByHash(type, hash53(value, type + 1), value);
  }

  valueIdByHash(type: number, hash: number, text: string | null): number {
    let id = this.values.get(hash);
    if (id < 0) {
      id = this.valueType.length;
      this.values.set(hash, id);
      this.valueType.push(type);
      this.valueHash.push(hash);
      this.valueText.push(text === null ? null : detached(text));
    } else if (text !== null && this.valueText[id] === null) {
      this.valueText[id] = detached(text);
    }
    return id;
  }

  /** Adds identifier (type, value id) to the current record, once. */
  addValue(type: number, valueId: number): void {
    const from = this.idStart.data[this.current] as number;
    for (let k = from; k < this.occValue.length; k++) if (this.occValue.data[k] === valueId) return;
    this.occType.push(type);
    this.occValue.push(valueId);
  }

  addId(type: number, value: string): void {
    this.addValue(type, this.valueId(type, value));
  }

  /** Leaves record `i` out of the built set (it was superseded by a later row of the same record). */
  drop(i: number): void {
    this.dropped.add(i);
  }

  setWeak(w: WeakFields): void {
    this.weakIndex.data[this.current] = this.weak.length;
    this.weak.push({
      name: detached(w.name),
      py: detached(w.py),
      birth: w.birth,
      city: detached(w.city),
      district: detached(w.district),
      emailLocal: detached(w.emailLocal),
      phone: w.phone,
    });
  }

  build(): RecordSet {
    if (this.dropped.size > 0) this.compact();
    const n = this.recKey.length;
    const idStart = new Int32Array(n + 1);
    idStart.set(this.idStart.view());
    idStart[n] = this.occType.length;
    return {
      n,
      sources: this.sources,
      recSource: Uint16Array.from(this.recSource.view()),
      recKey: this.recKey,
      recChannel: this.recChannel.view().slice(),
      recTable: this.recTable.view().slice(),
      recRow: this.recRow.view().slice(),
      idStart,
      occType: this.occType.view().slice(),
      occValue: this.occValue.view().slice(),
      valueType: this.valueType.view().slice(),
      valueHash: this.valueHash.view().slice(),
      valueText: this.valueText,
      weakIndex: this.weakIndex.view().slice(),
      weak: this.weak,
    };
  }

  /** Removes dropped records from every per-record array (their values stay interned, unused). */
  private compact(): void {
    const n = this.recKey.length;
    const ends = this.idStart.view();
    let w = 0;
    let occW = 0;
    const occTotal = this.occType.length;
    for (let i = 0; i < n; i++) {
      const from = ends[i] as number;
      const to = i + 1 < n ? (ends[i + 1] as number) : occTotal;
      if (this.dropped.has(i)) continue;
      this.recSource.data[w] = this.recSource.data[i] as number;
      this.recKey[w] = this.recKey[i] as string;
      this.recChannel.data[w] = this.recChannel.data[i] as number;
      this.recTable.data[w] = this.recTable.data[i] as number;
      this.recRow.data[w] = this.recRow.data[i] as number;
      this.weakIndex.data[w] = this.weakIndex.data[i] as number;
      this.idStart.data[w] = occW;
      for (let k = from; k < to; k++) {
        this.occType.data[occW] = this.occType.data[k] as number;
        this.occValue.data[occW] = this.occValue.data[k] as number;
        occW++;
      }
      w++;
    }
    this.recKey.length = w;
    this.recSource.length = w;
    this.recChannel.length = w;
    this.recTable.length = w;
    this.recRow.length = w;
    this.weakIndex.length = w;
    this.idStart.length = w;
    this.occType.length = occW;
    this.occValue.length = occW;
    this.dropped.clear();
  }
}

/** Records of each value id, CSR: `start[v]` … `start[v+1]` index `records`. Built by counting sort. */
export function recordsByValue(rs: RecordSet): { start: Int32Array; records: Int32Array } {
  const nv = rs.valueType.length;
  const start = new Int32Array(nv + 1);
  for (let k = 0; k < rs.occValue.length; k++) {
    const b = (rs.occValue[k] as number) + 1;
    start[b] = (start[b] as number) + 1;
  }
  for (let v = 0; v < nv; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, nv);
  const records = new Int32Array(rs.occValue.length);
  for (let i = 0; i < rs.n; i++) {
    for (let k = rs.idStart[i] as number; k < (rs.idStart[i + 1] as number); k++) {
      const v = rs.occValue[k] as number;
      records[fill[v] as number] = i;
      fill[v] = (fill[v] as number) + 1;
    }
  }
  return { start, records };
}
