import { describe, expect, it } from 'vitest';
import type { IdentifierType, IdentitySettings } from '#shared/api/identityTypes.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { DEFAULT_SETTINGS, mergeSettings, typeCode, TYPE_COUNT } from './identifierTypes.ts';
import { linkDeterministic, type DeterministicResult } from './linker.ts';
import { RecordSetBuilder, type RecordSet } from './recordSet.ts';

type Ids = readonly (readonly [IdentifierType, string])[];

function records(list: readonly Ids[]): RecordSet {
  const b = new RecordSetBuilder(TYPE_COUNT);
  list.forEach((ids, i) => {
    b.begin('test', `r${i}`, 0, 'identities', i);
    for (const [t, v] of ids) b.addId(typeCode(t), v);
  });
  return b.build();
}

async function link(list: readonly Ids[], settings: IdentitySettings = DEFAULT_SETTINGS, decisions: { accepted?: [number, number][]; forbidden?: [number, number][] } = {}): Promise<DeterministicResult & { same: (a: number, b: number) => boolean }> {
  const rs = records(list);
  const r = await linkDeterministic({ rs, settings, ...decisions }, createJobContext());
  return { ...r, same: (a, b) => r.linker.uf.find(a) === r.linker.uf.find(b) };
}

describe('deterministic linking', () => {
  it('links records sharing a customer number, an ID or an app user id, and floating records to their person', async () => {
    const r = await link([
      [['cust_no', 'C1'], ['id_card', '11010519491231002X']],
      [['cust_no', 'C1'], ['app_user_id', 'U1']],
      [['app_user_id', 'U1'], ['device_id', 'D1']],
      [['device_id', 'D1']],
      [['cust_no', 'C2']],
    ]);
    expect(r.same(0, 1) && r.same(1, 2) && r.same(2, 3)).toBe(true);
    expect(r.same(0, 4)).toBe(false);
    expect(r.issues).toEqual([]);
  });

  it('does not chain A–B (phone) and B–C (device) into one person when A and C carry different ID numbers', async () => {
    const abc: Ids[] = [
      [['id_card', '11010519491231002X'], ['phone', '13912345678']],
      [['phone', '13912345678'], ['device_id', 'a1b2c3d4e5f60718']],
      [['id_card', '110105198001010019'], ['device_id', 'a1b2c3d4e5f60718']],
    ];
    // With a device cap of 2 the device merge is attempted and refused by the ID conflict.
    const loose = mergeSettings(DEFAULT_SETTINGS, { rules: { device_id: { cap: 2 } } });
    const r = await link(abc, loose);
    expect(r.same(0, 1)).toBe(true);
    expect(r.same(1, 2)).toBe(false);
    expect(r.issues.filter((i) => i.kind === 'conflict')).toHaveLength(1);
    // Default cap 1: the device seen on two identified persons goes to review instead.
    const d = await link(abc);
    expect(d.same(0, 2)).toBe(false);
    expect(d.reviews).toHaveLength(1);
    // An analyst's accept cannot join two different ID numbers either.
    const forced = await link(abc, loose, { accepted: [[0, 2]] });
    expect(forced.same(0, 2)).toBe(false);
    expect(forced.refusedAccepts).toBe(1);
  });

  it('keeps customers who share a family phone apart, and leaves records with only that phone unattached', async () => {
    const r = await link([
      [['cust_no', 'C1'], ['phone', '13912345678']],
      [['cust_no', 'C2'], ['phone', '13912345678']],
      [['phone', '13912345678']],
    ]);
    expect(r.same(0, 1)).toBe(false);
    expect(r.same(2, 0) || r.same(2, 1)).toBe(false);
    expect(r.issues.map((i) => i.kind).sort()).toEqual(['ambiguous', 'conflict']);
  });

  it('sends a value over its cap to review and reports it over-shared beyond cap + slack', async () => {
    const shared = (n: number): Ids[] => Array.from({ length: n }, (_, i) => [['cust_no', `C${i}`], ['phone', '13912345678']] as const);
    // Phone cap 3, slack 1: four persons → review, five → over-shared.
    const four = await link(shared(4));
    expect(four.issues.map((i) => i.kind)).toEqual(['over_cap']);
    expect(four.reviews).toHaveLength(3);
    const five = await link(shared(5));
    expect(five.issues.map((i) => i.kind)).toEqual(['over_shared']);
    expect(five.reviews).toHaveLength(0);
    expect(five.linker.uf.count).toBe(5);
  });

  it('never links on a call-centre number carried by thousands of records', async () => {
    const list: Ids[] = Array.from({ length: 2500 }, () => [['phone', '13912345678']] as const);
    const r = await link(list);
    expect(r.linker.uf.count).toBe(2500);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ kind: 'over_shared', records: 2500 });
  });

  it('honours analyst decisions: an accept links, a reject keeps apart what rules would link', async () => {
    const list: Ids[] = [[['unionid', 'o6_bmtmrIH113JaotD37Z6kd6Xtg']], [['unionid', 'o6_bmtmrIH113JaotD37Z6kd6Xtg']], [['cust_no', 'C7']], [['openid', 'oMp9KZZ5Opmnk4XcDnYWk0Cbmj1D']]];
    const plain = await link(list);
    expect(plain.same(0, 1)).toBe(true);
    const r = await link(list, DEFAULT_SETTINGS, { forbidden: [[0, 1]], accepted: [[2, 3]] });
    expect(r.same(0, 1)).toBe(false);
    expect(r.same(2, 3)).toBe(true);
    expect(r.linker.decisionsApplied).toBeGreaterThan(0);
  });
});
