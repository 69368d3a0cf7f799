/**
 * The realistic dirt of bank exports (typos, phone and date spellings, amount formats, placeholders) and the
 * log that records every planted defect in `truth/dirt.csv`, so tests can tell planted dirt from bugs.
 */
import type { Random } from '#shared/jobs/random.ts';
import { ymdOf } from './calendar.ts';
import { HOMOPHONES } from './lexicon.ts';
import type { TextFileWriter } from './fileWriters.ts';

export type DirtKind =
  | 'name_typo'
  | 'phone_format'
  | 'phone_placeholder'
  | 'missing_field'
  | 'invalid_id_check'
  | 'date_format'
  | 'amount_format'
  | 'duplicate_row'
  | 'title_line'
  | 'total_row'
  | 'malformed_row';

/** Writes `truth/dirt.csv`: one row per planted defect, with the physical line (or sheet row) it is on. */
export class DirtLog {
  constructor(private readonly out: TextFileWriter) {
    out.row(['file', 'line', 'record_id', 'column', 'kind', 'clean_value', 'dirty_value']);
  }

  add(file: string, line: number | string, recordId: string, column: string, kind: DirtKind, clean: string, dirty: string): void {
    this.out.row([file, line, recordId, column, kind, clean, dirty]);
  }
}

/** A phone as people and clerks type it: with country code, spaces or dashes. */
export function phoneVariant(phone: string, r: Random): string {
  const a = phone.slice(0, 3);
  const b = phone.slice(3, 7);
  const c = phone.slice(7);
  switch (r.int(0, 5)) {
    case 0:
      return `+86 ${a} ${b} ${c}`;
    case 1:
      return `${a}-${b}-${c}`;
    case 2:
      return `${a} ${b} ${c}`;
    case 3:
      return `+86${phone}`;
    case 4:
      return `86-${phone}`;
    default:
      return `(+86)${phone}`;
  }
}

/** A date in one of the other spellings found in Chinese exports: 2024/3/5, 20240305, 2024年3月5日, 2024.03.05. */
export function dateVariant(day: number, r: Random): string {
  const { y, m, d } = ymdOf(day);
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  switch (r.int(0, 3)) {
    case 0:
      return `${y}/${m}/${d}`;
    case 1:
      return `${y}${mm}${dd}`;
    case 2:
      return `${y}年${m}月${d}日`;
    default:
      return `${y}.${mm}.${dd}`;
  }
}

/** Yuan with two decimals, `-` for negatives: the clean spelling. */
export function yuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const s = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

function grouped(fen: number): string {
  const [int = '0', dec = '00'] = yuan(Math.abs(fen)).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

/**
 * A money amount as spreadsheets and statements write it: thousands separators (1,234.50), a currency sign
 * (￥88.00), or accounting parentheses for negatives ((12.00)).
 */
export function amountVariant(fen: number, r: Random): string {
  if (fen < 0) return `(${grouped(fen)})`;
  const choice = r.int(0, 2);
  if (choice === 0 && fen >= 100_000) return grouped(fen);
  if (choice === 1) return `￥${grouped(fen)}`;
  return `￥${yuan(fen)}`;
}

/** A clerk's typo in a Chinese name: a near-homophone for one given-name character, or a stray space. */
export function nameTypo(name: string, surnameLength: number, r: Random): string {
  const chars = [...name];
  const candidates: number[] = [];
  for (let i = surnameLength; i < chars.length; i++) if (HOMOPHONES[chars[i] ?? ''] !== undefined) candidates.push(i);
  if (candidates.length > 0 && r.chance(0.8)) {
    const at = r.pick(candidates);
    chars[at] = HOMOPHONES[chars[at] ?? ''] ?? chars[at] ?? '';
    return chars.join('');
  }
  return `${chars.slice(0, surnameLength).join('')} ${chars.slice(surnameLength).join('')}`;
}
