import { beforeAll, describe, expect, it } from 'vitest';
import type { AudienceSpec } from '#shared/api/exportTypes.ts';
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { DEFAULT_COMPLIANCE_SETTINGS } from '#shared/compliance/complianceSettings.ts';
import { normalizePlannedAt, planExport } from './exportPlan.ts';

let db: Db;
beforeAll(async () => {
  db = await Db.open({ sqlJsConfig: {} });
  migrate(db);
  db.exec(`INSERT INTO segment (segment_id, name, rule, version, created_at, updated_at) VALUES (4, '高价值', '{"type":"and","rules":[]}', 2, 'x', 'x');
    INSERT INTO products (product_code, product_name, risk_level, row_key, src_file, src_batch, src_row) VALUES ('WM4', '稳盈', 'R4', 'WM4', 1, 1, 1), ('NR', '无评级', NULL, 'NR', 1, 1, 2);`);
});

const plan = (spec: Partial<AudienceSpec>, asOf: string | null = '2024-06-30') =>
  planExport(db, { segment: { name: '高价值' }, preset: 'sms', ...spec }, DEFAULT_COMPLIANCE_SETTINGS, asOf, '2024-07-05');

describe('normalizePlannedAt', () => {
  it('accepts dates and times in the shapes inputs give', () => {
    expect(normalizePlannedAt('2024-07-01')).toBe('2024-07-01 00:00:00');
    expect(normalizePlannedAt('2024-07-01T09:30')).toBe('2024-07-01 09:30:00');
    expect(normalizePlannedAt(' 2024-07-01 09:30:15 ')).toBe('2024-07-01 09:30:15');
  });

  it('refuses what is not a calendar date and time', () => {
    expect(normalizePlannedAt('2024-02-30 10:00')).toBeNull();
    expect(normalizePlannedAt('2024-07-01 24:00')).toBeNull();
    expect(normalizePlannedAt('明天上午')).toBeNull();
  });
});

describe('planExport', () => {
  it('finds the segment by id or name and plans the contact when quiet hours end on the as-of date', () => {
    const p = plan({});
    expect(p.segment).toMatchObject({ segmentId: 4, name: '高价值', version: 2, rule: { type: 'and', rules: [] } });
    expect(planExport(db, { segment: { id: 4 }, preset: 'sms' }, DEFAULT_COMPLIANCE_SETTINGS, '2024-06-30', '').segment.name).toBe('高价值');
    expect(p.plannedAt).toBe('2024-06-30 08:00:00');
    expect(p.channel).toBe('sms');
    expect(p.problems).toEqual([]);
    expect(p.columns.map((c) => [c.spec.key, c.treatment])).toEqual([
      ['one_id', 'plain'],
      ['phone', 'masked'],
      ['name', 'masked'],
    ]);
  });

  it('names a missing segment', () => {
    expect(() => plan({ segment: { name: '没有' } })).toThrow(/no saved segment "没有"/);
  });

  it('falls back to the host date, with a warning, when the workspace has no as-of date', () => {
    const p = plan({}, null);
    expect(p.plannedAt).toBe('2024-07-05 08:00:00');
    expect(p.problems.map((x) => [x.code, x.level])).toEqual([['no_as_of', 'warning']]);
  });

  it('replaces hashed columns in place, adds the SMS text, and marks revealed columns', () => {
    const p = plan({ hash: { salt: 's', fields: ['phone', 'id_no'] }, smsTemplate: '{姓名}您好', unmask: { reason: '上传' } });
    expect(p.columns.map((c) => [c.spec.key, c.treatment])).toEqual([
      ['one_id', 'plain'],
      ['phone_sha256', 'salted_sha256'],
      ['name', 'unmasked'],
      ['id_no_sha256', 'salted_sha256'],
      ['sms_text', 'unmasked'],
    ]);
    expect(p.unmaskReason).toBe('上传');
  });

  it('takes custom columns after ONE_ID, dropping duplicates', () => {
    const p = plan({ preset: 'custom', columns: ['city', 'one_id', 'city', 'aum_yuan'], channel: 'call' });
    expect(p.columns.map((c) => c.spec.key)).toEqual(['one_id', 'city', 'aum_yuan']);
    expect(p.channel).toBe('call');
    expect(p.requires).toEqual([]);
  });

  it('reads the product risk level for suitability', () => {
    expect(plan({ productCode: 'WM4' })).toMatchObject({ productRank: 4, product: { code: 'WM4', name: '稳盈', riskLevel: 'R4' } });
    const nr = plan({ productCode: 'NR' });
    expect(nr.productRank).toBeNull();
    expect(nr.problems.map((x) => x.code)).toEqual(['product_without_risk']);
  });

  it('collects every problem of a request', () => {
    const p = plan({
      plannedAt: '2024-06-30 23:00',
      holdoutPercent: 10,
      smsTemplate: '{余额}',
      productCode: 'XX',
      unmask: { reason: ' ' },
      hash: { salt: '', fields: ['phone'] },
      preset: 'custom',
      columns: ['sms_text'],
    });
    expect(p.problems.map((x) => x.code).sort()).toEqual(
      ['holdout_needs_campaign', 'quiet_hours', 'salt_missing', 'template_variable', 'unknown_column', 'unknown_product', 'unmask_needs_reason'].sort(),
    );
    expect(plan({ holdoutPercent: 100, campaignKey: 'k' }).problems.map((x) => x.code)).toEqual(['holdout_range']);
    expect(plan({ holdoutPercent: 12.5, campaignKey: ' k ' }).holdout).toEqual({ percent: 12.5, campaignKey: 'k' });
  });
});
