/**
 * The identifier types resolution links on, their default priorities and caps, and the settings they form.
 */
import type { IdentifierRule, IdentifierType, IdentitySettings, IdentitySettingsPatch } from '#shared/api/identityTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { PiiType } from '#shared/model/entities.ts';

/**
 * How a type's values constrain merges.
 * - `hard`: one person has at most one value (an ID document number); two components with different values never
 *   merge, whatever links them.
 * - `soft`: different values keep components apart unless a `hard` identifier links them (two customer numbers of
 *   one person are merged by a shared 身份证, never by a shared phone).
 * - `none`: people share these (phones, devices).
 */
export type Exclusivity = 'hard' | 'soft' | 'none';

interface TypeDef {
  readonly type: IdentifierType;
  readonly zh: string;
  readonly en: string;
  readonly exclusivity: Exclusivity;
  readonly pii: PiiType | null;
  readonly rule: IdentifierRule;
}

const rule = (priority: number, cap: number, maxRecords: number): IdentifierRule => ({ priority, cap, maxRecords, enabled: true });

/**
 * Defaults. Caps of ID documents are high: every record carrying one number is the same person, and a number on
 * more than 50 customers is a dummy. A phone may be a family's (3); a unionid, app user id, card, OpenID, device or
 * cookie seen on more than one already-identified person is shared and does not link on its own.
 */
export const IDENTIFIER_TYPES: readonly TypeDef[] = [
  { type: 'cust_no', zh: '客户号', en: 'Customer number', exclusivity: 'soft', pii: null, rule: rule(10, 1, 100_000) },
  { type: 'id_card', zh: '居民身份证', en: 'Resident ID card', exclusivity: 'hard', pii: 'id_no', rule: rule(20, 50, 5_000) },
  { type: 'foreign_permanent', zh: '外国人永久居留身份证', en: 'Foreign permanent residence ID', exclusivity: 'hard', pii: 'id_no', rule: rule(21, 50, 5_000) },
  { type: 'passport', zh: '护照', en: 'Passport', exclusivity: 'hard', pii: 'id_no', rule: rule(22, 50, 5_000) },
  { type: 'hk_macau_permit', zh: '港澳居民来往内地通行证', en: 'Hong Kong/Macau permit', exclusivity: 'hard', pii: 'id_no', rule: rule(23, 50, 5_000) },
  { type: 'taiwan_permit', zh: '台湾居民来往大陆通行证', en: 'Taiwan permit', exclusivity: 'hard', pii: 'id_no', rule: rule(24, 50, 5_000) },
  { type: 'uscc', zh: '统一社会信用代码', en: 'Unified social credit code', exclusivity: 'hard', pii: 'id_no', rule: rule(25, 50, 5_000) },
  { type: 'card_no', zh: '银行卡号', en: 'Card number', exclusivity: 'none', pii: 'card_no', rule: rule(30, 1, 2_000) },
  { type: 'unionid', zh: '微信UnionID', en: 'WeChat UnionID', exclusivity: 'none', pii: 'unionid', rule: rule(40, 1, 2_000) },
  { type: 'app_user_id', zh: 'APP用户ID', en: 'App user id', exclusivity: 'none', pii: null, rule: rule(50, 1, 20_000) },
  { type: 'phone', zh: '手机号', en: 'Phone', exclusivity: 'none', pii: 'phone', rule: rule(60, 3, 1_000) },
  { type: 'email', zh: '电子邮箱', en: 'Email', exclusivity: 'none', pii: 'email', rule: rule(70, 2, 500) },
  { type: 'openid', zh: '微信OpenID', en: 'WeChat OpenID', exclusivity: 'none', pii: 'openid', rule: rule(80, 1, 2_000) },
  { type: 'device_id', zh: '设备号', en: 'Device id', exclusivity: 'none', pii: 'device_id', rule: rule(90, 1, 5_000) },
  { type: 'cookie_id', zh: 'Cookie ID', en: 'Cookie id', exclusivity: 'none', pii: 'device_id', rule: rule(95, 1, 5_000) },
];

/** Number of identifier types; type codes are indexes into {@link IDENTIFIER_TYPES} (fit in a Uint8Array). */
export const TYPE_COUNT = IDENTIFIER_TYPES.length;

const codeOf = new Map<IdentifierType, number>(IDENTIFIER_TYPES.map((d, i) => [d.type, i]));

/** Integer code of a type (its index in {@link IDENTIFIER_TYPES}). */
export function typeCode(t: IdentifierType): number {
  const c = codeOf.get(t);
  if (c === undefined) throw new ExpectedError('BAD_ARGUMENT', `Unknown identifier type ${t}`, { type: t });
  return c;
}

export function typeDef(code: number): TypeDef {
  const d = IDENTIFIER_TYPES[code];
  if (!d) throw new ExpectedError('BAD_ARGUMENT', `Unknown identifier type code ${code}`, { code });
  return d;
}

export function isIdentifierType(v: unknown): v is IdentifierType {
  return typeof v === 'string' && codeOf.has(v as IdentifierType);
}

export const DEFAULT_SETTINGS: IdentitySettings = {
  rules: Object.fromEntries(IDENTIFIER_TYPES.map((d) => [d.type, d.rule])) as Record<IdentifierType, IdentifierRule>,
  reviewSlack: 1,
  linkWeight: 8,
  reviewWeight: 3,
  probabilistic: true,
  maxBlockSize: 400,
  emIterations: 50,
};

function finiteIn(name: string, v: number, min: number, max: number): number {
  if (!Number.isFinite(v) || v < min || v > max) {
    throw new ExpectedError('BAD_ARGUMENT', `${name} must be a number from ${min} to ${max}, got ${String(v)}`, { field: name, value: String(v) });
  }
  return v;
}

/** Applies a patch to settings, checking every number; unknown identifier types are refused. */
export function mergeSettings(base: IdentitySettings, patch: IdentitySettingsPatch | undefined): IdentitySettings {
  if (!patch) return base;
  const rules: Record<string, IdentifierRule> = { ...base.rules };
  for (const [t, p] of Object.entries(patch.rules ?? {})) {
    if (!isIdentifierType(t)) throw new ExpectedError('BAD_ARGUMENT', `Unknown identifier type ${t}`, { type: t });
    const cur = base.rules[t];
    if (!p) continue;
    rules[t] = {
      priority: p.priority === undefined ? cur.priority : finiteIn(`${t}.priority`, p.priority, 0, 1000),
      cap: p.cap === undefined ? cur.cap : Math.round(finiteIn(`${t}.cap`, p.cap, 1, 1_000_000)),
      maxRecords: p.maxRecords === undefined ? cur.maxRecords : Math.round(finiteIn(`${t}.maxRecords`, p.maxRecords, 1, 1e9)),
      enabled: p.enabled ?? cur.enabled,
    };
  }
  const linkWeight = patch.linkWeight === undefined ? base.linkWeight : finiteIn('linkWeight', patch.linkWeight, -50, 100);
  const reviewWeight = patch.reviewWeight === undefined ? base.reviewWeight : finiteIn('reviewWeight', patch.reviewWeight, -50, 100);
  if (reviewWeight > linkWeight) {
    throw new ExpectedError('BAD_ARGUMENT', 'reviewWeight must not exceed linkWeight', { reviewWeight, linkWeight });
  }
  return {
    rules: rules as Record<IdentifierType, IdentifierRule>,
    reviewSlack: patch.reviewSlack === undefined ? base.reviewSlack : Math.round(finiteIn('reviewSlack', patch.reviewSlack, 0, 1000)),
    linkWeight,
    reviewWeight,
    probabilistic: patch.probabilistic ?? base.probabilistic,
    maxBlockSize: patch.maxBlockSize === undefined ? base.maxBlockSize : Math.round(finiteIn('maxBlockSize', patch.maxBlockSize, 2, 1_000_000)),
    emIterations: patch.emIterations === undefined ? base.emIterations : Math.round(finiteIn('emIterations', patch.emIterations, 1, 10_000)),
  };
}

/** Type codes in linking order: by priority, then by the default order. Disabled types are left out. */
export function linkOrder(settings: IdentitySettings): number[] {
  return IDENTIFIER_TYPES.map((d, i) => ({ i, r: settings.rules[d.type] }))
    .filter((x) => x.r.enabled)
    .sort((a, b) => a.r.priority - b.r.priority || a.i - b.i)
    .map((x) => x.i);
}
