/** Charts pinned with 加入报告 (`report_pin`, migration 11): kept in the workspace until removed. */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ReportPin } from '#shared/api/reportTypes.ts';
import type { Db } from '#shared/db/database.ts';

type PinRow = {
  readonly pin_id: number;
  readonly title: string;
  readonly option: string;
  readonly width: number;
  readonly height: number;
  readonly created_at: string;
};

/** Options larger than this are refused: a pinned chart is a picture, not a data export. */
export const MAX_PIN_BYTES = 2_000_000;

export function listPins(db: Db): ReportPin[] {
  return db
    .all<PinRow>('SELECT pin_id, title, option, width, height, created_at FROM report_pin ORDER BY pin_id')
    .map((r) => ({ pinId: r.pin_id, title: r.title, option: JSON.parse(r.option) as unknown, width: r.width, height: r.height, createdAt: r.created_at }));
}

/**
 * Stores a chart option as JSON (functions such as formatters drop out; the SVG renderer uses defaults).
 * @param width pixels, 200–1200 (default 720); @param height pixels, 120–1200 (default 320)
 */
export function addPin(db: Db, pin: { readonly title: string; readonly option: unknown; readonly width?: number; readonly height?: number }, nowIso: string): ReportPin {
  const json = JSON.stringify(pin.option ?? {});
  if (json.length > MAX_PIN_BYTES) throw new ExpectedError('BAD_ARGUMENT', `The chart is too large to pin (${json.length} bytes, at most ${MAX_PIN_BYTES}).`, { field: 'option', value: String(json.length) });
  const title = pin.title.trim() || '图表';
  const width = clamp(pin.width ?? 720, 200, 1200);
  const height = clamp(pin.height ?? 320, 120, 1200);
  db.run('INSERT INTO report_pin(title, option, width, height, created_at) VALUES (?, ?, ?, ?, ?)', [title, json, width, height, nowIso]);
  const pinId = Number(db.value('SELECT last_insert_rowid()'));
  return { pinId, title, option: JSON.parse(json) as unknown, width, height, createdAt: nowIso };
}

export function removePin(db: Db, pinId: number): boolean {
  return db.run('DELETE FROM report_pin WHERE pin_id = ?', [pinId]) > 0;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.round(Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : lo)));
}
