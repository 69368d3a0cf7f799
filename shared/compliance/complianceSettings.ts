/**
 * The workspace's marketing-compliance rules: defaults, validated patches, and storage as JSON in
 * `meta.compliance_settings` (plain data, so a recipe can carry it to another workspace).
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ComplianceSettings, ComplianceSettingsPatch } from '#shared/api/exportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { getMeta, setMeta } from '#shared/workspace/workspaceService.ts';

const SETTINGS_KEY = 'compliance_settings';

/**
 * Defaults: every rule on; minors under 18; at most 2 marketing contacts per customer in 7 days and 6 in 30 days
 * across campaigns; no contact between 21:00 and 08:00. Status words cover the spellings core systems use.
 */
export const DEFAULT_COMPLIANCE_SETTINGS: ComplianceSettings = {
  exclusions: {
    staff: true,
    deceased: true,
    frozen: true,
    closed: true,
    minors: true,
    minorAge: 18,
    deceasedWords: ['死亡', '身故', '已故', '亡故', 'deceased', 'dead'],
    frozenWords: ['冻结', '止付', '挂失', 'frozen', 'blocked'],
    closedWords: ['销户', '注销', '关户', '已销', '清户', 'closed', 'cancelled'],
  },
  dnd: true,
  suitability: { enabled: true, excludeUnassessed: true, excludeExpired: true },
  caps: { enabled: true, max7d: 2, max30d: 6 },
  quietHours: { enabled: true, start: '21:00', end: '08:00' },
};

const HM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function bool(name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new ExpectedError('BAD_ARGUMENT', `${name} must be true or false`, { setting: name });
  return v;
}

function cap(name: string, v: unknown, fallback: number | null): number | null {
  if (v === undefined) return fallback;
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1000) {
    throw new ExpectedError('BAD_ARGUMENT', `${name} must be a whole number from 0 to 1000, or empty for no cap`, { setting: name });
  }
  return v;
}

function words(name: string, v: unknown, fallback: readonly string[]): readonly string[] {
  if (v === undefined) return fallback;
  if (!Array.isArray(v) || !v.every((w): w is string => typeof w === 'string')) {
    throw new ExpectedError('BAD_ARGUMENT', `${name} must be a list of words`, { setting: name });
  }
  return [...new Set(v.map((w) => w.trim()).filter((w) => w !== ''))];
}

function hm(name: string, v: unknown, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !HM.test(v)) throw new ExpectedError('BAD_ARGUMENT', `${name} must be a time HH:MM`, { setting: name });
  return v;
}

/** Applies a patch to settings; throws `BAD_ARGUMENT` naming the setting when a value is out of range. */
export function mergeComplianceSettings(base: ComplianceSettings, patch: ComplianceSettingsPatch | undefined): ComplianceSettings {
  if (!patch) return base;
  const e = patch.exclusions ?? {};
  const minorAge = e.minorAge === undefined ? base.exclusions.minorAge : e.minorAge;
  if (!Number.isInteger(minorAge) || minorAge < 0 || minorAge > 30) {
    throw new ExpectedError('BAD_ARGUMENT', 'exclusions.minorAge must be a whole number of years from 0 to 30', { setting: 'exclusions.minorAge' });
  }
  const s = patch.suitability ?? {};
  const c = patch.caps ?? {};
  const q = patch.quietHours ?? {};
  return {
    exclusions: {
      staff: bool('exclusions.staff', e.staff, base.exclusions.staff),
      deceased: bool('exclusions.deceased', e.deceased, base.exclusions.deceased),
      frozen: bool('exclusions.frozen', e.frozen, base.exclusions.frozen),
      closed: bool('exclusions.closed', e.closed, base.exclusions.closed),
      minors: bool('exclusions.minors', e.minors, base.exclusions.minors),
      minorAge,
      deceasedWords: words('exclusions.deceasedWords', e.deceasedWords, base.exclusions.deceasedWords),
      frozenWords: words('exclusions.frozenWords', e.frozenWords, base.exclusions.frozenWords),
      closedWords: words('exclusions.closedWords', e.closedWords, base.exclusions.closedWords),
    },
    dnd: bool('dnd', patch.dnd, base.dnd),
    suitability: {
      enabled: bool('suitability.enabled', s.enabled, base.suitability.enabled),
      excludeUnassessed: bool('suitability.excludeUnassessed', s.excludeUnassessed, base.suitability.excludeUnassessed),
      excludeExpired: bool('suitability.excludeExpired', s.excludeExpired, base.suitability.excludeExpired),
    },
    caps: {
      enabled: bool('caps.enabled', c.enabled, base.caps.enabled),
      max7d: cap('caps.max7d', c.max7d, base.caps.max7d),
      max30d: cap('caps.max30d', c.max30d, base.caps.max30d),
    },
    quietHours: {
      enabled: bool('quietHours.enabled', q.enabled, base.quietHours.enabled),
      start: hm('quietHours.start', q.start, base.quietHours.start),
      end: hm('quietHours.end', q.end, base.quietHours.end),
    },
  };
}

/** The stored settings over the defaults (a setting added in a later version takes its default). */
export function loadComplianceSettings(db: Db): ComplianceSettings {
  const raw = getMeta(db, SETTINGS_KEY);
  if (!raw) return DEFAULT_COMPLIANCE_SETTINGS;
  try {
    return mergeComplianceSettings(DEFAULT_COMPLIANCE_SETTINGS, JSON.parse(raw) as ComplianceSettingsPatch);
  } catch {
    // A value hand-edited out of range: the defaults are the safe reading.
    return DEFAULT_COMPLIANCE_SETTINGS;
  }
}

export function saveComplianceSettings(db: Db, settings: ComplianceSettings): void {
  setMeta(db, SETTINGS_KEY, JSON.stringify(settings));
}
