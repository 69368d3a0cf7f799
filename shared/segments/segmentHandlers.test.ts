import { beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { Db } from '#shared/db/database.ts';
import { isCancelled } from '#shared/api/errors.ts';
import { createEngine } from '#shared/engine.ts';
import { memoryHost } from '#shared/ingest/testKit.ts';
import { buildSyntheticWorkspace, syntheticOneId } from './testWorkspace.ts';

const OLD: SegmentRule = { type: 'attr', column: 'age', op: '>=', value: 50 };
const WEALTHY: SegmentRule = { type: 'attr', column: 'aum_fen', op: '>=', value: 100_000 };

let engine: Engine;
let bytes: Uint8Array;

async function sqlCount(sql: string): Promise<number> {
  return Number((await engine.call('sql.query', { sql })).rows[0]?.[0]);
}

beforeEach(async () => {
  const host = memoryHost();
  bytes ??= await buildSyntheticWorkspace(host, { customers: 800, events: 6000, seed: 5 });
  engine = createEngine(host);
  await engine.call('workspace.open', { bytes });
});

describe('saved segments', () => {
  it('stores members and versions; an edit makes a new version with joined and left', async () => {
    const saved = await engine.call('segments.save', { name: '老年客户', rule: OLD });
    const old = await sqlCount('SELECT count(*) FROM customer_profile WHERE age >= 50');
    expect(saved.count).toBe(old);
    expect(saved.version).toBe(1);
    expect(await sqlCount(`SELECT count(*) FROM segment_member WHERE segment_id = ${saved.segmentId} AND version = 1`)).toBe(old);

    const edited = await engine.call('segments.save', { segmentId: saved.segmentId, name: '老年客户', rule: { type: 'attr', column: 'age', op: '>=', value: 60 } });
    const v2 = edited.versions[0];
    expect(edited.version).toBe(2);
    expect(v2).toMatchObject({ version: 2, reason: 'edited', joined: 0 });
    expect(v2?.left).toBe(old - (v2?.count ?? 0));
    expect(edited.versions.map((v) => v.version)).toEqual([2, 1]);
    // The list shows the read-back sentence.
    const list = await engine.call('segments.list', {});
    expect(list[0]?.readBack.zh).toBe('年龄≥60');
  });

  it('renaming alone keeps the version; names are unique', async () => {
    const a = await engine.call('segments.save', { name: 'A', rule: OLD });
    const renamed = await engine.call('segments.save', { segmentId: a.segmentId, name: 'A2', rule: OLD });
    expect(renamed).toMatchObject({ name: 'A2', version: 1 });
    await engine.call('segments.save', { name: 'B', rule: WEALTHY });
    await expect(engine.call('segments.save', { name: 'B', rule: OLD })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('refreshes on new data with joined/left counts, and only when the data changed', async () => {
    const s = await engine.call('segments.save', { name: '富裕', rule: WEALTHY });
    const unchanged = await engine.call('segments.refresh', { segmentId: s.segmentId });
    expect(unchanged[0]?.changed).toBe(false);
    // New data: the as-of date moves (a data-changing method), so the segment is stale and refreshes.
    await engine.call('workspace.setAsOfDate', { date: '2024-07-31' });
    expect((await engine.call('segments.list', {}))[0]?.stale).toBe(true);
    const refreshed = await engine.call('segments.refresh', {});
    expect(refreshed[0]).toMatchObject({ changed: true, version: { version: 2, reason: 'refreshed', joined: 0, left: 0 } });
    expect((await engine.call('segments.list', {}))[0]?.stale).toBe(false);
  });

  it('a refresh on moved data counts who joined and who left, member by member', async () => {
    const active: SegmentRule = { type: 'behavior', source: 'events', days: 30, op: '>=', value: 1 };
    const s = await engine.call('segments.save', { name: '近30天活跃', rule: active });
    // Twenty days earlier, the 30-day window covers other days' events: some customers join, some leave.
    await engine.call('workspace.setAsOfDate', { date: '2024-06-10' });
    const [r] = await engine.call('segments.refresh', { segmentId: s.segmentId });
    const diff = async (from: number, to: number): Promise<number> =>
      sqlCount(
        `SELECT count(*) FROM segment_member m WHERE m.segment_id = ${s.segmentId} AND m.version = ${to}
           AND NOT EXISTS (SELECT 1 FROM segment_member o WHERE o.segment_id = m.segment_id AND o.version = ${from} AND o.one_id = m.one_id)`,
      );
    const joined = await diff(1, 2);
    const left = await diff(2, 1);
    expect(joined).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
    expect(r).toMatchObject({ changed: true, version: { version: 2, reason: 'refreshed', joined, left, asOf: '2024-06-10' } });
    expect(r?.version.count).toBe(s.count + joined - left);
    const c = await engine.call('segments.count', { rule: active, engine: 'sql' });
    expect(c.ok && c.count).toBe(r?.version.count);
  });

  it('refuses to delete a segment another one uses, and to refer to itself', async () => {
    const base = await engine.call('segments.save', { name: '基础', rule: OLD });
    const user = await engine.call('segments.save', { name: '派生', rule: { type: 'and', rules: [{ type: 'segment', segment: '基础' }, WEALTHY] } });
    expect(user.rule).toEqual({ type: 'and', rules: [{ type: 'segment', segment: base.segmentId }, WEALTHY] });
    await expect(engine.call('segments.delete', { segmentId: base.segmentId })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(engine.call('segments.save', { segmentId: base.segmentId, name: '基础', rule: { type: 'segment', segment: user.segmentId } })).rejects.toMatchObject({
      code: 'RULE_INVALID',
    });
    expect(await engine.call('segments.delete', { segmentId: user.segmentId })).toEqual({ deleted: true });
    expect(await engine.call('segments.delete', { segmentId: base.segmentId })).toEqual({ deleted: true });
    expect(await engine.call('segments.list', {})).toEqual([]);
  });

  it('computes 并/交/差, UpSet bins and overlaps that add up', async () => {
    const a = await engine.call('segments.save', { name: 'A', rule: OLD });
    const b = await engine.call('segments.save', { name: 'B', rule: WEALTHY });
    const inter = await engine.call('segments.setOp', { op: 'intersection', segmentIds: [a.segmentId, b.segmentId] });
    const union = await engine.call('segments.setOp', { op: 'union', segmentIds: [a.segmentId, b.segmentId] });
    const diff = await engine.call('segments.setOp', { op: 'difference', segmentIds: [a.segmentId, b.segmentId] });
    expect(inter.count).toBe(await sqlCount('SELECT count(*) FROM customer_profile WHERE age >= 50 AND aum_fen >= 10000000'));
    expect(union.count).toBe(a.count + b.count - inter.count);
    expect(diff.count).toBe(a.count - inter.count);
    expect(diff.readBack.zh).toBe('在分群“A”中 且 不在分群“B”中');
    const up = await engine.call('segments.upset', { segmentIds: [a.segmentId, b.segmentId] });
    expect(up.intersections.find((x) => x.mask === 3)?.size).toBe(inter.count);
    expect(up.intersections.reduce((t, x) => t + x.size, 0)).toBe(union.count);
    const c = await engine.call('segments.count', { rule: OLD });
    if (!c.ok) throw new Error('rejected');
    expect(c.overlaps.find((o) => o.segmentId === b.segmentId)?.shared).toBe(inter.count);
    expect(c.overlaps.find((o) => o.segmentId === a.segmentId)?.shared).toBe(a.count);
  });

  it('explains why a customer is in or out, condition by condition', async () => {
    const rule: SegmentRule = { type: 'and', rules: [OLD, { type: 'not', rule: { type: 'lifecycle', group: 'churn_risk' } }] };
    const row = (await engine.call('sql.query', { sql: 'SELECT one_id, age FROM customer_profile WHERE age < 50 LIMIT 1' })).rows[0];
    const why = await engine.call('segments.why', { customer: String(row?.[0]), rule });
    expect(why.inSegment).toBe(false);
    expect(why.conditions[0]).toMatchObject({ matched: false, actual: String(row?.[1]), readBack: { zh: '年龄≥50' } });
    expect(why.conditions[1]?.readBack.zh).toBe('属于“易流失客户”');
    // Found by 客户号 too.
    const byCustNo = await engine.call('segments.why', { customer: '61000000', rule: OLD });
    expect(byCustNo.oneId).toBe(syntheticOneId(0));
    await expect(engine.call('segments.why', { customer: 'nobody', rule: OLD })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('live counts', () => {
  it('a newer edit cancels the earlier count: it settles as cancelled, the newer one counts', async () => {
    const earlierEdit = new AbortController();
    const rule: SegmentRule = { type: 'and', rules: [OLD, { type: 'behavior', source: 'events', days: 30, op: '>=', value: 2 }] };
    const earlier = engine.call('segments.count', { rule }, { signal: earlierEdit.signal });
    // What the builder does when the next edit arrives: abort the running count, start the new one.
    earlierEdit.abort();
    const newer = await engine.call('segments.count', { rule: WEALTHY });
    const outcome = await earlier.then(
      () => 'finished',
      (e: unknown) => (isCancelled(e) ? 'cancelled' : `failed: ${String(e)}`),
    );
    expect(outcome).toBe('cancelled');
    expect(newer.ok && newer.count).toBe(await sqlCount('SELECT count(*) FROM customer_profile WHERE aum_fen >= 10000000'));
    // The cancelled count left nothing half-loaded: the same rule counts exactly afterwards.
    const again = await engine.call('segments.count', { rule });
    const sql = await engine.call('segments.count', { rule, engine: 'sql' });
    expect(again.ok && again.count).toBe(sql.ok && sql.count);
  });
});

describe('bad rules', () => {
  it('names a deleted tag and a deleted column, in Chinese and English', async () => {
    await engine.call('segments.save', { name: '理财', rule: { type: 'tag', tag: 'wealth_interest' } });
    const bad = await engine.call('segments.count', {
      rule: { type: 'and', rules: [{ type: 'tag', tag: 'vanished' }, { type: 'attr', column: 'no_such_column', op: '=', value: 1 }] },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.code, p.path])).toEqual([
      ['UNKNOWN_TAG', 'rules[0]'],
      ['UNKNOWN_COLUMN', 'rules[1]'],
    ]);
    expect(bad.problems[0]?.zh).toContain('标签“vanished”不存在');
    expect(bad.problems[1]?.message).toContain('no_such_column');
  });

  it('reports a saved segment whose tag was deleted afterwards, and refuses to refresh it', async () => {
    const s = await engine.call('segments.save', { name: '理财', rule: { type: 'tag', tag: 'wealth_interest' } });
    // A later tag run removed the tag from the registry: edit the saved workspace underneath the engine.
    const host = memoryHost();
    const db = await Db.open(host, await engine.call('workspace.export', {}));
    db.run("DELETE FROM tag_def WHERE tag = 'wealth_interest'");
    const other = createEngine(host);
    await other.call('workspace.open', { bytes: db.export() });
    db.close();
    const detail = await other.call('segments.get', { segmentId: s.segmentId });
    expect(detail.problems.map((p) => p.code)).toEqual(['UNKNOWN_TAG']);
    await other.call('workspace.setAsOfDate', { date: '2024-07-31' });
    await expect(other.call('segments.refresh', { segmentId: s.segmentId })).rejects.toMatchObject({ code: 'RULE_INVALID' });
  });
});

describe('the analytics snapshot follows the data version', () => {
  it('reloads after a data-changing method, not after a segment save', async () => {
    const before = await engine.call('segments.count', { rule: OLD });
    await engine.call('segments.save', { name: 'x', rule: OLD });
    const again = await engine.call('segments.count', { rule: OLD });
    if (!before.ok || !again.ok) throw new Error('rejected');
    expect(again.loadMs).toBe(0);
    await engine.call('workspace.setAsOfDate', { date: '2024-07-31' });
    const after = await engine.call('segments.count', { rule: OLD });
    if (!after.ok) throw new Error('rejected');
    expect(after.loadMs).toBeGreaterThan(0);
  });
});
