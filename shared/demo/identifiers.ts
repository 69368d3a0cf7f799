/**
 * Identifiers as the bank's systems issue them: 身份证 numbers with their GB 11643 check digit, Luhn-valid
 * card numbers, WeChat OpenIDs/UnionIDs, device and cookie ids, and collision-free number spaces.
 */
import type { Random } from '#shared/jobs/random.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** The GB 11643-1999 check character of the first 17 digits of a 身份证 number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? 'X';
}

/** True when an 18-character 身份证 number has the check character its first 17 digits call for. */
export function idCheckValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

/**
 * A 身份证 number: birthplace code, birth date `YYYYMMDD`, a three-digit order number whose last digit is odd
 * for men and even for women, and the check character.
 */
export function makeIdNo(region: string, birthCompact: string, order: number): string {
  const body = `${region}${birthCompact}${String(order).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

/** A different, therefore wrong, check character for planting invalid numbers. */
export function wrongCheckChar(id: string, r: Random): string {
  const right = id[17] ?? '0';
  const others = ID_CHECK.split('').filter((c) => c !== right);
  return id.slice(0, 17) + r.pick(others);
}

/** Luhn check digit of a digit string. */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function withLuhn(body: string): string {
  return body + luhnDigit(body);
}

/**
 * A bijection of `[0, modulus)` (affine map modulo `modulus`): spreads consecutive person indices over a
 * number space without collisions and without remembering what was issued. `multiplier` must be coprime to
 * `modulus`. Products stay below 2^53 for indices below 2^21 and multipliers below 2^32.
 */
export class Scramble {
  constructor(
    private readonly modulus: number,
    private readonly multiplier: number,
    private readonly offset: number,
  ) {}

  static forPrime(modulus: number, r: Random): Scramble {
    return new Scramble(modulus, r.int(1_000_003, modulus - 1), r.int(0, modulus - 1));
  }

  /** For a power-of-ten modulus: a multiplier coprime to 10. */
  static forDecimal(modulus: number, r: Random): Scramble {
    let a = r.int(1_000_003, modulus - 1);
    while (a % 2 === 0 || a % 5 === 0) a++;
    return new Scramble(modulus, a, r.int(0, modulus - 1));
  }

  of(i: number): number {
    // Split the product so it stays exact: (hi * 2^16 + lo) * a mod m.
    const hi = Math.floor(i / 65536);
    const lo = i % 65536;
    const a = this.multiplier;
    const m = this.modulus;
    const part = (((hi * a) % m) * 65536) % m;
    return (part + ((lo * a) % m) + this.offset) % m;
  }
}

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function hex(r: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[r.int(0, 15)];
  return s;
}

export function uuid(r: Random, upper = false): string {
  const s = `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${HEX[8 + r.int(0, 3)]}${hex(r, 3)}-${hex(r, 12)}`;
  return upper ? s.toUpperCase() : s;
}

/** A WeChat OpenID/UnionID: 28 characters, the first ones fixed per official account or app. */
export function wechatId(r: Random, prefix: string): string {
  let s = prefix;
  while (s.length < 28) s += B64[r.int(0, 63)];
  return s;
}

/** A device id as the app's SDK reports it: IDFV on iOS, Android ID or (old phones) an IMEI on Android. */
export function deviceId(r: Random, platform: 'iOS' | 'Android'): string {
  if (platform === 'iOS') return uuid(r, true);
  if (r.chance(0.12)) return withLuhn(`86${String(r.int(0, 999_999)).padStart(6, '0')}${String(r.int(0, 999_999)).padStart(6, '0')}`);
  return hex(r, 16);
}

/** 32-bit mix (murmur3 finaliser): derives independent stream seeds from (seed, a, b). */
export function mix(seed: number, a: number, b = 0): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [a, b]) {
    h = Math.imul(h ^ (v >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
