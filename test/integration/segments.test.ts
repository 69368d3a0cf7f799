/**
 * The segment builder end to end on the demo bank: behaviour windows counted from the raw event, touch and
 * transaction logs agree with the activity columns `profile.build` computes, the columnar evaluator agrees
 * with the SQL compilation on random rules, and `kequn segment` counts, saves, lists and refreshes — and says
 * clearly which condition refers to something that does not exist.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { Db } from '#shared/db/database.ts';
import { createEngine } from '#shared/engine.ts';
import { createRandom } from '#shared/jobs/random.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { poolFromEngine, randomRule } from '#shared/segments/randomRules.ts';
import { segmentMembers } from '#shared/segments/segmentMembers.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const kequn = join(root, 'shared/node/kequn.mjs');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [kequn, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

let dir = '';
let ws = '';
let engine: Engine;

async function count(rule: SegmentRule, sql = false): Promise<number> {
  const r = await engine.call('segments.count', { rule, overlaps: false, ...(sql ? { engine: 'sql' as const } : {}) });
  if (!r.ok) throw new Error(`rejected: ${JSON.stringify(r.problems)}`);
  return r.count;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-segments-'));
  ws = join(dir, 'demo.sqlite');
  engine = createEngine(createNodeHost());
  await engine.call('workspace.createDemo', { customers: 2000, seed: 42 });
  await engine.call('identity.run', {});
  await engine.call('profile.build', {});
  writeFileSync(ws, await engine.call('workspace.export', {}));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('behaviour windows on the demo bank', () => {
  it('count the same customers as the wide table’s activity columns', async () => {
    const pairs: [SegmentRule, SegmentRule][] = [
      [{ type: 'behavior', source: 'events', where: { event_name: ['登录'] }, days: 30, measure: 'days', op: '>=', value: 2 }, { type: 'attr', column: 'login_days_30d', op: '>=', value: 2 }],
      [{ type: 'behavior', source: 'transactions', days: 30, op: '>=', value: 3 }, { type: 'attr', column: 'txn_count_30d', op: '>=', value: 3 }],
      [{ type: 'behavior', source: 'transactions', days: 90, op: 'between', value: [1, 10] }, { type: 'attr', column: 'txn_count_90d', op: 'between', value: [1, 10] }],
      [{ type: 'behavior', source: 'events', days: 30, op: '>=', value: 5 }, { type: 'attr', column: 'event_count_30d', op: '>=', value: 5 }],
    ];
    for (const [behaviour, column] of pairs) {
      const b = await count(behaviour);
      expect(b).toBeGreaterThan(0);
      expect(b).toBe(await count(column));
      expect(await count(behaviour, true)).toBe(b);
    }
  });

  it('agrees with the SQL compilation on 60 random rules (seeded)', async () => {
    const pool = await poolFromEngine(engine);
    const r = createRandom(7);
    for (let k = 0; k < 60; k++) {
      const rule = randomRule(r, pool, 3);
      expect({ rule, n: await count(rule) }).toEqual({ rule, n: await count(rule, true) });
    }
  });
});

describe('the README', () => {
  it('documents rules that run as written', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Segment rules'), readme.indexOf('\n## ', readme.indexOf('## Segment rules') + 5));
    const examples = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as SegmentRule);
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const rule of examples) {
      // The demo bank has no lifecycle tags: check the shape, and count the rest.
      const v = await engine.call('segments.validate', { rule });
      expect(v.problems.filter((p) => p.code !== 'UNKNOWN_LIFECYCLE')).toEqual([]);
    }
    expect(await count(examples[1] as SegmentRule)).toBeGreaterThanOrEqual(0);
  });
});

describe('kequn segment', () => {
  it('counts a rule file and prints {"count", "ms"}', async () => {
    const rule: SegmentRule = {
      type: 'and',
      rules: [
        { type: 'behavior', source: 'events', where: { event_name: ['登录'] }, days: 30, op: '>=', value: 3 },
        { type: 'not', rule: { type: 'behavior', source: 'touches', where: { channel: ['APP推送'], action: ['打开'] }, days: 60, op: '>=', value: 1 } },
      ],
    };
    const file = join(dir, 'rule.json');
    writeFileSync(file, JSON.stringify(rule));
    const r = await cli(['segment', 'count', '--workspace', ws, '--rule', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['count', 'ms']);
    expect(out['count']).toBe(await count(rule));
    const text = await cli(['segment', 'count', '--workspace', ws, '--rule', file]);
    expect(text.stdout).toContain('近30天登录≥3次 且 近60天未打开APP推送');
  });

  it('saves, lists and refreshes; members are readable with segmentMembers', async () => {
    const file = join(dir, 'wealthy.json');
    writeFileSync(file, JSON.stringify({ type: 'attr', column: 'aum_fen', op: '>=', value: 200000 }));
    const saved = await cli(['segment', 'save', '--workspace', ws, '--name', '20万以上', '--rule', file, '--json']);
    expect(saved.stderr).toBe('');
    const s = JSON.parse(saved.stdout) as { segmentId: number; version: number; count: number };
    expect(s.version).toBe(1);
    expect(s.count).toBe(await count({ type: 'attr', column: 'aum_fen', op: '>=', value: 200000 }));
    const list = JSON.parse((await cli(['segment', 'list', '--workspace', ws, '--json'])).stdout) as { name: string; count: number; stale: boolean }[];
    expect(list).toEqual([expect.objectContaining({ name: '20万以上', count: s.count, stale: false })]);
    const refresh = JSON.parse((await cli(['segment', 'refresh', '--workspace', ws, '--json'])).stdout) as { changed: boolean }[];
    expect(refresh).toEqual([expect.objectContaining({ changed: false })]);
    const host = createNodeHost();
    const { readFileSync } = await import('node:fs');
    const db = await Db.open(host, new Uint8Array(readFileSync(ws)));
    const members = segmentMembers(db, s.segmentId);
    db.close();
    expect(members).toHaveLength(s.count);
    expect([...members].sort()).toEqual(members);
  });

  it('names a rule’s reference to a deleted tag or column, and a broken file, with exit code 1', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ type: 'or', rules: [{ type: 'tag', tag: 'vip_gold_old' }, { type: 'attr', column: 'favourite_colour', op: '=', value: 'red' }] }));
    const r = await cli(['segment', 'count', '--workspace', ws, '--rule', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('rules[0]: 标签“vip_gold_old”不存在');
    expect(r.stderr).toContain('Tag "vip_gold_old" does not exist');
    expect(r.stderr).toContain('rules[1]: 字段“favourite_colour”不在客户宽表中');
    writeFileSync(file, '{"type": "and", "rules": [');
    const broken = await cli(['segment', 'count', '--workspace', ws, '--rule', file]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('is not valid JSON');
    const usage = await cli(['segment', 'count', '--workspace', ws]);
    expect(usage.code).toBe(2);
  });
});
