/**
 * Room to grow for sql.js's in-memory database file.
 *
 * sql.js keeps the database file as one Uint8Array in Emscripten's in-memory file system (MEMFS), which the
 * engine cannot reach (sql.js does not export `FS`). Two MEMFS behaviours cost dearly on large workspaces:
 * - Past 1 MB a write beyond the end reallocates the array 12.5 % larger and copies the whole file: a tag run
 *   that grows a 2.9 GB workspace copies it several times over.
 * - The new capacity is computed with `>>> 0`, which wraps once 1.125 × capacity passes 2³²: above 3.82 GB every
 *   page appended reallocates and copies the whole file (measured with strace on a 4.19 GB workspace: a 4 GB
 *   mmap and munmap per 4 KB page, the process spending most of its time in the kernel).
 *
 * When sql.js opens file bytes, MEMFS stores `bytes.slice()` as the file's contents and treats the array's length
 * as its capacity. `slice` builds its result with the species constructor of the source array, so a view whose
 * species returns a longer array hands MEMFS a file with free room behind its last byte: no reallocation until
 * the room is used up. Large allocations are reserved, not committed: untouched room costs address space, not
 * memory (`new Uint8Array(2 ** 32)` leaves Node's resident size unchanged; 12 ms in a Chromium worker). A new
 * workspace gets its room by opening a one-page empty file the same way (`Db.open`'s `roomBytes`).
 */

/** The largest Uint8Array Node 20 (V8 11) allocates, and so the largest file sql.js can hold in one array. */
export const MAX_FILE_BYTES = 2 ** 32;

/** Workspaces from this size on get the whole {@link MAX_FILE_BYTES} as room: they are the ones that grow past 3.82 GB. */
const WHOLE_ROOM_FROM = 512 * 1024 * 1024;

/** Smaller files get room to double, and at least this much. */
const MIN_ROOM = 32 * 1024 * 1024;

/** The capacity to give a database file of `size` bytes. */
export function roomFor(size: number): number {
  if (size >= WHOLE_ROOM_FROM) return MAX_FILE_BYTES;
  return Math.min(MAX_FILE_BYTES, Math.max(2 * size, size + MIN_ROOM));
}

/** Set by the species constructor when MEMFS took a roomy copy; read by the test of this reliance. */
export const roomStats = { roomyCopies: 0 };

/**
 * `bytes` as a view (no copy) whose `slice` returns an array of `capacity` bytes, or of the exact length when
 * that much memory cannot be had (a browser may refuse a 4 GiB buffer).
 */
export function withRoom(bytes: Uint8Array, capacity: number): Uint8Array {
  const room = Math.max(capacity, bytes.byteLength);
  class RoomyBytes extends Uint8Array {
    static get [Symbol.species](): Uint8ArrayConstructor {
      return function roomy(length: number): Uint8Array {
        if (length !== bytes.byteLength) return new Uint8Array(length);
        try {
          const out = new Uint8Array(room);
          roomStats.roomyCopies++;
          return out;
        } catch {
          return new Uint8Array(length);
        }
      } as unknown as Uint8ArrayConstructor;
    }
  }
  return new RoomyBytes(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}
