import { describe, expect, it } from 'vitest';
import { formatBytes, nearLimit } from './byteSize.ts';

describe('formatBytes', () => {
  it('shows KB, whole MB and GB with one decimal', () => {
    expect(formatBytes(0)).toBe('0 KB');
    expect(formatBytes(100)).toBe('1 KB');
    expect(formatBytes(12 * 1024)).toBe('12 KB');
    expect(formatBytes(254.4 * 1024 * 1024)).toBe('254 MB');
    expect(formatBytes(3.5 * 1024 ** 3)).toBe('3.5 GB');
  });
});

describe('nearLimit', () => {
  it('warns from 80 % of the limit on', () => {
    const limit = 3.5 * 1024 ** 3;
    expect(nearLimit(0.79 * limit, limit)).toBe(false);
    expect(nearLimit(0.8 * limit, limit)).toBe(true);
    expect(nearLimit(1, 0)).toBe(false);
  });
});
