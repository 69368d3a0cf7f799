import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDataModelDoc } from '#shared/model/dataModelDoc.ts';
import { ENTITIES } from '#shared/model/entities.ts';

describe('docs/data-model.md', () => {
  const doc = readFileSync(new URL('../../docs/data-model.md', import.meta.url), 'utf8');

  it('is up to date with shared/model/entities.ts (run `npm run docs`)', () => {
    expect(doc).toBe(renderDataModelDoc());
  });

  it('documents every entity table, its re-import rule and every field', () => {
    for (const e of ENTITIES) {
      expect(doc).toContain(`### \`${e.table}\``);
      for (const f of e.fields) expect(doc).toContain(`| \`${f.name}\``);
    }
    expect(doc).toMatch(/integer \*\*fen\*\*/);
  });
});
