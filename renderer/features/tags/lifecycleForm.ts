/**
 * The lifecycle thresholds as a flat form (`stableDormant.minInactiveDays` → 180) and back to a settings patch:
 * the form edits numbers only; the order is edited separately.
 */
import type { DeepPartial, LifecycleSettings } from '#shared/api/tagTypes.ts';

export type ThresholdField = Exclude<keyof LifecycleSettings, 'order'>;

/** Every editable threshold, grouped by lifecycle group, in display order. */
export const THRESHOLD_FIELDS: readonly (readonly [ThresholdField, string])[] = [
  ['stableDormant', 'minInactiveDays'],
  ['stableDormant', 'minAumYuan'],
  ['stableDormant', 'minTenureMonths'],
  ['churnRisk', 'outflowMinYuan'],
  ['churnRisk', 'decayRatio'],
  ['churnRisk', 'decayMinPrevTxns'],
  ['churnRisk', 'salaryGapDays'],
  ['churnRisk', 'aumDropShare'],
  ['churnRisk', 'pAliveBelow'],
  ['churnRisk', 'minSignals'],
  ['firstPurchase', 'withinDays'],
  ['repeatPurchase', 'minPurchases'],
  ['repeatPurchase', 'withinDays'],
  ['highFrequency', 'activeDaysQuantile'],
  ['highFrequency', 'minActiveDays'],
  ['highPotential', 'incomeQuantile'],
  ['highPotential', 'maxInvestmentYuan'],
  ['highPotential', 'activeWithinDays'],
];

export type ThresholdForm = Readonly<Record<string, string>>;

export function thresholdsToForm(s: LifecycleSettings): ThresholdForm {
  const out: Record<string, string> = {};
  for (const [group, field] of THRESHOLD_FIELDS) out[`${group}.${field}`] = String((s[group] as unknown as Record<string, number>)[field] ?? '');
  return out;
}

/** A patch from the form; null with the first bad field when a value is not a non-negative number. */
export function formToPatch(form: ThresholdForm): { readonly patch: DeepPartial<LifecycleSettings> } | { readonly bad: string } {
  const patch: Record<string, Record<string, number>> = {};
  for (const [group, field] of THRESHOLD_FIELDS) {
    const key = `${group}.${field}`;
    const text = (form[key] ?? '').trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || n < 0) return { bad: key };
    (patch[group] ??= {})[field] = n;
  }
  return { patch: patch };
}
