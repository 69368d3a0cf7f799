/** Binary units, as the workspace limit (3.5 GiB) is stated. */
const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;

/** A size for people to read (the app's header, `kequn info`): "12 KB", "254 MB", "3.5 GB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= MB) return `${String(Math.round(bytes / MB))} MB`;
  return `${String(Math.max(bytes > 0 ? 1 : 0, Math.round(bytes / KB)))} KB`;
}
