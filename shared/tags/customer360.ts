/**
 * Customer 360 (客户360): one person across channels — identifiers by channel (from ONE_ID resolution), the
 * wide-table row, tags with reasons, lifecycle group, value scores, a timeline of transactions, events,
 * touches and notes, and monthly series for the value and risk charts. Personal data is masked unless the
 * caller reveals it (the handler writes the audit entry).
 */
import type { Customer360 } from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { loadSettings } from '#shared/identity/identityStore.ts';
import { currentOneId, personGraph } from '#shared/identity/identityQueries.ts';
import { maskValue } from '#shared/privacy/mask.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';
import { LIFECYCLE_NAMES } from './lifecycle.ts';
import { listTagDefs } from './tagRegistry.ts';
import type { LifecycleGroupKey } from '#shared/api/tagTypes.ts';

const TIMELINE_PER_KIND = 150;

function tableExists(db: Db, name: string): boolean {
  return db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) === 1;
}

type Timeline = Customer360['timeline'][number];

/** Events, touches and notes of a person: rows with one of their customer numbers or identifiers. */
function factRows(db: Db, table: 'events' | 'touches' | 'notes', custNos: readonly string[], ids: ReadonlyMap<string, readonly string[]>, columns: string, time: string): Record<string, string | number | null>[] {
  const conds: string[] = [];
  const params: string[] = [];
  if (custNos.length > 0) {
    conds.push(`cust_no IN (${custNos.map(() => '?').join(', ')})`);
    params.push(...custNos);
  }
  for (const [col, values] of ids) {
    if (values.length === 0) continue;
    conds.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  if (conds.length === 0) return [];
  return db.all<Record<string, string | number | null>>(`SELECT ${columns} FROM ${table} WHERE ${conds.join(' OR ')} ORDER BY ${time} DESC LIMIT ?`, [...params, TIMELINE_PER_KIND]);
}

export function customer360(db: Db, oneIdArg: string, unmasked: boolean): Customer360 {
  const oneId = currentOneId(db, oneIdArg) ?? oneIdArg;
  const empty: Customer360 = { oneId, found: false, identifiers: [], profile: [], tags: [], lifecycle: null, scores: null, timeline: [], monthly: [], masked: !unmasked };
  if (db.value('SELECT 1 FROM identity_map WHERE one_id = ? LIMIT 1', [oneId]) === undefined) return empty;
  const graph = personGraph(db, oneId, loadSettings(db), unmasked);
  const identifiers = graph.records.flatMap((r) => r.identifiers.map((i) => ({ channel: r.channel ?? 'other', source: r.source, type: i.type, value: i.value })));
  // Raw identifier values to find the person's events and touches (never returned).
  const rawIds = new Map<string, string[]>([['app_user_id', []], ['device_id', []], ['cookie_id', []], ['openid', []], ['phone', []]]);
  const rawGraph = unmasked ? graph : personGraph(db, oneId, loadSettings(db), true);
  for (const r of rawGraph.records) for (const i of r.identifiers) rawIds.get(i.type)?.push(i.value);
  const custNos = db.all<{ record_id: string }>("SELECT record_id FROM identity_map WHERE one_id = ? AND source = 'customer'", [oneId]).map((r) => r.record_id);

  let profile: Customer360['profile'] = [];
  if (tableExists(db, 'customer_profile')) {
    const row = db.get('SELECT * FROM customer_profile WHERE one_id = ?', [oneId]);
    if (row) {
      profile = PROFILE_COLUMNS.map((c) => {
        const v = row[c.name];
        const value = typeof v === 'string' || typeof v === 'number' ? v : null;
        return { column: c.name, zh: c.zh, en: c.en, family: c.family, value: c.pii && !unmasked && typeof value === 'string' ? maskValue(c.pii, value) : value };
      });
    }
  }

  const defs = new Map(listTagDefs(db).map((d) => [d.key, d]));
  const tags: Customer360['tags'][number][] = [];
  // One primary-key lookup per tag at its latest run (customer_tag is keyed by tag, run, ONE_ID).
  for (const d of defs.values()) {
    const r = db.get<{ value: string | null; reason: string | null; run_id: number }>(
      'SELECT value, reason, run_id FROM customer_tag WHERE tag = ? AND run_id = (SELECT max(run_id) FROM customer_tag WHERE tag = ?) AND one_id = ?',
      [d.key, d.key, oneId],
    );
    if (r) tags.push({ tag: d.key, zh: d.zh, en: d.en, family: d.family, value: r.value, reason: r.reason, runId: r.run_id });
  }

  const lc = db.get<{ group: string; reason: string | null }>('SELECT "group" AS "group", reason FROM lifecycle_group WHERE run_id = (SELECT max(run_id) FROM lifecycle_group) AND one_id = ?', [oneId]);
  const names = lc ? LIFECYCLE_NAMES[lc.group as LifecycleGroupKey] : undefined;
  const lifecycle = lc && names ? { group: lc.group, zh: names.zh, en: names.en, reason: lc.reason } : null;

  const s = db.get<{ rfm_r: number | null; rfm_f: number | null; rfm_m: number | null; rfm_score: number | null; exp_txn_12m: number | null; p_alive: number | null; clv_12m_fen: number | null; contribution_fen: number | null }>(
    'SELECT rfm_r, rfm_f, rfm_m, rfm_score, exp_txn_12m, p_alive, clv_12m_fen, contribution_fen FROM customer_score WHERE one_id = ? ORDER BY run_id DESC LIMIT 1',
    [oneId],
  );
  const scores = s
    ? { rfmR: s.rfm_r, rfmF: s.rfm_f, rfmM: s.rfm_m, rfmScore: s.rfm_score, expTxn12m: s.exp_txn_12m, pAlive: s.p_alive, clv12mFen: s.clv_12m_fen, contributionFen: s.contribution_fen }
    : null;

  const timeline: Timeline[] = [];
  const monthly = new Map<string, { inFen: number; outFen: number; txns: number; events: number }>();
  const month = (t: string): { inFen: number; outFen: number; txns: number; events: number } => {
    const key = t.slice(0, 7);
    let m = monthly.get(key);
    if (!m) monthly.set(key, (m = { inFen: 0, outFen: 0, txns: 0, events: 0 }));
    return m;
  };
  if (custNos.length > 0) {
    const list = custNos.map(() => '?').join(', ');
    for (const r of db.all<{ m: string; dir: string | null; n: number; fen: number }>(
      `SELECT substr(txn_time, 1, 7) AS m, direction AS dir, count(*) AS n, sum(abs(amount_fen)) AS fen FROM transactions WHERE cust_no IN (${list}) GROUP BY 1, 2`,
      custNos,
    )) {
      const m = month(r.m);
      m.txns += r.n;
      if (/^(d|借|支|出|-)/i.test(r.dir ?? '')) m.outFen += r.fen;
      else m.inFen += r.fen;
    }
    for (const r of db.all<{ txn_time: string; amount_fen: number | null; direction: string | null; txn_type: string | null; channel: string | null; merchant: string | null }>(
      `SELECT txn_time, amount_fen, direction, txn_type, channel, merchant FROM transactions WHERE cust_no IN (${list}) ORDER BY txn_time DESC LIMIT ?`,
      [...custNos, TIMELINE_PER_KIND],
    )) {
      const out = /^(d|借|支|出|-)/i.test(r.direction ?? '');
      timeline.push({ time: r.txn_time, kind: 'transaction', title: r.txn_type ?? '交易', detail: [r.channel, r.merchant].filter(Boolean).join(' · '), amountFen: r.amount_fen === null ? null : out ? -Math.abs(r.amount_fen) : Math.abs(r.amount_fen) });
    }
  }
  const noPhone = new Map([...rawIds].filter(([k]) => k !== 'phone'));
  for (const r of factRows(db, 'events', custNos, noPhone, 'event_time, event_name, channel, page', 'event_time')) {
    const t = String(r.event_time ?? '');
    month(t).events++;
    timeline.push({ time: t, kind: 'event', title: String(r.event_name ?? ''), detail: [r.channel, r.page].filter((x) => x !== null && x !== '' && x !== '-').join(' · '), amountFen: null });
  }
  for (const r of factRows(db, 'touches', custNos, new Map([['openid', rawIds.get('openid') ?? []], ['device_id', rawIds.get('device_id') ?? []]]), 'touch_time, campaign_name, channel, action', 'touch_time')) {
    timeline.push({ time: String(r.touch_time ?? ''), kind: 'touch', title: `${String(r.channel ?? '')} ${String(r.action ?? '')}`.trim(), detail: String(r.campaign_name ?? ''), amountFen: null });
  }
  for (const r of factRows(db, 'notes', custNos, new Map([['phone', rawIds.get('phone') ?? []]]), 'note_time, category, channel, text', 'note_time')) {
    timeline.push({ time: String(r.note_time ?? ''), kind: 'note', title: [r.channel, r.category].filter(Boolean).join(' · ') || '服务记录', detail: String(r.text ?? ''), amountFen: null });
  }
  timeline.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  return {
    oneId,
    found: true,
    identifiers,
    profile,
    tags,
    lifecycle,
    scores,
    timeline: timeline.slice(0, 300),
    monthly: [...monthly].sort((a, b) => a[0].localeCompare(b[0])).map(([m, v]) => ({ month: m, ...v })),
    masked: !unmasked,
  };
}
