/**
 * Marketing-compliance exclusions (营销合规) of one customer: life and account status, minors, staff, DND lists,
 * product suitability and cross-campaign contact caps, each switchable in the settings. The export counts a
 * customer under the first reason (EXCLUSION_REASONS order) and also tallies every rule on its own.
 */
import type { ComplianceSettings, ExclusionReason } from '#shared/api/exportTypes.ts';

/** What the rules need to know about one customer, read from all of the person's records. */
export interface CustomerFacts {
  /** 客户状态 of each customer number of the person (latest snapshot), joined with `|`. */
  readonly statuses: string;
  /** 账户状态 of each account (latest snapshot), joined with `|`; empty when no account is known. */
  readonly accountStatuses: string;
  readonly accounts: number;
  /** Accounts whose status is a closed word or that have a 销户日期 on or before the planned date. */
  readonly closedAccounts: number;
  readonly staff: boolean;
  /** Whole years at the planned date; null when unknown (no birth date, 身份证 number or age). */
  readonly age: number | null;
  /** Risk assessment rank 1–5 (C1–C5); null when not assessed. */
  readonly riskRank: number | null;
  /** Date the assessment expires (`YYYY-MM-DD`); null when unknown. */
  readonly riskExpiry: string | null;
  /** An applicable DND entry names one of the person's identifiers. */
  readonly dnd: boolean;
  /** Planned contacts of other campaigns in the 7 and 30 days up to the planned time. */
  readonly contacts7d: number;
  readonly contacts30d: number;
  /** Has an identifier the channel needs. */
  readonly reachable: boolean;
}

export interface RuleContext {
  readonly settings: ComplianceSettings;
  /** `YYYY-MM-DD` of the planned contact. */
  readonly plannedDate: string;
  /** Risk rank of the product marketed; null when no product or it has no level. */
  readonly productRank: number | null;
}

function anyWord(text: string, words: readonly string[]): boolean {
  if (text === '') return false;
  const lower = text.toLowerCase();
  return words.some((w) => lower.includes(w.toLowerCase()));
}

/** Every rule the customer fails, in EXCLUSION_REASONS order (empty: the customer may be contacted). */
export function exclusionReasons(f: CustomerFacts, ctx: RuleContext): ExclusionReason[] {
  const x = ctx.settings.exclusions;
  const out: ExclusionReason[] = [];
  if (x.deceased && anyWord(f.statuses, x.deceasedWords)) out.push('deceased');
  if (x.closed && (anyWord(f.statuses, x.closedWords) || (f.accounts > 0 && f.closedAccounts === f.accounts))) out.push('closed');
  if (x.frozen && (anyWord(f.statuses, x.frozenWords) || anyWord(f.accountStatuses, x.frozenWords))) out.push('frozen');
  if (x.minors && f.age !== null && f.age < x.minorAge) out.push('minor');
  if (x.staff && f.staff) out.push('staff');
  if (ctx.settings.dnd && f.dnd) out.push('dnd');
  const s = ctx.settings.suitability;
  if (s.enabled && ctx.productRank !== null) {
    if (f.riskRank === null) {
      if (s.excludeUnassessed) out.push('risk_unassessed');
    } else {
      if (s.excludeExpired && f.riskExpiry !== null && f.riskExpiry < ctx.plannedDate) out.push('risk_expired');
      if (f.riskRank < ctx.productRank) out.push('risk_below_product');
    }
  }
  const c = ctx.settings.caps;
  if (c.enabled && c.max7d !== null && f.contacts7d >= c.max7d) out.push('contact_cap_7d');
  if (c.enabled && c.max30d !== null && f.contacts30d >= c.max30d) out.push('contact_cap_30d');
  if (!f.reachable) out.push('no_contact');
  return out;
}
