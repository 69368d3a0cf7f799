import { describe, expect, it } from 'vitest';
import { DEFAULT_TAG_SETTINGS } from '#shared/tags/tagSettings.ts';
import { formToPatch, thresholdsToForm, THRESHOLD_FIELDS } from './lifecycleForm.ts';

describe('lifecycle threshold form', () => {
  it('round-trips the default thresholds', () => {
    const form = thresholdsToForm(DEFAULT_TAG_SETTINGS.lifecycle);
    expect(Object.keys(form)).toHaveLength(THRESHOLD_FIELDS.length);
    expect(form['stableDormant.minInactiveDays']).toBe('180');
    const r = formToPatch(form);
    expect('patch' in r && r.patch.highFrequency?.activeDaysQuantile).toBe(0.8);
  });

  it('names the first field that is not a non-negative number', () => {
    const form = { ...thresholdsToForm(DEFAULT_TAG_SETTINGS.lifecycle), 'churnRisk.decayRatio': 'abc' };
    expect(formToPatch(form)).toEqual({ bad: 'churnRisk.decayRatio' });
    expect(formToPatch({ ...form, 'churnRisk.decayRatio': '-1' })).toEqual({ bad: 'churnRisk.decayRatio' });
  });
});
