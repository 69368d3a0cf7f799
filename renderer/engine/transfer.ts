/**
 * Finding the ArrayBuffers in a message so `postMessage` can move them instead of copying (../shared/STYLE.md §7).
 * A transferred buffer is detached on the sending side, so a sender that keeps using its bytes must pass
 * `copy: true`; a view that shares its buffer with other data (a slice of a larger buffer) is always copied,
 * because transferring it would detach the data around it.
 */

export interface Prepared<T> {
  readonly value: T;
  readonly transfer: ArrayBuffer[];
}

const MAX_DEPTH = 6;

/**
 * Returns `value` with every Uint8Array that must not be detached replaced by a copy, and the list of buffers
 * to transfer. Walks plain objects and arrays only (Blobs and Files are cloned by reference, not transferred).
 */
export function prepareTransfer<T>(value: T, options: { readonly copy: boolean }): Prepared<T> {
  const transfer: ArrayBuffer[] = [];
  const seen = new Set<ArrayBuffer>();
  const walk = (v: unknown, depth: number): unknown => {
    if (v instanceof Uint8Array) {
      const ownsBuffer = v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength;
      const bytes = options.copy || !ownsBuffer || seen.has(v.buffer) ? v.slice() : v;
      const buf = bytes.buffer as ArrayBuffer;
      seen.add(buf);
      transfer.push(buf);
      return bytes;
    }
    if (depth >= MAX_DEPTH || typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      let changed = false;
      const out = v.map((x: unknown) => {
        const y = walk(x, depth + 1);
        if (y !== x) changed = true;
        return y;
      });
      return changed ? out : v;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = walk(x, depth + 1);
      if (y !== x) changed = true;
      out[k] = y;
    }
    return changed ? out : v;
  };
  return { value: walk(value, 0) as T, transfer };
}
