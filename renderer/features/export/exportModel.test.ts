import { describe, expect, it } from 'vitest';
import { checkKey, DEFAULT_FORM, formIssues, manifestName, reasonRows, toArgs, toggle } from './exportModel.ts';

describe('export form', () => {
  it('needs a segment, a reason to unmask, a salt to hash and a campaign for a holdout', () => {
    expect(formIssues(DEFAULT_FORM)).toEqual(['no_segment']);
    const f = { ...DEFAULT_FORM, segmentId: 1 };
    expect(formIssues(f)).toEqual([]);
    expect(formIssues({ ...f, unmask: true, unmaskReason: '  ' })).toEqual(['unmask_needs_reason']);
    expect(formIssues({ ...f, hash: true, salt: '' })).toEqual(['salt_missing']);
    expect(formIssues({ ...f, hash: true, salt: '', hashFields: [] })).toEqual([]);
    expect(formIssues({ ...f, holdoutPercent: '10' })).toEqual(['holdout_needs_campaign']);
    expect(formIssues({ ...f, holdoutPercent: '10%', campaignKey: 'K' })).toEqual([]);
    expect(formIssues({ ...f, holdoutPercent: '100', campaignKey: 'K' })).toEqual(['holdout_range']);
    expect(formIssues({ ...f, holdoutPercent: 'abc', campaignKey: 'K' })).toEqual(['holdout_range']);
    expect(formIssues({ ...f, holdoutPercent: '0' })).toEqual([]);
  });

  it('asks the engine only for what the form sets', () => {
    expect(toArgs({ ...DEFAULT_FORM }, 3)).toEqual({ segment: { id: 3 }, preset: 'sms', format: 'csv', headerLanguage: 'zh', encoding: 'utf8-bom' });
    const args = toArgs(
      {
        ...DEFAULT_FORM,
        preset: 'custom',
        format: 'xlsx',
        plannedAt: '2024-07-01T10:30',
        campaignKey: ' Q3 ',
        holdoutPercent: '12.5',
        unmask: true,
        unmaskReason: '外呼',
        hash: true,
        salt: 's',
        hashFields: ['phone', 'id_no'],
      },
      3,
    );
    expect(args).toEqual({
      segment: { id: 3 },
      preset: 'custom',
      format: 'xlsx',
      headerLanguage: 'zh',
      columns: DEFAULT_FORM.columns,
      channel: 'other',
      plannedAt: '2024-07-01 10:30',
      campaignKey: 'Q3',
      holdoutPercent: 12.5,
      unmask: { reason: '外呼' },
      hash: { salt: 's', fields: ['phone', 'id_no'] },
    });
  });

  it('keeps a compliance check current across changes of how rows are written, not of who is in them', () => {
    const f = { ...DEFAULT_FORM, segmentId: 1 };
    expect(checkKey({ ...f, format: 'xlsx', encoding: 'gbk' })).toBe(checkKey(f));
    expect(checkKey({ ...f, unmask: true, unmaskReason: 'x', hash: true, salt: 's' })).toBe(checkKey(f));
    expect(checkKey({ ...f, productCode: 'WM01' })).not.toBe(checkKey(f));
    expect(checkKey({ ...f, campaignKey: 'K' })).not.toBe(checkKey(f));
  });

  it('lists the rules that matched, in rule order, with first-reason and overlapping counts', () => {
    const rows = reasonRows({
      segment: 10,
      excluded: 4,
      excludedByReason: { no_contact: 1, staff: 3 },
      matchedByRule: { no_contact: 2, staff: 3 },
      eligible: 6,
      holdout: 1,
      exported: 5,
    });
    expect(rows).toEqual([
      { reason: 'staff', first: 3, matched: 3 },
      { reason: 'no_contact', first: 1, matched: 2 },
    ]);
  });

  it('names the manifest beside the file and toggles list values in their order', () => {
    expect(manifestName('名单.csv')).toBe('名单.csv.manifest.json');
    expect(toggle(['b'], 'a', true, ['a', 'b', 'c'])).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a', false, ['a', 'b', 'c'])).toEqual(['b']);
  });
});
