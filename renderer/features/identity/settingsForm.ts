/**
 * The settings editor's state: the identity settings as text inputs, checked against the same ranges the engine
 * enforces (shared/identity/identifierTypes.ts `mergeSettings`, which stays the authority and reports anything
 * this misses), and turned into a patch holding only what changed.
 */
import type { IdentifierRule, IdentifierType, IdentitySettings, IdentitySettingsPatch } from '#shared/api/identityTypes.ts';
import { IDENTIFIER_TYPES } from './identityLabels.ts';

export interface RuleForm {
  readonly type: IdentifierType;
  readonly priority: string;
  readonly cap: string;
  readonly maxRecords: string;
  readonly enabled: boolean;
}

export interface SettingsForm {
  /** In priority order, as loaded; editing a priority does not reorder the rows under the cursor. */
  readonly rules: readonly RuleForm[];
  readonly reviewSlack: string;
  readonly linkWeight: string;
  readonly reviewWeight: string;
  readonly probabilistic: boolean;
  readonly maxBlockSize: string;
  readonly emIterations: string;
}

type RuleNumber = 'priority' | 'cap' | 'maxRecords';
type GeneralNumber = 'reviewSlack' | 'linkWeight' | 'reviewWeight' | 'maxBlockSize' | 'emIterations';

interface Range {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export const LIMITS: Readonly<Record<RuleNumber | GeneralNumber, Range>> = {
  priority: { min: 0, max: 1000, integer: false },
  cap: { min: 1, max: 1_000_000, integer: true },
  maxRecords: { min: 1, max: 1_000_000_000, integer: true },
  reviewSlack: { min: 0, max: 1000, integer: true },
  linkWeight: { min: -50, max: 100, integer: false },
  reviewWeight: { min: -50, max: 100, integer: false },
  maxBlockSize: { min: 2, max: 1_000_000, integer: true },
  emIterations: { min: 1, max: 10_000, integer: true },
};

/** A problem with one input, keyed `rules.<type>.<field>` or by the general field's name. */
export type FieldError = { readonly kind: 'range'; readonly min: number; readonly max: number } | { readonly kind: 'order' };

export function toForm(settings: IdentitySettings): SettingsForm {
  const rules = [...IDENTIFIER_TYPES]
    .sort((a, b) => settings.rules[a].priority - settings.rules[b].priority || IDENTIFIER_TYPES.indexOf(a) - IDENTIFIER_TYPES.indexOf(b))
    .map((type) => {
      const r = settings.rules[type];
      return { type, priority: String(r.priority), cap: String(r.cap), maxRecords: String(r.maxRecords), enabled: r.enabled };
    });
  return {
    rules,
    reviewSlack: String(settings.reviewSlack),
    linkWeight: String(settings.linkWeight),
    reviewWeight: String(settings.reviewWeight),
    probabilistic: settings.probabilistic,
    maxBlockSize: String(settings.maxBlockSize),
    emIterations: String(settings.emIterations),
  };
}

/** The number an input holds, or null when it is not one in range. */
function parse(text: string, range: Range): number | null {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const v = Number(t);
  if (!Number.isFinite(v) || v < range.min || v > range.max) return null;
  if (range.integer && !Number.isInteger(v)) return null;
  return v;
}

export interface Checked {
  readonly errors: ReadonlyMap<string, FieldError>;
  /** Only the values that differ from `base`; null while any input is wrong. */
  readonly patch: IdentitySettingsPatch | null;
}

/** Checks every input and builds the patch of what changed against `base`. */
export function checkForm(base: IdentitySettings, form: SettingsForm): Checked {
  const errors = new Map<string, FieldError>();
  const num = (key: string, text: string, range: Range): number | null => {
    const v = parse(text, range);
    if (v === null) errors.set(key, { kind: 'range', min: range.min, max: range.max });
    return v;
  };
  const rules: Partial<Record<IdentifierType, Partial<IdentifierRule>>> = {};
  for (const r of form.rules) {
    const cur = base.rules[r.type];
    const change: { -readonly [K in keyof IdentifierRule]?: IdentifierRule[K] } = {};
    for (const field of ['priority', 'cap', 'maxRecords'] as const) {
      const v = num(`rules.${r.type}.${field}`, r[field], LIMITS[field]);
      if (v !== null && v !== cur[field]) change[field] = v;
    }
    if (r.enabled !== cur.enabled) change.enabled = r.enabled;
    if (Object.keys(change).length > 0) rules[r.type] = change;
  }
  const general: { -readonly [K in GeneralNumber]?: number } = {};
  for (const field of ['reviewSlack', 'linkWeight', 'reviewWeight', 'maxBlockSize', 'emIterations'] as const) {
    const v = num(field, form[field], LIMITS[field]);
    if (v !== null && v !== base[field]) general[field] = v;
  }
  const link = parse(form.linkWeight, LIMITS.linkWeight);
  const review = parse(form.reviewWeight, LIMITS.reviewWeight);
  if (link !== null && review !== null && review > link) errors.set('reviewWeight', { kind: 'order' });
  if (errors.size > 0) return { errors, patch: null };
  return {
    errors,
    patch: {
      ...(Object.keys(rules).length > 0 ? { rules } : {}),
      ...general,
      ...(form.probabilistic !== base.probabilistic ? { probabilistic: form.probabilistic } : {}),
    },
  };
}

/** Whether a patch changes anything. */
export function isEmptyPatch(patch: IdentitySettingsPatch): boolean {
  return Object.keys(patch).length === 0;
}
