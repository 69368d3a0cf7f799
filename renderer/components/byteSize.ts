/** Share of the limit from which the header warns that the workspace is nearly full. */
export const NEAR_LIMIT_SHARE = 0.8;

/** Whether a workspace of `size` bytes is close enough to `limit` to warn before the next large import. */
export function nearLimit(size: number, limit: number): boolean {
  return limit > 0 && size >= NEAR_LIMIT_SHARE * limit;
}
