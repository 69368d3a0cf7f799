/**
 * Person names for matching: cleaned spelling, pinyin (pinyin-pro) and the similarity levels the
 * Fellegi–Sunter stage compares.
 */
import { distance } from 'fastest-levenshtein';
import { pinyin } from 'pinyin-pro';
import { foldCell } from '#shared/values/chars.ts';

/** Separators inside names: spaces, the middle dots of minority and foreign names, full stops. */
const NAME_SEPARATORS = /[\s·•・.\u00b7\u2027\u30fb]+/g;
/** Forms of address that replace a given name in channel data (张先生, 李女士). */
const TITLES = /(?:先生|女士|小姐|老师|阿姨|师傅)$/;

/**
 * A name as compared: full-width folded, separators removed (`张 伟`, `买买提·艾力`), Latin letters lower-cased. A
 * surname with a title (`张先生`) or a single character is no usable name and gives ''.
 */
export function cleanName(raw: string | null): string {
  if (raw === null) return '';
  let s = foldCell(raw).replace(NAME_SEPARATORS, '').toLowerCase();
  if (TITLES.test(s)) return '';
  s = s.replace(/[0-9]/g, '');
  return [...s].length >= 2 ? s : '';
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Pinyin without tones, one syllable per character, cached per character: pinyin-pro converts a whole name in
 * ~7 µs, a cached character in well under one, and a million names are resolved per run. The first character
 * uses pinyin-pro's surname readings (单 shan, 曾 zeng, 解 xie), the others the common reading.
 */
const firstCache = new Map<string, string>();
const restCache = new Map<string, string>();

function syllable(ch: string, first: boolean): string {
  const cache = first ? firstCache : restCache;
  let py = cache.get(ch);
  if (py === undefined) {
    py = HAN.test(ch) ? pinyin(ch, { toneType: 'none', type: 'string', ...(first ? { surname: 'head' as const } : {}) }).replace(/\s+/g, '') : ch;
    cache.set(ch, py);
  }
  return py;
}

/** Syllables of a cleaned name (`张伟` → `zhang wei`); Latin names come back as they are. */
export function namePinyin(name: string): string {
  if (!HAN.test(name)) return name;
  const chars = [...name];
  return chars.map((c, i) => syllable(c, i === 0)).join(' ');
}

/** Name agreement levels, strongest first. */
export const NAME_LEVELS = ['exact', 'pinyin', 'similar', 'different'] as const;

/**
 * Compares two cleaned names.
 * - `exact`: the same characters;
 * - `pinyin`: the same syllables — homophone typos (张伟/张玮), traditional characters (張偉), pinyin spellings;
 * - `similar`: one character different, added or missing (王晓明/王小明 when not homophones, 欧阳娜娜/欧娜娜), or
 *   syllables within edit distance 2 of each other (zhang wei/zhang wen);
 * - `different`.
 * `pa`, `pb` are the names' {@link namePinyin}.
 */
export function compareNames(a: string, b: string, pa: string, pb: string): number {
  if (a === b) return 0;
  const ka = pinyinKey(pa);
  const kb = pinyinKey(pb);
  if (ka === kb) return 1;
  const ca = [...a];
  const cb = [...b];
  if (Math.min(ca.length, cb.length) >= 2 && ca[0] === cb[0] && distance(a, b) <= 1) return 2;
  if (ka.length >= 4 && firstSyllable(pa) === firstSyllable(pb) && distance(ka, kb) <= 2) return 2;
  return 3;
}

function firstSyllable(py: string): string {
  const sp = py.indexOf(' ');
  return sp < 0 ? '' : py.slice(0, sp);
}

/** Pinyin of a name without separators, for blocking (`zhangwei`). */
export function pinyinKey(py: string): string {
  return py.replace(/ /g, '');
}
