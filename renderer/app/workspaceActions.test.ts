import { describe, expect, it } from 'vitest';
import { safeFileName } from './workspaceActions.ts';

describe('safeFileName', () => {
  it('keeps Chinese names and replaces characters file systems refuse', () => {
    expect(safeFileName('零售客群 2024/06')).toBe('零售客群 2024_06');
    expect(safeFileName('a:b*c?"d<e>f|g\\h')).toBe('a_b_c__d_e_f_g_h');
    expect(safeFileName('   ')).toBe('workspace');
  });
});
