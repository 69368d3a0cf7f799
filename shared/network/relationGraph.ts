/**
 * The relation graph at ONE_ID level: each endpoint of a `relations` row (客户号, APP 用户号, 手机号, UnionID,
 * OpenID) is looked up among the identifiers ONE_ID resolution mapped (customers and channel identity records,
 * via `identity_map`). An endpoint nobody maps stays a node of its own, named by a hash of its identifier so no
 * raw phone number or id ever leaves the engine (a prospect who was invited but never registered).
 */
import type { RelationKind } from '#shared/api/behaviourTypes.ts';
import type { AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import { tableExists } from '#shared/analytics/universe.ts';
import type { Db } from '#shared/db/database.ts';
import { hash53, hashText } from '#shared/identity/hash53.ts';
import { normalizeIdentifier } from '#shared/identity/normalizeIdentifiers.ts';
import { scanRows } from '#shared/db/rowScan.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { parseEventTime } from '#shared/behaviour/eventStore.ts';
import { endpointHints, ENDPOINT_TYPES, relationKind, type EndpointType } from './relationKinds.ts';

export interface RelationGraph {
  /** Node keys: a ONE_ID, or `x` + hash for an endpoint no identity maps. */
  readonly nodes: readonly string[];
  /** Whether the node is a ONE_ID (not a hashed stranger). */
  readonly hasOneId: Uint8Array;
  /** Position in the analytics universe (customer_profile), −1 when not a customer. */
  readonly customer: Int32Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly kind: readonly RelationKind[];
  readonly fen: Float64Array;
  /** Seconds since 2000-01-01 (NaN when the row has no time). */
  readonly time: Float64Array;
  readonly rows: number;
}

/** Identifier value → ONE_ID, per identifier type. */
export type IdentifierIndex = Readonly<Record<EndpointType, ReadonlyMap<string, string>>>;

function norm(type: EndpointType, raw: string): string | null {
  const n = normalizeIdentifier(type, raw);
  return n && n.ok ? n.value : null;
}

export function loadIdentifierIndex(db: Db): IdentifierIndex {
  const idx: Record<EndpointType, Map<string, string>> = { cust_no: new Map(), app_user_id: new Map(), phone: new Map(), unionid: new Map(), openid: new Map() };
  const put = (type: EndpointType, raw: unknown, oneId: unknown): void => {
    if (typeof raw !== 'string' && typeof raw !== 'number') return;
    if (typeof oneId !== 'string') return;
    const v = norm(type, String(raw));
    if (v !== null && !idx[type].has(v)) idx[type].set(v, oneId);
  };
  db.each("SELECT record_id, one_id FROM identity_map WHERE source = 'customer'", [], (r) => put('cust_no', r[0], r[1]));
  if (tableExists(db, 'customers')) {
    db.each(
      "SELECT c.phone, m.one_id FROM customers c JOIN identity_map m ON m.source = 'customer' AND m.record_id = c.cust_no WHERE c.phone IS NOT NULL",
      [],
      (r) => put('phone', r[0], r[1]),
    );
  }
  if (tableExists(db, 'identities')) {
    db.each(
      `SELECT i.cust_no, i.app_user_id, i.phone, i.unionid, i.openid, m.one_id FROM identities i
       JOIN identity_map m ON m.source = i.source_system AND m.record_id = i.record_id`,
      [],
      (r) => {
        put('cust_no', r[0], r[5]);
        put('app_user_id', r[1], r[5]);
        put('phone', r[2], r[5]);
        put('unionid', r[3], r[5]);
        put('openid', r[4], r[5]);
      },
    );
  }
  return idx;
}

/** The ONE_ID of an endpoint, trying the hinted type first and then every type; null when none maps it. */
export function resolveEndpoint(idx: IdentifierIndex, raw: string, hint: EndpointType | null): string | null {
  const order = hint ? [hint, ...ENDPOINT_TYPES.filter((t) => t !== hint)] : ENDPOINT_TYPES;
  for (const t of order) {
    const v = norm(t, raw);
    if (v === null) continue;
    const hit = idx[t].get(v);
    if (hit !== undefined) return hit;
  }
  return null;
}

export async function loadRelationGraph(db: Db, universeIndex: ReadonlyMap<string, number>, ctx: JobContext): Promise<RelationGraph> {
  const nodes: string[] = [];
  const nodeIds = new Map<string, number>();
  const hasOneId: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const kind: RelationKind[] = [];
  const fen: number[] = [];
  const time: number[] = [];
  let rows = 0;
  if (tableExists(db, 'relations')) {
    const idx = loadIdentifierIndex(db);
    const seen = new Map<string, number>();
    const nodeOf = (raw: string, hint: EndpointType | null): number => {
      const memo = `${hint ?? ''}\u001f${raw}`;
      const known = seen.get(memo);
      if (known !== undefined) return known;
      const oneId = resolveEndpoint(idx, raw, hint);
      const key = oneId ?? `x${hashText(hash53(`${hint ?? ''}:${raw.trim()}`))}`;
      let i = nodeIds.get(key);
      if (i === undefined) {
        i = nodes.length;
        nodeIds.set(key, i);
        nodes.push(key);
        hasOneId.push(oneId === null ? 0 : 1);
      }
      seen.set(memo, i);
      return i;
    };
    await scanRows(db, ctx, 'network.load', 'relations', ['from_key', 'to_key', 'relation_type', 'event_time', 'amount_fen', 'extra'], '1', [], (f) => {
      rows++;
      const hints = endpointHints(f[5] ?? '');
      from.push(nodeOf(f[0] ?? '', hints.from));
      to.push(nodeOf(f[1] ?? '', hints.to));
      kind.push(relationKind(f[2] ?? ''));
      const amount = Number(f[4] ?? '');
      fen.push(f[4] === '' || !Number.isFinite(amount) ? 0 : Math.abs(amount));
      time.push(parseEventTime(f[3] ?? ''));
    });
  }
  return {
    nodes,
    hasOneId: Uint8Array.from(hasOneId),
    customer: Int32Array.from(nodes, (k) => universeIndex.get(k) ?? -1),
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    kind,
    fen: Float64Array.from(fen),
    time: Float64Array.from(time),
    rows,
  };
}

const cache = new WeakMap<AnalyticsSnapshot, Promise<RelationGraph>>();

/** The relation graph of a snapshot, loaded on first use. */
export function relationGraph(snap: AnalyticsSnapshot, ctx: JobContext): Promise<RelationGraph> {
  let p = cache.get(snap);
  if (!p) {
    p = loadRelationGraph(snap.db, snap.universe.index, ctx);
    cache.set(snap, p);
    p.catch(() => cache.delete(snap));
  }
  return p;
}
