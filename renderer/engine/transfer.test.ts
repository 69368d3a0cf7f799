import { describe, expect, it } from 'vitest';
import { prepareTransfer } from './transfer.ts';

describe('prepareTransfer', () => {
  it('transfers a whole-buffer array without copying when the sender gives it up', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const { value, transfer } = prepareTransfer({ bytes, name: 'a' }, { copy: false });
    expect(value.bytes).toBe(bytes);
    expect(transfer).toEqual([bytes.buffer]);
  });

  it('copies before transferring when the sender keeps the bytes', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const { value, transfer } = prepareTransfer(bytes, { copy: true });
    expect(value).not.toBe(bytes);
    expect(Array.from(value)).toEqual([1, 2, 3]);
    expect(transfer[0]).toBe(value.buffer);
    expect(transfer[0]).not.toBe(bytes.buffer);
  });

  it('copies a view into a larger buffer so the rest of that buffer is not detached', () => {
    const big = new Uint8Array([9, 1, 2, 9]);
    const view = big.subarray(1, 3);
    const { value, transfer } = prepareTransfer([{ path: 'x', bytes: view }], { copy: false });
    const out = value[0]?.bytes;
    expect(out).not.toBe(view);
    expect(Array.from(out ?? [])).toEqual([1, 2]);
    expect(transfer).toHaveLength(1);
    expect(transfer[0]).not.toBe(big.buffer);
  });

  it('lists a shared buffer once, copying the second view', () => {
    const a = new Uint8Array([1]);
    const { value, transfer } = prepareTransfer([a, a], { copy: false });
    expect(transfer).toHaveLength(2);
    expect(new Set(transfer).size).toBe(2);
    expect(value[0]).toBe(a);
  });

  it('leaves values without bytes untouched', () => {
    const args = { table: 't', offset: 0, nested: [{ x: 1 }] };
    const { value, transfer } = prepareTransfer(args, { copy: false });
    expect(value).toBe(args);
    expect(transfer).toEqual([]);
  });
});
