import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import path from 'node:path';
import type { MainStrings } from './mainStrings.ts';

/** Export formats the import pipeline reads (see shared/ingest). */
export const IMPORT_EXTENSIONS = ['csv', 'tsv', 'txt', 'xlsx', 'xls', 'dat'] as const;
export const WORKSPACE_EXTENSIONS = ['sqlite', 'db'] as const;

export function importDialogOptions(s: MainStrings): OpenDialogOptions {
  return {
    title: s.dialogImportTitle,
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: s.filterDataFiles, extensions: [...IMPORT_EXTENSIONS] },
      { name: s.filterAllFiles, extensions: ['*'] },
    ],
  };
}

export function openWorkspaceDialogOptions(s: MainStrings): OpenDialogOptions {
  return {
    title: s.dialogOpenWorkspaceTitle,
    properties: ['openFile'],
    filters: [
      { name: s.filterWorkspace, extensions: [...WORKSPACE_EXTENSIONS] },
      { name: s.filterAllFiles, extensions: ['*'] },
    ],
  };
}

export function modelFolderDialogOptions(s: MainStrings): OpenDialogOptions {
  return { title: s.dialogModelFolderTitle, properties: ['openDirectory'] };
}

export function dropFolderDialogOptions(s: MainStrings): OpenDialogOptions {
  return { title: s.dialogDropFolderTitle, properties: ['openDirectory'] };
}

/**
 * Save dialog for an already sanitised bare file name, proposed in `defaultFolder`. The first filter matches the
 * name's extension so the dialog keeps it when the user retypes the name.
 */
export function saveAsDialogOptions(s: MainStrings, fileName: string, defaultFolder: string): SaveDialogOptions {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  const filters = ext === '' ? [] : [{ name: ext.toUpperCase(), extensions: [ext] }];
  return {
    title: s.dialogSaveAsTitle,
    defaultPath: path.join(defaultFolder, fileName),
    filters: [...filters, { name: s.filterAllFiles, extensions: ['*'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}
