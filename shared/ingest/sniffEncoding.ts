import { analyse } from 'chardet';
import { ExpectedError } from '#shared/api/errors.ts';
import type { EncodingGuess } from '#shared/api/ingestTypes.ts';

/** Encodings the importer decodes (WHATWG labels, as `TextDecoder` names them). */
export const SUPPORTED_ENCODINGS = ['utf-8', 'gb18030', 'big5', 'windows-1252', 'utf-16le', 'utf-16be', 'shift_jis', 'euc-kr'] as const;

/** chardet's names of the encodings we support. GB2312 and GBK text is reported as GB18030, its superset. */
const FROM_CHARDET: Readonly<Record<string, (typeof SUPPORTED_ENCODINGS)[number]>> = {
  'UTF-8': 'utf-8',
  GB18030: 'gb18030',
  Big5: 'big5',
  'ISO-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  Shift_JIS: 'shift_jis',
  'EUC-KR': 'euc-kr',
};

export interface EncodingSniff extends EncodingGuess {
  /** Bytes of the byte-order mark at the start of the file (skipped by the decoder). */
  readonly bomLength: number;
}

/**
 * Guesses the text encoding of a file from its first bytes, in this order:
 * 1. a byte-order mark (UTF-8, UTF-16LE/BE, GB18030) — certain;
 * 2. UTF-16 without a BOM, recognised by zero bytes in every other position;
 * 3. strict UTF-8 validity of the sample — plain ASCII also lands here;
 * 4. chardet's statistical detectors, limited to {@link SUPPORTED_ENCODINGS}, with confidence and alternatives.
 * Legacy Chinese text is reported as GB18030 (a superset of GB2312 and GBK), but Big5 and Latin-1 keep their own
 * names: the preview shows the guess and its alternatives, and the user can override it with `ReadOptions.encoding`.
 *
 * @param sample the first bytes of the file (the importer passes 256 KB)
 * @param complete whether the sample is the whole file (otherwise a multi-byte character cut at its end is fine)
 */
export function sniffEncoding(sample: Uint8Array, complete: boolean): EncodingSniff {
  const bom = detectBom(sample);
  if (bom) return { encoding: bom.encoding, confidence: 100, source: 'bom', alternatives: [], bomLength: bom.length };
  // Before the UTF-8 check: UTF-16 text of ASCII characters is also valid UTF-8 (zero bytes are legal there).
  const utf16 = detectUtf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, confidence: 90, source: 'detector', alternatives: [], bomLength: 0 };
  if (isValidUtf8(sample, complete)) return { encoding: 'utf-8', confidence: 100, source: 'utf8-valid', alternatives: [], bomLength: 0 };

  const best = new Map<string, number>();
  for (const m of analyse(sample)) {
    const enc = FROM_CHARDET[m.name];
    // Not UTF-8: the sample already failed strict UTF-8 decoding.
    if (!enc || enc === 'utf-8') continue;
    best.set(enc, Math.max(best.get(enc) ?? 0, m.confidence));
  }
  // chardet needs many CJK characters to be sure; an export with Chinese in one column gives it little. Then
  // the Chinese reading under which the text consists of common characters wins (GB18030 or Big5), provided
  // it decodes without errors — misread Big5 or Latin-1 bytes turn into rare characters and fail this test.
  const top0 = [...best].sort((a, b) => b[1] - a[1])[0];
  if (!top0 || top0[1] < SURE) {
    for (const enc of CHINESE) {
      const p = hanziPlausibility(sample, enc, complete);
      if (p >= PLAUSIBLE) best.set(enc, Math.max(best.get(enc) ?? 0, Math.min(95, Math.round(p * 100))));
    }
  }
  const ranked = [...best].map(([encoding, confidence]) => ({ encoding, confidence })).sort((a, b) => b.confidence - a.confidence);
  const top = ranked[0];
  if (!top) {
    // Nothing recognisable: GB18030 decodes any byte sequence; the low confidence puts a warning on the preview.
    return { encoding: 'gb18030', confidence: 0, source: 'detector', alternatives: [{ encoding: 'windows-1252', confidence: 0 }], bomLength: 0 };
  }
  return { encoding: top.encoding, confidence: top.confidence, source: 'detector', alternatives: ranked.slice(1, 5), bomLength: 0 };
}

/** chardet confidence from which its guess is taken as it is. */
const SURE = 50;
/** Share of common characters among the Han characters a Chinese reading must reach. */
const PLAUSIBLE = 0.5;
const CHINESE = ['gb18030', 'big5'] as const;

/**
 * About 600 of the most frequent Chinese characters (simplified, with the traditional forms of the commonest)
 * plus banking words. Real Chinese text is mostly made of them; bytes decoded with the wrong encoding are not.
 */
const COMMON_HANZI = new Set(
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞' +
    '银行客户账姓名别号码交易余额款贷卡日期址件份网点渠道投诉评论服务登录闪退更新版本转账限额失败还款利息城省市区路街' +
    '這個們為國來說時會對經過發後無與長開關東見門問間電動話現還點樣學當從體進種實際應頭員業務產號碼戶帳銀貸額轉變區'
);

/** Share of common characters among the Han characters of the sample read as `encoding`; 0 when it does not decode. */
function hanziPlausibility(sample: Uint8Array, encoding: string, complete: boolean): number {
  const text = new TextDecoder(encoding, { fatal: false }).decode(sample, { stream: !complete });
  let han = 0;
  let common = 0;
  let bad = 0;
  for (const ch of text) {
    if (ch === '\ufffd') bad++;
    else if (ch >= '\u4e00' && ch <= '\u9fff') {
      han++;
      if (COMMON_HANZI.has(ch)) common++;
    }
  }
  if (han === 0 || bad > han * 0.01) return 0;
  return common / han;
}

/** Validates a user-chosen encoding label and returns the decoder's canonical name. */
export function userEncoding(label: string, sample: Uint8Array): EncodingSniff {
  let encoding: string;
  try {
    encoding = new TextDecoder(label.trim()).encoding;
  } catch (e) {
    throw new ExpectedError('ENCODING_UNSUPPORTED', `Unknown text encoding "${label}".`, { encoding: label }, { cause: e });
  }
  // The WHATWG "gbk" decoder is the GB18030 decoder; report one name for both.
  if (encoding === 'gbk') encoding = 'gb18030';
  const bom = detectBom(sample);
  const bomLength = bom && bom.encoding === encoding ? bom.length : 0;
  return { encoding, confidence: 100, source: 'user', alternatives: [], bomLength };
}

/** The encoding a byte-order mark at the start names, with the mark's length; null without one. */
export function detectBom(b: Uint8Array): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (b[0] === 0x84 && b[1] === 0x31 && b[2] === 0x95 && b[3] === 0x33) return { encoding: 'gb18030', length: 4 };
  return null;
}

function isValidUtf8(sample: Uint8Array, complete: boolean): boolean {
  try {
    // `stream: true` accepts a character cut at the end of a partial sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

function detectUtf16WithoutBom(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  // ASCII-range text in UTF-16 has a zero high byte in most code units and almost never a zero low byte.
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}
