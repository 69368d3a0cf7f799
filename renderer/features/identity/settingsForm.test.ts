import { describe, expect, it } from 'vitest';
import type { IdentifierType, IdentitySettings } from '#shared/api/identityTypes.ts';
import { checkForm, isEmptyPatch, toForm, type SettingsForm } from './settingsForm.ts';

const TYPES: readonly IdentifierType[] = ['cust_no', 'id_card', 'foreign_permanent', 'passport', 'hk_macau_permit', 'taiwan_permit', 'uscc', 'card_no', 'unionid', 'app_user_id', 'phone', 'email', 'openid', 'device_id', 'cookie_id'];

// Priorities deliberately not in the default order, to see the form sort by them.
const BASE: IdentitySettings = {
  rules: Object.fromEntries(TYPES.map((t, i) => [t, { priority: t === 'phone' ? 5 : 10 + i, cap: 1, maxRecords: 1000, enabled: true }])) as IdentitySettings['rules'],
  reviewSlack: 1,
  linkWeight: 8,
  reviewWeight: 3,
  probabilistic: true,
  maxBlockSize: 400,
  emIterations: 50,
};

function edit(form: SettingsForm, type: IdentifierType, change: Partial<SettingsForm['rules'][number]>): SettingsForm {
  return { ...form, rules: form.rules.map((r) => (r.type === type ? { ...r, ...change } : r)) };
}

describe('settings form', () => {
  it('lists the rules by priority', () => {
    const form = toForm(BASE);
    expect(form.rules[0]?.type).toBe('phone');
    expect(form.rules[1]?.type).toBe('cust_no');
    expect(form.rules).toHaveLength(15);
  });

  it('sends nothing when nothing changed', () => {
    const r = checkForm(BASE, toForm(BASE));
    expect(r.errors.size).toBe(0);
    expect(r.patch && isEmptyPatch(r.patch)).toBe(true);
  });

  it('sends only the values that changed', () => {
    let form = edit(toForm(BASE), 'phone', { cap: '3', enabled: false });
    form = { ...form, linkWeight: '9.5', probabilistic: false };
    expect(checkForm(BASE, form).patch).toEqual({ rules: { phone: { cap: 3, enabled: false } }, linkWeight: 9.5, probabilistic: false });
  });

  it('refuses values outside the engine’s ranges, and fractions where counts are meant', () => {
    const form = edit({ ...toForm(BASE), maxBlockSize: '1', emIterations: 'abc' }, 'device_id', { cap: '1.5', priority: '-1' });
    const r = checkForm(BASE, form);
    expect(r.patch).toBeNull();
    expect([...r.errors.keys()].sort()).toEqual(['emIterations', 'maxBlockSize', 'rules.device_id.cap', 'rules.device_id.priority']);
    expect(r.errors.get('maxBlockSize')).toEqual({ kind: 'range', min: 2, max: 1_000_000 });
  });

  it('refuses a review weight above the merge weight', () => {
    const r = checkForm(BASE, { ...toForm(BASE), reviewWeight: '9' });
    expect(r.errors.get('reviewWeight')).toEqual({ kind: 'order' });
    expect(r.patch).toBeNull();
  });
});
