/**
 * The export flow on a tiny hand-built workspace (no Node APIs: this also runs in the Chromium worker): how a
 * person's records are read through identity_map, which identifier a channel file gets, DND matching on any
 * of the person's identifiers, and the XLSX path through CompressionStream.
 */
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AudienceExportArgs } from '#shared/api/exportTypes.ts';
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { exportAudience, previewAudience, type ExportEnv } from './audienceExport.ts';

let db: Db;
let env: ExportEnv;

beforeAll(async () => {
  db = await Db.open({ sqlJsConfig: {} });
  migrate(db);
  const row = "'k', 1, 1, 1";
  db.exec(`
    -- P1: two customer numbers; C1b (the newer snapshot) is the primary but has no phone.
    INSERT INTO customers (row_id, cust_no, name, gender, birth_date, phone, status, is_staff, as_of, row_key, src_file, src_batch, src_row) VALUES
      (1, 'C1a', '张伟', '男', '1980-01-01', '13800000001', '正常', 0, '2024-05-31', ${row}),
      (2, 'C1b', '张伟', '男', '1980-01-01', NULL, '正常', 0, '2024-06-30', 'k2', 1, 1, 2),
      (3, 'C2', '李娜', '女', '1990-02-02', '13800000002', '正常', 0, '2024-06-30', 'k3', 1, 1, 3),
      (4, 'C3', '王芳', '女', '1991-03-03', '13800000003', '正常', 0, '2024-06-30', 'k4', 1, 1, 4);
    INSERT INTO identity_map (source, record_id, one_id, method, row_ref) VALUES
      ('customer', 'C1a', 'P1', 'source_key', 1), ('customer', 'C1b', 'P1', 'exact', 2),
      ('customer', 'C2', 'P2', 'source_key', 3), ('customer', 'C3', 'P3', 'source_key', 4),
      ('微信公众号', 'w1', 'P1', 'exact', 10), ('微信公众号', 'w2', 'P2', 'exact', 11), ('event', 'e1', 'P2', 'exact', 20),
      ('微信小程序', 'm4', 'P4', 'source_key', 12);
    INSERT INTO identities (row_id, source_system, record_id, openid, unionid, register_time, row_key, src_file, src_batch, src_row) VALUES
      (10, '微信公众号', 'w1', 'oOPEN000000001', 'uUNION00000001', '2023-01-01 00:00:00', 'i1', 2, 2, 1),
      (11, '微信公众号', 'w2', 'oOPEN000000002', NULL, '2023-01-01 00:00:00', 'i2', 2, 2, 2),
      (12, '微信小程序', 'm4', 'oOPEN000000004', NULL, '2023-01-01 00:00:00', 'i4', 2, 2, 3);
    INSERT INTO events (row_id, event_id, openid, unionid, event_time, event_name, row_key, src_file, src_batch, src_row) VALUES
      (20, 'ev1', 'oOPEN000000099', 'uUNION00000002', '2024-06-01 10:00:00', '登录', 'e1', 3, 3, 1);
    INSERT INTO dnd_list (openid, channel, row_key, src_file, src_batch, src_row) VALUES ('oOPEN000000004', '微信', 'd1', 4, 4, 1);
    INSERT INTO segment (segment_id, name, rule, version, created_at, updated_at) VALUES (1, 'all', '{}', 1, 'x', 'x');
    INSERT INTO segment_member (segment_id, version, one_id) VALUES (1, 1, 'P1'), (1, 1, 'P2'), (1, 1, 'P3'), (1, 1, 'P4');
    INSERT INTO meta (key, value) VALUES ('workspace_id', 'w'), ('name', 'test');
  `);
  env = { db, host: { now: () => Date.UTC(2024, 6, 1), appVersion: '0.0.0-test' }, ctx: createJobContext(), asOfDate: '2024-06-30' };
});

const wechat = { segment: { id: 1 }, preset: 'wechat' } as const;

describe('audience export on a hand-built workspace', () => {
  it('reads OpenIDs from channel identities and events, preferring registered identities, and applies DND by OpenID', async () => {
    const p = await previewAudience(env, wechat);
    expect(p.counts).toMatchObject({ segment: 4, excluded: 2, excludedByReason: { dnd: 1, no_contact: 1 }, exported: 2 });
    // P2 has an OpenID from 公众号 and another from an event; the registered one wins, the UnionID comes from the event.
    expect(p.sample.map((r) => r.slice(0, 3))).toEqual([
      ['P1', 'oOPE****0001', 'uUNI****0001'],
      ['P2', 'oOPE****0002', 'uUNI****0002'],
    ]);
  });

  it('takes the phone of another customer number of the same person', async () => {
    const p = await previewAudience(env, { segment: { id: 1 }, preset: 'sms' });
    expect(p.sample.map((r) => r.slice(0, 2))).toEqual([
      ['P1', '138****0001'],
      ['P2', '138****0002'],
      ['P3', '138****0003'],
    ]);
    expect(p.counts.excludedByReason).toEqual({ no_contact: 1 });
  });

  it('writes XLSX through the streaming writer, recording the export and its contacts', async () => {
    const args: AudienceExportArgs = { ...wechat, format: 'xlsx', unmask: { reason: '测试' }, holdoutPercent: 50, campaignKey: 'K' };
    const r = await exportAudience(env, args, { id: 'w', name: 'test' });
    const wb = XLSX.read(r.bytes, { type: 'array' });
    const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
    if (!sheet) throw new Error('no sheet');
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: '' });
    expect(rows[0]).toEqual(['ONE_ID', 'OpenID', 'UnionID', '姓名']);
    expect(rows.length - 1).toBe(r.manifest.counts.exported);
    expect(r.manifest.counts.exported + r.manifest.counts.holdout).toBe(2);
    const logged = db.all<{ one_id: string; arm: string }>('SELECT one_id, arm FROM export_contact WHERE export_id = ? ORDER BY one_id', [r.manifest.exportId]);
    expect(logged.map((x) => x.one_id)).toEqual(['P1', 'P2']);
    expect(rows.slice(1).map((x) => x[0])).toEqual(logged.filter((x) => x.arm === 'target').map((x) => x.one_id));
    if (rows[1]) expect(rows[1][1]).toMatch(/^oOPEN0000000\d\d$/);
    const audit = db.all<{ action: string; detail: string }>("SELECT action, detail FROM audit_log WHERE action IN ('export.audience', 'pii.reveal') ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['export.audience', 'pii.reveal']);
    expect(JSON.parse(audit[1]?.detail ?? '{}')).toMatchObject({ where: 'export.audience', reason: '测试' });
  });
});
