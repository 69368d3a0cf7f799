/**
 * Settings of the tag run, stored in the workspace (`meta.tag_settings`, JSON) so that a run can be repeated and
 * a recipe can carry them. Defaults are documented in docs/tags.md; the lifecycle thresholds are tuned on the
 * demo bank and meant to be edited.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import { LIFECYCLE_GROUPS, type DeepPartial, type TagSettings, type TagSettingsPatch } from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { getMeta, setMeta } from '#shared/workspace/workspaceService.ts';

const KEY = 'tag_settings';

/** SPSS Modeler's RFM default: R, F and M quintiles read as a three-digit code (R×100 + F×10 + M). */
export const SPSS_RFM_WEIGHTS: readonly [number, number, number] = [100, 10, 1];

export const DEFAULT_TAG_SETTINGS: TagSettings = {
  rfm: { weights: SPSS_RFM_WEIGHTS },
  value: { clvMonths: 12, margin: 0.01, monthlyDiscount: 0.01, aumSpread: 0.01, loanSpread: 0.02, fitSample: 20_000 },
  interest: { minTransactions: 3 },
  risk: { outflowMinYuan: 50_000, dormantGapDays: 180, reactivatedWithinDays: 30 },
  marketing: { fatigueTouches30d: 4, unresponsiveMinSends: 3 },
  lifecycle: {
    order: ['stable_dormant', 'churn_risk', 'first_purchase', 'high_frequency', 'repeat_purchase', 'high_potential'],
    stableDormant: { minInactiveDays: 180, minAumYuan: 100, minTenureMonths: 6 },
    churnRisk: { outflowMinYuan: 1, decayRatio: 0.5, decayMinPrevTxns: 2, salaryGapDays: 45, aumDropShare: 0.3, pAliveBelow: 0.3, minSignals: 2 },
    firstPurchase: { withinDays: 90 },
    repeatPurchase: { minPurchases: 2, withinDays: 150 },
    highFrequency: { activeDaysQuantile: 0.8, minActiveDays: 12 },
    highPotential: { incomeQuantile: 0.3, maxInvestmentYuan: 0, activeWithinDays: 180 },
  },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Lays a patch over settings, key by key; unknown keys and values of the wrong type are refused. */
export function mergeTagSettings<T>(base: T, patch: DeepPartial<T> | undefined, path = 'settings'): T {
  if (patch === undefined) return base;
  if (!isObject(base) || !isObject(patch)) throw new ExpectedError('BAD_ARGUMENT', `${path} must be an object.`, { path });
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (!(k in base)) throw new ExpectedError('BAD_ARGUMENT', `Unknown setting ${path}.${k}.`, { path: `${path}.${k}` });
    const cur = (base as Record<string, unknown>)[k];
    if (Array.isArray(cur)) {
      if (!Array.isArray(v)) throw new ExpectedError('BAD_ARGUMENT', `${path}.${k} must be a list.`, { path: `${path}.${k}` });
      out[k] = v;
    } else if (isObject(cur)) out[k] = mergeTagSettings(cur, v as DeepPartial<typeof cur>, `${path}.${k}`);
    else if (typeof cur !== typeof v || (typeof v === 'number' && !Number.isFinite(v))) {
      throw new ExpectedError('BAD_ARGUMENT', `${path}.${k} must be a ${typeof cur}.`, { path: `${path}.${k}` });
    } else out[k] = v;
  }
  return out as T;
}

/** Range checks the UI cannot express in types. */
export function validateTagSettings(s: TagSettings): TagSettings {
  const bad = (path: string, message: string): never => {
    throw new ExpectedError('BAD_ARGUMENT', `${path}: ${message}`, { path });
  };
  if (s.rfm.weights.length !== 3 || s.rfm.weights.some((w) => !Number.isFinite(w) || w < 0)) bad('rfm.weights', 'three non-negative numbers');
  const order = s.lifecycle.order;
  if (order.length !== LIFECYCLE_GROUPS.length || new Set(order).size !== order.length || order.some((g) => !LIFECYCLE_GROUPS.includes(g))) {
    bad('lifecycle.order', `each of ${LIFECYCLE_GROUPS.join(', ')} once`);
  }
  for (const [path, q] of [
    ['lifecycle.highFrequency.activeDaysQuantile', s.lifecycle.highFrequency.activeDaysQuantile],
    ['lifecycle.highPotential.incomeQuantile', s.lifecycle.highPotential.incomeQuantile],
    ['lifecycle.churnRisk.decayRatio', s.lifecycle.churnRisk.decayRatio],
    ['lifecycle.churnRisk.aumDropShare', s.lifecycle.churnRisk.aumDropShare],
    ['lifecycle.churnRisk.pAliveBelow', s.lifecycle.churnRisk.pAliveBelow],
    ['value.margin', s.value.margin],
  ] as const) {
    if (q < 0 || q > 1) bad(path, 'between 0 and 1');
  }
  if (s.value.clvMonths < 1 || s.value.clvMonths > 120) bad('value.clvMonths', 'between 1 and 120');
  if (s.value.fitSample < 100) bad('value.fitSample', 'at least 100');
  return s;
}

export function loadTagSettings(db: Db): TagSettings {
  const raw = getMeta(db, KEY);
  if (!raw) return DEFAULT_TAG_SETTINGS;
  try {
    return validateTagSettings(mergeTagSettings(DEFAULT_TAG_SETTINGS, JSON.parse(raw) as TagSettingsPatch));
  } catch {
    return DEFAULT_TAG_SETTINGS;
  }
}

export function saveTagSettings(db: Db, s: TagSettings): void {
  setMeta(db, KEY, JSON.stringify(validateTagSettings(s)));
}
