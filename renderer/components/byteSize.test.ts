import { describe, expect, it } from 'vitest';
import { nearLimit } from './byteSize.ts';

describe('nearLimit', () => {
  it('warns from 80 % of the limit on', () => {
    const limit = 3.5 * 1024 ** 3;
    expect(nearLimit(0.79 * limit, limit)).toBe(false);
    expect(nearLimit(0.8 * limit, limit)).toBe(true);
    expect(nearLimit(1, 0)).toBe(false);
  });
});
