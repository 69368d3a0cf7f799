import { describe, expect, it } from 'vitest';
import { progressCount, progressPercent } from './JobProgress.tsx';

describe('progress display', () => {
  it('prefers the overall share, else the step share, and clamps', () => {
    expect(progressPercent(null)).toBeNull();
    expect(progressPercent({ step: 'quality', current: 1, total: 4 })).toBe(25);
    expect(progressPercent({ step: 'quality', current: 1, total: 4, overall: 0.9 })).toBe(90);
    expect(progressPercent({ step: 'quality', current: 9, total: 4 })).toBe(100);
    expect(progressPercent({ step: 'quality', current: 0, total: 0 })).toBeNull();
  });

  it('shows import progress in megabytes and other counts as numbers', () => {
    expect(progressCount({ step: 'import.rows', current: 1 << 20, total: 40 << 20 })).toBe('1.0 / 40.0 MB');
    expect(progressCount({ step: 'quality', current: 3, total: 12 })).toBe('3 / 12');
    expect(progressCount({ step: 'quality', current: 0, total: 0 })).toBe('');
  });
});
