import { describe, expect, it } from 'vitest';
import { formatBytes } from './byteSize.ts';

describe('formatBytes', () => {
  it('shows KB, whole MB and GB with one decimal', () => {
    expect(formatBytes(0)).toBe('0 KB');
    expect(formatBytes(100)).toBe('1 KB');
    expect(formatBytes(12 * 1024)).toBe('12 KB');
    expect(formatBytes(254.4 * 1024 * 1024)).toBe('254 MB');
    expect(formatBytes(3.5 * 1024 ** 3)).toBe('3.5 GB');
  });
});
