/** Binary units, as the workspace limit (3.5 GiB) is stated. */
const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;

/** A size for people to read: "12 KB", "254 MB", "3.5 GB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= MB) return `${String(Math.round(bytes / MB))} MB`;
  return `${String(Math.max(bytes > 0 ? 1 : 0, Math.round(bytes / KB)))} KB`;
}

/** Share of the limit from which the header warns that the workspace is nearly full. */
export const NEAR_LIMIT_SHARE = 0.8;

/** Whether a workspace of `size` bytes is close enough to `limit` to warn before the next large import. */
export function nearLimit(size: number, limit: number): boolean {
  return limit > 0 && size >= NEAR_LIMIT_SHARE * limit;
}
