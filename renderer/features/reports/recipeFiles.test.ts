import { describe, expect, it } from 'vitest';
import { dropFileName, mimeOf } from './recipeFiles.ts';

describe('recipe panel helpers', () => {
  it('names drop files by their path inside the picked folder', () => {
    expect(dropFileName({ name: 'a.csv', webkitRelativePath: 'drop-07/core/a.csv' })).toBe('core/a.csv');
    expect(dropFileName({ name: 'a.csv', webkitRelativePath: '' })).toBe('a.csv');
    expect(dropFileName({ name: 'b.csv' })).toBe('b.csv');
  });

  it('knows the types of the files a run writes', () => {
    expect(mimeOf('会议材料_20240630.html')).toBe('text/html');
    expect(mimeOf('exports/x.csv.manifest.json')).toBe('application/json');
    expect(mimeOf('exports/x.csv')).toBe('text/csv');
    expect(mimeOf('exports/x.xlsx')).toContain('spreadsheetml');
  });
});
