/**
 * Rows of a long list fetched page by page as they scroll into view. Pure bookkeeping, no React: which pages
 * are loaded or loading, which ones a visible range still needs, and the row at an index.
 */
export class PageCache<T> {
  private readonly pages = new Map<number, readonly T[]>();
  private readonly loading = new Set<number>();

  constructor(readonly pageSize: number) {
    if (!(pageSize > 0)) throw new RangeError('pageSize must be positive');
  }

  /** Pages covering rows `first`–`last` (inclusive) that are neither loaded nor loading. */
  missing(first: number, last: number): number[] {
    if (last < first) return [];
    const out: number[] = [];
    for (let p = Math.floor(Math.max(0, first) / this.pageSize); p <= Math.floor(last / this.pageSize); p++) {
      if (!this.pages.has(p) && !this.loading.has(p)) out.push(p);
    }
    return out;
  }

  markLoading(page: number): void {
    this.loading.add(page);
  }

  /** Stores a page; rows beyond the page size are a caller bug and are not kept. */
  put(page: number, rows: readonly T[]): void {
    this.loading.delete(page);
    this.pages.set(page, rows.slice(0, this.pageSize));
  }

  /** Forgets that a page was loading (its fetch failed), so it is asked for again. */
  fail(page: number): void {
    this.loading.delete(page);
  }

  row(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }
}
