/**
 * Test support for the import pipeline's unit tests (not used by the engine): an in-memory host, files built
 * in memory as Blobs, and legacy-encoding writers. Legacy bytes come from inverting the platform's own WHATWG
 * decoders rather than from iconv-lite, because iconv-lite needs Node's Buffer and these tests also run inside
 * a Chromium Web Worker.
 */
import type { Engine } from '#shared/api/engineApi.ts';
import type { ImportFileResult, SourceFile } from '#shared/api/ingestTypes.ts';
import { createEngine } from '#shared/engine.ts';
import type { Host } from '#shared/host/host.ts';

export function memoryHost(now = Date.UTC(2024, 6, 1, 8)): Host {
  return {
    sqlJsConfig: {},
    store: { location: '(memory)', read: () => Promise.resolve(null), write: () => Promise.resolve() },
    now: () => now,
    log: () => undefined,
    appVersion: '0.0.0-test',
  };
}

/** An engine with a fresh workspace. */
export async function newEngine(now?: number): Promise<Engine> {
  const engine = createEngine(memoryHost(now));
  await engine.call('workspace.create', { name: 'test' });
  return engine;
}

export function fileOf(name: string, content: string | Uint8Array): SourceFile {
  return { name, blob: new Blob([typeof content === 'string' ? content : new Uint8Array(content)]) };
}

const tables = new Map<string, Map<number, number[]>>();

/** char code → bytes, from decoding every one- and two-byte sequence with the platform decoder. */
function inverseTable(encoding: string): Map<number, number[]> {
  let t = tables.get(encoding);
  if (t) return t;
  t = new Map();
  const decoder = new TextDecoder(encoding);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const s = decoder.decode(new Uint8Array([lead, trail]));
      if (s.length === 1 && s !== '\ufffd' && !t.has(s.charCodeAt(0))) t.set(s.charCodeAt(0), [lead, trail]);
    }
  }
  tables.set(encoding, t);
  return t;
}

/** Encodes text in a double-byte legacy encoding (gbk, big5, shift_jis, euc-kr); ASCII stays one byte. */
export function encodeLegacy(text: string, encoding: 'gbk' | 'big5' | 'shift_jis' | 'euc-kr'): Uint8Array {
  const t = inverseTable(encoding);
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    const bytes = t.get(c);
    if (!bytes) throw new Error(`${ch} has no ${encoding} code`);
    out.push(...bytes);
  }
  return new Uint8Array(out);
}

/** ISO-8859-1: one byte per character below U+0100. */
export function encodeLatin1(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => {
    const c = ch.charCodeAt(0);
    if (c > 0xff) throw new Error(`${ch} is not Latin-1`);
    return c;
  });
}

/** Every file must account for each data row: accepted + rejected = rowsRead, and accepted splits into new/dup/updated. */
export function invariantHolds(r: ImportFileResult): boolean {
  return r.accepted + r.rejected === r.rowsRead && r.newRows + r.duplicateRows + r.updatedRows === r.accepted;
}
