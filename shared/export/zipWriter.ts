/**
 * A streaming zip writer (the container of an XLSX file). Each entry is deflated through the platform's
 * `CompressionStream('deflate-raw')` (native zlib in Node and in Chromium's worker) while it is written, with its
 * CRC-32 and sizes in a data descriptor after the data, so no entry is ever held whole in memory. Written by
 * hand because SheetJS builds the whole workbook in memory (2 GB and 24 s for 500,000 rows here, with no
 * progress) and no streaming zip library that runs in a Web Worker is installed. Files stay under 4 GiB, so no
 * ZIP64 records are needed.
 */
import { BugIndicatingError } from '#shared/api/errors.ts';
import type { ByteSink } from './byteSink.ts';
import { crc32 } from './crc32.ts';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
/** Bit 3: sizes and CRC follow the data; bit 11: names are UTF-8. */
const FLAGS = 0x0008 | 0x0800;
const DEFLATE = 8;
const VERSION = 20;
/** 1980-01-01 00:00, the DOS epoch: a fixed time keeps the same data giving the same bytes (and SHA-256). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX_ZIP32 = 0xffffffff;

interface CentralEntry {
  readonly name: Uint8Array;
  readonly offset: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
}

const utf8 = new TextEncoder();

function header(size: number, fill: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(size);
  fill(new DataView(b.buffer));
  return b;
}

/** One entry being written: bytes in, deflated bytes out to the sink as the compressor produces them. */
export class ZipEntryWriter {
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private readonly writer: WritableStreamDefaultWriter<BufferSource>;
  private readonly pump: Promise<void>;

  constructor(
    private readonly sink: ByteSink,
    private readonly onClose: (crc: number, compressed: number, size: number) => void,
  ) {
    const stream = new CompressionStream('deflate-raw');
    this.writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    this.pump = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.compressed += value.byteLength;
        this.sink.write(value);
      }
    })();
    // An error surfaces through write()/close(); this only keeps it from being reported as unhandled first.
    this.pump.catch(() => undefined);
  }

  async write(bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    if (bytes.byteLength === 0) return;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.byteLength;
    await this.writer.write(bytes);
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.pump;
    this.onClose(this.crc, this.compressed, this.size);
  }
}

/** Writes a zip archive into a {@link ByteSink}, one entry at a time. */
export class ZipWriter {
  private readonly entries: CentralEntry[] = [];
  private open = false;

  constructor(private readonly sink: ByteSink) {}

  /** Starts an entry; write its bytes and close it before starting the next. */
  begin(path: string): ZipEntryWriter {
    if (this.open) throw new BugIndicatingError('zip entry started before the previous one was closed');
    this.open = true;
    const name = utf8.encode(path);
    const offset = this.sink.bytesWritten;
    this.sink.write(
      header(30 + name.byteLength, (v) => {
        v.setUint32(0, LOCAL_HEADER, true);
        v.setUint16(4, VERSION, true);
        v.setUint16(6, FLAGS, true);
        v.setUint16(8, DEFLATE, true);
        v.setUint16(10, DOS_TIME, true);
        v.setUint16(12, DOS_DATE, true);
        // CRC and sizes (14–25) stay 0: they follow in the data descriptor.
        v.setUint16(26, name.byteLength, true);
        new Uint8Array(v.buffer).set(name, 30);
      }),
    );
    return new ZipEntryWriter(this.sink, (crc, compressed, size) => {
      if (offset > MAX_ZIP32 || compressed > MAX_ZIP32 || size > MAX_ZIP32) throw new BugIndicatingError('zip entry over 4 GiB needs ZIP64');
      this.sink.write(
        header(16, (v) => {
          v.setUint32(0, DATA_DESCRIPTOR, true);
          v.setUint32(4, crc, true);
          v.setUint32(8, compressed, true);
          v.setUint32(12, size, true);
        }),
      );
      this.entries.push({ name, offset, crc, compressed, size });
      this.open = false;
    });
  }

  /** Writes a small entry whole. */
  async add(path: string, text: string): Promise<void> {
    const entry = this.begin(path);
    await entry.write(utf8.encode(text));
    await entry.close();
  }

  /** Writes the central directory; the archive is complete afterwards. */
  finish(): void {
    if (this.open) throw new BugIndicatingError('zip finished with an entry still open');
    const start = this.sink.bytesWritten;
    for (const e of this.entries) {
      this.sink.write(
        header(46 + e.name.byteLength, (v) => {
          v.setUint32(0, CENTRAL_HEADER, true);
          v.setUint16(4, VERSION, true);
          v.setUint16(6, VERSION, true);
          v.setUint16(8, FLAGS, true);
          v.setUint16(10, DEFLATE, true);
          v.setUint16(12, DOS_TIME, true);
          v.setUint16(14, DOS_DATE, true);
          v.setUint32(16, e.crc, true);
          v.setUint32(20, e.compressed, true);
          v.setUint32(24, e.size, true);
          v.setUint16(28, e.name.byteLength, true);
          v.setUint32(42, e.offset, true);
          new Uint8Array(v.buffer).set(e.name, 46);
        }),
      );
    }
    const size = this.sink.bytesWritten - start;
    this.sink.write(
      header(22, (v) => {
        v.setUint32(0, END_OF_CENTRAL, true);
        v.setUint16(8, this.entries.length, true);
        v.setUint16(10, this.entries.length, true);
        v.setUint32(12, size, true);
        v.setUint32(16, start, true);
      }),
    );
  }
}
