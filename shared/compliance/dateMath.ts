/** Calendar arithmetic on `YYYY-MM-DD` texts (UTC days, so no time zone or daylight saving can shift a date). */

function parts(date: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** `date` moved by `days` (negative goes back); the time part of a datetime is kept. */
export function addDays(datetime: string, days: number): string {
  const p = parts(datetime);
  if (!p) return datetime;
  const d = new Date(Date.UTC(p[0], p[1] - 1, p[2] + days));
  return `${d.toISOString().slice(0, 10)}${datetime.slice(10)}`;
}

/** Whole years from `birth` to `on` (an age), or null when either is not a date. */
export function wholeYears(birth: string, on: string): number | null {
  const b = parts(birth);
  const o = parts(on);
  if (!b || !o) return null;
  let years = o[0] - b[0];
  if (o[1] < b[1] || (o[1] === b[1] && o[2] < b[2])) years--;
  return years;
}

/** The birth date a mainland 18-character 身份证 number carries, or null for other shapes. */
export function birthDateOfIdNumber(idNo: string | null): string | null {
  if (!idNo || !/^\d{17}[\dX]$/.test(idNo)) return null;
  const d = `${idNo.slice(6, 10)}-${idNo.slice(10, 12)}-${idNo.slice(12, 14)}`;
  return parts(d) ? d : null;
}
