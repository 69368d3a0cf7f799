import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** A string literal naming a truth path, in code with its comments removed (comments may describe the demo folder). */
function namesTruthPath(file: string): boolean {
  const code = readFileSync(join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  return /['"`][^'"`\n]*\btruth\//.test(code);
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

describe('the demo truth fence', () => {
  it('no engine or UI code outside the demo generator mentions truth/ (truth is for tests only)', () => {
    const offenders = [...sources('shared'), ...sources('renderer'), ...sources('electron')]
      .filter((f) => !f.startsWith('shared/demo/'))
      .filter(namesTruthPath);
    expect(offenders).toEqual([]);
  });

  it('the check would see a truth path: the demo generator itself names one', () => {
    const demo = sources('shared/demo');
    expect(demo.some(namesTruthPath)).toBe(true);
  });
});
