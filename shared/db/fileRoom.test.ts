import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, roomFor, withRoom } from './fileRoom.ts';

describe('roomFor', () => {
  it('doubles small files with at least 32 MB of room, and gives large ones the whole 4 GiB', () => {
    expect(roomFor(1000)).toBe(1000 + 32 * 1024 * 1024);
    expect(roomFor(100 * 1024 * 1024)).toBe(200 * 1024 * 1024);
    expect(roomFor(512 * 1024 * 1024)).toBe(MAX_FILE_BYTES);
    expect(roomFor(3.9e9)).toBe(MAX_FILE_BYTES);
  });
});

describe('withRoom', () => {
  it('is a view of the bytes whose full slice is a longer copy', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const view = withRoom(bytes, 64);
    expect(view.buffer).toBe(bytes.buffer);
    expect([...view]).toEqual([1, 2, 3, 4, 5]);
    const copy = view.slice(0, 5);
    expect(copy.length).toBe(64);
    expect([...copy.subarray(0, 5)]).toEqual([1, 2, 3, 4, 5]);
    expect(copy.subarray(5).every((b) => b === 0)).toBe(true);
    copy[0] = 9;
    expect(bytes[0]).toBe(1);
  });

  it('slices of another length keep their length', () => {
    const view = withRoom(new Uint8Array([1, 2, 3, 4, 5]), 64);
    expect([...view.slice(1, 3)]).toEqual([2, 3]);
  });

  it('falls back to an exact copy when the room cannot be allocated', () => {
    const view = withRoom(new Uint8Array([7, 8]), 2 ** 50);
    const copy = view.slice(0, 2);
    expect([...copy]).toEqual([7, 8]);
  });
});
