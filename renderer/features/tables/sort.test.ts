import { describe, expect, it } from 'vitest';
import { nextSort } from './sort.ts';

describe('nextSort', () => {
  it('cycles ascending, descending, unsorted on one column', () => {
    const a = nextSort(null, 'age');
    expect(a).toEqual({ column: 'age', desc: false });
    const d = nextSort(a, 'age');
    expect(d).toEqual({ column: 'age', desc: true });
    expect(nextSort(d, 'age')).toBeNull();
  });

  it('starts ascending on a different column', () => {
    expect(nextSort({ column: 'age', desc: true }, 'city')).toEqual({ column: 'city', desc: false });
  });
});
