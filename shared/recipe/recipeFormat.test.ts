import { describe, expect, it } from 'vitest';
import { matchesPattern, parseRecipe, patternFor, stringifyRecipe } from './recipeFormat.ts';

const KNOWN = new Set(['import', 'tags']);

describe('file patterns', () => {
  it('turns dates and months in names into wildcards', () => {
    expect(patternFor('customers.csv')).toBe('customers.csv');
    expect(patternFor('txn_20240630.csv')).toBe('txn_*.csv');
    expect(patternFor('客户信息_2024-06.xlsx')).toBe('客户信息_*.xlsx');
    expect(patternFor('notes_202406_v2.tsv')).toBe('notes_*_v2.tsv');
  });

  it('matches names case-insensitively, by file name unless the pattern has a folder', () => {
    expect(matchesPattern('txn_*.csv', 'core/TXN_20240731.csv')).toBe(true);
    expect(matchesPattern('txn_*.csv', 'core/txn_20240731.tsv')).toBe(false);
    expect(matchesPattern('core/*.csv', 'core/a.csv')).toBe(true);
    expect(matchesPattern('core/*.csv', 'truth/a.csv')).toBe(false);
    expect(matchesPattern('a.b.csv', 'aXb.csv')).toBe(false);
  });
});

describe('parseRecipe', () => {
  const recipe = { format: 'kequn-recipe', version: 1, name: '月度', createdAt: 'x', appVersion: '0.1.0', source: { workspace: 'ws', asOfDate: '2024-06-30' }, seed: 7, steps: [{ step: 'import', templates: [], files: [] }] };

  it('reads what stringifyRecipe writes (with a BOM, too)', () => {
    const text = `\uFEFF${stringifyRecipe(parseRecipe(recipe, KNOWN))}`;
    expect(parseRecipe(text, KNOWN)).toEqual(recipe);
  });

  it('says where a recipe is wrong', () => {
    expect(() => parseRecipe('{', KNOWN)).toThrow(/Recipe file: not valid JSON/);
    expect(() => parseRecipe({ ...recipe, format: 'x' }, KNOWN)).toThrow(/Recipe format/);
    expect(() => parseRecipe({ ...recipe, version: 2 }, KNOWN)).toThrow(/Recipe version/);
    expect(() => parseRecipe({ ...recipe, steps: [{ step: 'import' }, { step: 'teleport' }] }, KNOWN)).toThrow(/steps\[1\]\.step: unknown step "teleport"/);
  });
});
