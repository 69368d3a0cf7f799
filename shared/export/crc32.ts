/**
 * CRC-32 (IEEE 802.3, the polynomial zip uses) for the streaming XLSX writer. Written here because no zip
 * library is installed that streams in a Web Worker (SheetJS builds the whole file in memory); the table method
 * is a dozen lines and is checked against the standard test vector.
 */
let table: Int32Array | null = null;

function buildTable(): Int32Array {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
}

/** Continues a CRC-32 over `bytes` (start with 0); returns the unsigned value. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  table ??= buildTable();
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = (table[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}
