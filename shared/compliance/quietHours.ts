/**
 * Quiet hours (免打扰时段): no marketing contact is planned between `start` and `end`, a window that may wrap past
 * midnight (21:00–08:00). Reach plans and exports check planned times against it.
 */
import type { ComplianceSettings } from '#shared/api/exportTypes.ts';

type QuietHours = ComplianceSettings['quietHours'];

function minutes(hm: string): number {
  const [h = '0', m = '0'] = hm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Minutes after midnight of a `YYYY-MM-DD HH:MM[:SS]` datetime (a bare date is midnight). */
function minuteOfDay(datetime: string): number {
  const m = /^\d{4}-\d{2}-\d{2}(?:[ T](\d{2}):(\d{2}))?/.exec(datetime);
  return m ? Number(m[1] ?? '0') * 60 + Number(m[2] ?? '0') : 0;
}

/**
 * True when the datetime falls in the quiet window: from `start` inclusive to `end` exclusive, wrapping past
 * midnight when `start` is after `end`. A window whose start equals its end is empty. Off when disabled.
 */
export function isQuietTime(quiet: QuietHours, datetime: string): boolean {
  if (!quiet.enabled) return false;
  const s = minutes(quiet.start);
  const e = minutes(quiet.end);
  const t = minuteOfDay(datetime);
  if (s === e) return false;
  return s < e ? t >= s && t < e : t >= s || t < e;
}

/** The default planned time of a contact on `date`: when quiet hours end (or 09:00 without quiet hours). */
export function firstAllowedTime(quiet: QuietHours, date: string): string {
  return `${date} ${quiet.enabled ? quiet.end : '09:00'}:00`;
}
