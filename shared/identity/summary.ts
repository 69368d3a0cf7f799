/**
 * Run statistics for the summary panel and the channel-overlap (UpSet) chart, computed in memory during the
 * run and kept in `identity_run.counts`: grouping millions of identity_map rows in sql.js afterwards would take
 * longer than the resolution itself.
 */
import type { ChannelOverlap, IdentityRunMode, IdentitySummary, IssueCount, SourceSummary } from '#shared/api/identityTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { IssueRecord } from './identityIssues.ts';
import { lastRun } from './identityStore.ts';
import { CHANNELS, NO_CHANNEL, type RecordSet } from './recordSet.ts';

/** Per source: records, persons, and the share of records whose person also has a record from another source. */
export function sourceStats(rs: RecordSet, labels: Int32Array, comps: number): SourceSummary[] {
  const firstSource = new Int32Array(comps).fill(-1);
  const multi = new Uint8Array(comps);
  for (let i = 0; i < rs.n; i++) {
    const l = labels[i] as number;
    const s = rs.recSource[i] as number;
    if (firstSource[l] === -1) firstSource[l] = s;
    else if (firstSource[l] !== s) multi[l] = 1;
  }
  const ns = rs.sources.length;
  const records = new Int32Array(ns);
  const persons = new Int32Array(ns);
  const linked = new Int32Array(ns);
  const channel = new Int32Array(ns).fill(-1);
  const stamp = new Int32Array(comps).fill(-1);
  // Records grouped by source so one stamp array counts distinct persons per source.
  const bySource: number[][] = Array.from({ length: ns }, () => []);
  for (let i = 0; i < rs.n; i++) (bySource[rs.recSource[i] as number] as number[]).push(i);
  for (let s = 0; s < ns; s++) {
    for (const i of bySource[s] as number[]) {
      const l = labels[i] as number;
      records[s] = (records[s] as number) + 1;
      if (multi[l]) linked[s] = (linked[s] as number) + 1;
      if (stamp[l] !== s) {
        stamp[l] = s;
        persons[s] = (persons[s] as number) + 1;
      }
      // The source's channel when all its records agree, else none (-2).
      const c = rs.recChannel[i] as number;
      if (channel[s] === -1) channel[s] = c;
      else if (channel[s] !== c) channel[s] = -2;
    }
  }
  return rs.sources.map((source, s) => {
    const c = channel[s] as number;
    return {
      source,
      channel: c >= 0 && c !== NO_CHANNEL ? (CHANNELS[c] ?? null) : null,
      records: records[s] as number,
      persons: persons[s] as number,
      linkedShare: (records[s] as number) > 0 ? (linked[s] as number) / (records[s] as number) : 0,
    };
  });
}

/** Channel bit mask of every person. */
export function personChannelMasks(rs: RecordSet, labels: Int32Array, comps: number): Uint16Array {
  const masks = new Uint16Array(comps);
  for (let i = 0; i < rs.n; i++) {
    const c = rs.recChannel[i] as number;
    if (c === NO_CHANNEL) continue;
    const l = labels[i] as number;
    masks[l] = (masks[l] as number) | (1 << c);
  }
  return masks;
}

/** UpSet data from channel masks: persons per channel and per exact channel combination. */
export function overlapFromMasks(masks: Uint16Array): ChannelOverlap {
  const byMask = new Map<number, number>();
  const perChannel = new Array<number>(CHANNELS.length).fill(0);
  let persons = 0;
  for (const m of masks) {
    if (m === 0) continue;
    persons++;
    byMask.set(m, (byMask.get(m) ?? 0) + 1);
    for (let c = 0; c < CHANNELS.length; c++) if (m & (1 << c)) perChannel[c] = (perChannel[c] ?? 0) + 1;
  }
  const channels = CHANNELS.map((channel, c) => ({ channel, persons: perChannel[c] ?? 0 })).filter((x) => x.persons > 0);
  const intersections = [...byMask.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([m, n]) => ({ channels: CHANNELS.filter((_, c) => m & (1 << c)), persons: n }));
  return { channels, intersections, persons };
}

export function issueCounts(issues: readonly IssueRecord[]): IssueCount[] {
  const m = new Map<string, { kind: IssueRecord['kind']; idType: IssueRecord['idType']; count: number; records: number }>();
  for (const i of issues) {
    const key = `${i.kind}\u001f${i.idType ?? ''}`;
    const cur = m.get(key);
    if (cur) {
      cur.count++;
      cur.records += i.records;
    } else m.set(key, { kind: i.kind, idType: i.idType, count: 1, records: i.records });
  }
  return [...m.values()].sort((a, b) => a.kind.localeCompare(b.kind) || (a.idType ?? '').localeCompare(b.idType ?? ''));
}

/** What a run stores in `identity_run.counts` for the summary. */
export interface StoredCounts {
  readonly timings: Readonly<Record<string, number>>;
  readonly bySource: readonly SourceSummary[];
  readonly linksByMethod: readonly { readonly method: string; readonly links: number }[];
  readonly issues: readonly IssueCount[];
  readonly history: { readonly newIds: number; readonly merges: number; readonly splits: number };
  readonly lastBatch: number;
  readonly model: IdentitySummary['model'];
}

/** The summary of the last finished run, with live review-queue counts; null before the first run. */
export function readSummary(db: Db): IdentitySummary | null {
  const run = lastRun(db);
  if (!run || !run.counts) return null;
  const c = JSON.parse(run.counts) as StoredCounts;
  const review = { pending: 0, accepted: 0, rejected: 0 };
  for (const r of db.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM identity_review GROUP BY status')) {
    if (r.status === 'pending' || r.status === 'accepted' || r.status === 'rejected') review[r.status] = r.n;
  }
  return {
    runId: run.runId,
    mode: run.mode as IdentityRunMode,
    seed: run.seed,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    records: run.records,
    persons: run.persons,
    mergeRate: run.records > 0 ? 1 - run.persons / run.records : 0,
    bySource: c.bySource,
    linksByMethod: c.linksByMethod,
    review,
    issues: c.issues,
    history: c.history,
    model: c.model,
    timings: c.timings,
  };
}
