/**
 * The two hashes of an export: the deterministic holdout arm of a customer for a campaign, and salted SHA-256
 * of identifiers for matching with a partner. Both are plain SHA-256 over UTF-8 so a partner or an auditor can
 * recompute them with any tool (`printf '%s' "$salt$phone" | sha256sum`).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const utf8 = new TextEncoder();

export const HOLDOUT_METHOD = 'control when uint32_be(SHA-256(UTF-8(campaignKey + ":" + one_id))[0..4]) / 2^32 < percent / 100';
export const SALTED_HASH_INPUT = 'hex(SHA-256(UTF-8(salt + value))), value normalised: mobile 11 digits, ID number upper-case';

/**
 * A customer's position in [0, 1) for a campaign: the first four bytes of SHA-256 of `campaignKey:one_id`. The
 * same customer and campaign always give the same position, so re-exports keep everyone in the same arm, and a
 * larger percentage only moves customers from target to control.
 */
export function holdoutPosition(campaignKey: string, oneId: string): number {
  const d = sha256(utf8.encode(`${campaignKey}:${oneId}`));
  const word = (((d[0] ?? 0) << 24) | ((d[1] ?? 0) << 16) | ((d[2] ?? 0) << 8) | (d[3] ?? 0)) >>> 0;
  return word / 4294967296;
}

/** True when the customer is in the control group of a `percent` (0–100) holdout. */
export function inControl(campaignKey: string, oneId: string, percent: number): boolean {
  return holdoutPosition(campaignKey, oneId) < percent / 100;
}

/** hex(SHA-256(UTF-8(salt + value))). */
export function saltedSha256(salt: string, value: string): string {
  return bytesToHex(sha256(utf8.encode(salt + value)));
}
