/**
 * Yes/no flags to 0/1; see {@link parseBool}.
 */
import { foldCell } from './chars.ts';
import { fail, ok, type ParseResult } from './parseResult.ts';

const TRUE_WORDS = ['1', '1.0', 'y', 'yes', 't', 'true', 'on', '是', '是的', '有', '对', '真', '√', '✓', '✔', '☑'];
const FALSE_WORDS = ['0', '0.0', 'n', 'no', 'f', 'false', 'off', '否', '不是', '无', '错', '假', '×', '✗', '✘', '☐'];

const WORDS: ReadonlyMap<string, 0 | 1> = new Map<string, 0 | 1>([
  ...TRUE_WORDS.map((w): [string, 1] => [w, 1]),
  ...FALSE_WORDS.map((w): [string, 0] => [w, 0]),
]);

/**
 * Parses a flag: 是/否, Y/N, yes/no, true/false, T/F, 1/0 (also `1.0`/`0.0` from spreadsheets), on/off, 有/无,
 * 对/错, 真/假, √/× and check-box marks; case-insensitive, full-width folded. Fails with BOOL_INVALID. Note that
 * `无` is also a missing-value marker (see isMissing), so callers check bool fields here before isMissing.
 */
export function parseBool(raw: string): ParseResult<0 | 1> {
  let v = WORDS.get(raw);
  if (v === undefined) v = WORDS.get(foldCell(raw).toLowerCase());
  return v === undefined ? fail('BOOL_INVALID') : ok(v);
}
