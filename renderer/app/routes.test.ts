import { describe, expect, it } from 'vitest';
import { parseHash, routeHash, VIEWS } from './routes.ts';

describe('hash routes', () => {
  it('round-trips a view with parameters', () => {
    const r = parseHash(routeHash('rejects', { file: 3, batch: undefined }));
    expect(r.view).toBe('rejects');
    expect(r.params.get('file')).toBe('3');
    expect(r.params.has('batch')).toBe(false);
  });

  it('falls back to the import view for empty or unknown hashes', () => {
    expect(parseHash('').view).toBe('import');
    expect(parseHash('#/nope').view).toBe('import');
    expect(parseHash('#quality').view).toBe('quality');
  });

  it('lists the workflows plus the rejects viewer, with only the built ones marked built', () => {
    expect(VIEWS.filter((v) => !v.sub).map((v) => v.id)).toEqual(['import', 'quality', 'tables', 'identity', 'tags', 'text', 'segments', 'clusters', 'predict', 'portraits', 'behaviour', 'diagnosis', 'reach', 'export']);
    expect(VIEWS.filter((v) => v.built).map((v) => v.id)).toEqual(['import', 'rejects', 'quality', 'tables', 'identity', 'tags', 'customer', 'text', 'segments', 'clusters', 'predict', 'portraits', 'behaviour', 'network', 'diagnosis', 'reach', 'export', 'reports']);
  });
});
