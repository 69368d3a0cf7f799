/**
 * The benchmark workspace of the segment and portrait benches: the synthetic bank of
 * shared/segments/testWorkspace.ts (customer wide table, tags, lifecycle groups, a clustering run, events,
 * touches, transactions), kept in the system temp folder between runs since building a million customers and
 * ten million events takes a few minutes in sql.js.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { buildSyntheticWorkspace } from '#shared/segments/testWorkspace.ts';

export interface BenchSize {
  readonly customers: number;
  readonly events: number;
}

export function benchSize(args: { readonly quick?: boolean | undefined; readonly customers?: string | undefined; readonly events?: string | undefined }): BenchSize {
  return {
    customers: Number(args.customers ?? (args.quick ? 100_000 : 1_000_000)),
    events: Number(args.events ?? (args.quick ? 1_000_000 : 10_000_000)),
  };
}

/** Path of the workspace file for `size`, building it first when it is not there yet. */
export async function benchWorkspace(size: BenchSize): Promise<string> {
  const file = join(tmpdir(), `kequn-segments-bench-${size.customers}-${size.events}.sqlite`);
  if (existsSync(file)) return file;
  console.log(`building the benchmark workspace (${size.customers.toLocaleString('en-US')} customers, ${size.events.toLocaleString('en-US')} events) …`);
  const t0 = performance.now();
  let last = 0;
  const bytes = await buildSyntheticWorkspace(createNodeHost(), {
    customers: size.customers,
    events: size.events,
    seed: 20240630,
    onProgress: (what, done, total) => {
      if (performance.now() - last > 10_000) {
        last = performance.now();
        console.log(`  ${what} ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      }
    },
  });
  writeLarge(`${file}.part`, bytes);
  renameSync(`${file}.part`, file);
  console.log(`built in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${file} (${(bytes.byteLength / 1048576).toFixed(0)} MB)`);
  return file;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Node's one-call file read and write stop at 2 GiB; a million customers and ten million events are more. */
const CHUNK = 1 << 30;

export function writeLarge(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    for (let at = 0; at < bytes.byteLength; at += CHUNK) writeSync(fd, bytes, at, Math.min(CHUNK, bytes.byteLength - at));
  } finally {
    closeSync(fd);
  }
}

export function readLarge(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(size);
    for (let at = 0; at < size; ) at += readSync(fd, out, at, Math.min(CHUNK, size - at), at);
    return out;
  } finally {
    closeSync(fd);
  }
}
