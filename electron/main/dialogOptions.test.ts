import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropFolderDialogOptions, importDialogOptions, saveAsDialogOptions } from './dialogOptions.ts';
import { MAIN_STRINGS } from './mainStrings.ts';

const zh = MAIN_STRINGS['zh-CN'];

describe('dialog options', () => {
  it('lets the import dialog pick several export files', () => {
    const o = importDialogOptions(zh);
    expect(o.properties).toEqual(['openFile', 'multiSelections']);
    expect(o.filters?.[0]?.extensions).toEqual(['csv', 'tsv', 'txt', 'xlsx', 'xls', 'dat']);
  });

  it('lets the drop-folder dialog pick one folder only', () => {
    expect(dropFolderDialogOptions(zh).properties).toEqual(['openDirectory']);
  });

  it.each([
    ['客群.csv', ['csv', '*']],
    ['report.HTML', ['html', '*']],
    ['noext', ['*']],
  ])('save-as for %s filters on %j', (name, extensions) => {
    const o = saveAsDialogOptions(zh, name, '/home/a/Documents');
    expect(o.defaultPath).toBe(path.join('/home/a/Documents', name));
    expect(o.filters?.flatMap((f) => f.extensions)).toEqual(extensions);
  });
});
