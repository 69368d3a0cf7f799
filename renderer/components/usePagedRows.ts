import { useCallback, useState } from 'react';
import { PageCache } from './pageCache.ts';

export interface PagedRows<T> {
  /** The row at an index, or undefined while its page is loading. */
  readonly row: (index: number) => T | undefined;
  /** Fetches the pages covering rows `first`–`last` that are not loaded yet. */
  readonly ensure: (first: number, last: number) => void;
  readonly error: unknown;
  /** Changes whenever a page arrives, so lists re-render. */
  readonly version: number;
}

/**
 * Rows of a long engine-side list (rejects, a table), fetched page by page as they scroll into view. A new
 * `resetKey` (another table, another sort, another filter) starts from an empty cache.
 */
export function usePagedRows<T>(fetchPage: (offset: number, limit: number) => Promise<readonly T[]>, pageSize: number, resetKey: string): PagedRows<T> {
  const [store, setStore] = useState(() => ({ key: resetKey, cache: new PageCache<T>(pageSize) }));
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  let current = store;
  if (store.key !== resetKey) {
    // Derived state: reset during render, as React recommends, rather than in an effect a frame later.
    current = { key: resetKey, cache: new PageCache<T>(pageSize) };
    setStore(current);
    setError(null);
  }
  const cache = current.cache;

  const ensure = useCallback(
    (first: number, last: number) => {
      for (const page of cache.missing(first, last)) {
        cache.markLoading(page);
        fetchPage(page * cache.pageSize, cache.pageSize).then(
          (rows) => {
            cache.put(page, rows);
            setVersion((v) => v + 1);
          },
          (e: unknown) => {
            cache.fail(page);
            setError(e);
          },
        );
      }
    },
    [cache, fetchPage],
  );

  const row = useCallback((index: number) => cache.row(index), [cache]);
  return { row, ensure, error, version };
}
