import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLIANCE_SETTINGS, mergeComplianceSettings } from './complianceSettings.ts';
import { exclusionReasons, type CustomerFacts, type RuleContext } from './exclusionRules.ts';

const ok: CustomerFacts = {
  statuses: '正常',
  accountStatuses: '正常|正常',
  accounts: 2,
  closedAccounts: 0,
  staff: false,
  age: 40,
  riskRank: 4,
  riskExpiry: '2025-01-01',
  dnd: false,
  contacts7d: 0,
  contacts30d: 0,
  reachable: true,
};
const ctx: RuleContext = { settings: DEFAULT_COMPLIANCE_SETTINGS, plannedDate: '2024-06-30', productRank: 4 };

describe('exclusionReasons', () => {
  it('lets an ordinary customer through', () => {
    expect(exclusionReasons(ok, ctx)).toEqual([]);
  });

  it('excludes by life and account status', () => {
    expect(exclusionReasons({ ...ok, statuses: '死亡' }, ctx)).toEqual(['deceased']);
    expect(exclusionReasons({ ...ok, statuses: '正常|已销户' }, ctx)).toEqual(['closed']);
    expect(exclusionReasons({ ...ok, closedAccounts: 2 }, ctx)).toEqual(['closed']);
    expect(exclusionReasons({ ...ok, closedAccounts: 1 }, ctx)).toEqual([]);
    expect(exclusionReasons({ ...ok, accountStatuses: '正常|司法冻结' }, ctx)).toEqual(['frozen']);
    expect(exclusionReasons({ ...ok, statuses: 'FROZEN' }, ctx)).toEqual(['frozen']);
  });

  it('excludes minors, staff and DND entries; an unknown age is not a minor', () => {
    expect(exclusionReasons({ ...ok, age: 17 }, ctx)).toEqual(['minor']);
    expect(exclusionReasons({ ...ok, age: 18 }, ctx)).toEqual([]);
    expect(exclusionReasons({ ...ok, age: null }, ctx)).toEqual([]);
    expect(exclusionReasons({ ...ok, staff: true }, ctx)).toEqual(['staff']);
    expect(exclusionReasons({ ...ok, dnd: true }, ctx)).toEqual(['dnd']);
  });

  it('checks suitability against the product: level, expiry, missing assessment', () => {
    expect(exclusionReasons({ ...ok, riskRank: 3 }, ctx)).toEqual(['risk_below_product']);
    expect(exclusionReasons({ ...ok, riskRank: 5 }, ctx)).toEqual([]);
    expect(exclusionReasons({ ...ok, riskExpiry: '2024-06-29' }, ctx)).toEqual(['risk_expired']);
    expect(exclusionReasons({ ...ok, riskExpiry: '2024-06-30' }, ctx)).toEqual([]);
    expect(exclusionReasons({ ...ok, riskRank: null }, ctx)).toEqual(['risk_unassessed']);
    expect(exclusionReasons({ ...ok, riskRank: 1 }, { ...ctx, productRank: null })).toEqual([]);
  });

  it('caps contacts across campaigns in 7 and 30 days', () => {
    expect(exclusionReasons({ ...ok, contacts7d: 2, contacts30d: 2 }, ctx)).toEqual(['contact_cap_7d']);
    expect(exclusionReasons({ ...ok, contacts7d: 1, contacts30d: 6 }, ctx)).toEqual(['contact_cap_30d']);
    expect(exclusionReasons({ ...ok, contacts7d: 1, contacts30d: 5 }, ctx)).toEqual([]);
  });

  it('lists every failed rule in order, and each rule can be switched off', () => {
    const bad: CustomerFacts = { ...ok, statuses: '死亡', staff: true, dnd: true, reachable: false, age: 10 };
    expect(exclusionReasons(bad, ctx)).toEqual(['deceased', 'minor', 'staff', 'dnd', 'no_contact']);
    const off = mergeComplianceSettings(DEFAULT_COMPLIANCE_SETTINGS, {
      exclusions: { deceased: false, minors: false, staff: false },
      dnd: false,
      suitability: { enabled: false },
      caps: { enabled: false },
    });
    expect(exclusionReasons({ ...bad, riskRank: 1, contacts7d: 9 }, { ...ctx, settings: off })).toEqual(['no_contact']);
  });
});

describe('compliance settings', () => {
  it('validates patches and names the setting at fault', () => {
    expect(() => mergeComplianceSettings(DEFAULT_COMPLIANCE_SETTINGS, { caps: { max7d: -1 } })).toThrow(/caps\.max7d/);
    expect(() => mergeComplianceSettings(DEFAULT_COMPLIANCE_SETTINGS, { quietHours: { start: '25:00' } })).toThrow(/quietHours\.start/);
    expect(() => mergeComplianceSettings(DEFAULT_COMPLIANCE_SETTINGS, { exclusions: { minorAge: 99 } })).toThrow(/minorAge/);
    const s = mergeComplianceSettings(DEFAULT_COMPLIANCE_SETTINGS, { caps: { max7d: null }, exclusions: { frozenWords: [' 冻结 ', '冻结', ''] } });
    expect(s.caps.max7d).toBeNull();
    expect(s.caps.max30d).toBe(DEFAULT_COMPLIANCE_SETTINGS.caps.max30d);
    expect(s.exclusions.frozenWords).toEqual(['冻结']);
  });

  it('survives a JSON round trip unchanged', () => {
    const s = mergeComplianceSettings(DEFAULT_COMPLIANCE_SETTINGS, { quietHours: { start: '22:00' } });
    expect(mergeComplianceSettings(DEFAULT_COMPLIANCE_SETTINGS, JSON.parse(JSON.stringify(s)) as typeof s)).toEqual(s);
  });
});
