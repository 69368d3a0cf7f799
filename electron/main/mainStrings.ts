/**
 * Text shown by the main process itself (menu, native dialogs, About). The renderer has its own catalogs in
 * renderer/i18n; these few strings live here because main cannot reach them.
 */
export type MainLanguage = 'zh-CN' | 'en';

export interface MainStrings {
  readonly appName: string;
  readonly menuFile: string;
  readonly menuNewWorkspace: string;
  readonly menuOpenWorkspace: string;
  readonly menuSaveWorkspaceAs: string;
  readonly menuQuit: string;
  readonly menuEdit: string;
  readonly menuView: string;
  readonly menuHelp: string;
  readonly menuAbout: string;
  readonly dialogImportTitle: string;
  readonly dialogOpenWorkspaceTitle: string;
  readonly dialogSaveAsTitle: string;
  readonly dialogModelFolderTitle: string;
  readonly dialogDropFolderTitle: string;
  readonly filterDataFiles: string;
  readonly filterWorkspace: string;
  readonly filterAllFiles: string;
  readonly aboutDetail: (info: { version: string; platform: string; workspacePath: string }) => string;
  readonly fatalTitle: string;
}

export const MAIN_STRINGS: Readonly<Record<MainLanguage, MainStrings>> = {
  'zh-CN': {
    appName: '客群工作台',
    menuFile: '文件',
    menuNewWorkspace: '新建工作区',
    menuOpenWorkspace: '打开工作区…',
    menuSaveWorkspaceAs: '另存为…',
    menuQuit: '退出',
    menuEdit: '编辑',
    menuView: '视图',
    menuHelp: '帮助',
    menuAbout: '关于客群工作台',
    dialogImportTitle: '选择要导入的数据文件',
    dialogOpenWorkspaceTitle: '打开工作区',
    dialogSaveAsTitle: '另存为',
    dialogModelFolderTitle: '选择本地模型文件夹',
    dialogDropFolderTitle: '选择投放文件夹（新导出文件将自动追加导入）',
    filterDataFiles: '数据文件',
    filterWorkspace: '工作区',
    filterAllFiles: '所有文件',
    aboutDetail: (i) =>
      `版本 ${i.version}（${i.platform}）\n工作区文件：${i.workspacePath}\n离线运行：本应用不进行任何网络连接。`,
    fatalTitle: '客群工作台无法启动',
  },
  en: {
    appName: 'Kequn Workbench',
    menuFile: 'File',
    menuNewWorkspace: 'New Workspace',
    menuOpenWorkspace: 'Open Workspace…',
    menuSaveWorkspaceAs: 'Save As…',
    menuQuit: 'Quit',
    menuEdit: 'Edit',
    menuView: 'View',
    menuHelp: 'Help',
    menuAbout: 'About Kequn Workbench',
    dialogImportTitle: 'Choose data files to import',
    dialogOpenWorkspaceTitle: 'Open workspace',
    dialogSaveAsTitle: 'Save as',
    dialogModelFolderTitle: 'Choose a local model folder',
    dialogDropFolderTitle: 'Choose a drop folder (new exports are appended automatically)',
    filterDataFiles: 'Data files',
    filterWorkspace: 'Workspace',
    filterAllFiles: 'All files',
    aboutDetail: (i) =>
      `Version ${i.version} (${i.platform})\nWorkspace file: ${i.workspacePath}\nOffline: this app makes no network connections.`,
    fatalTitle: 'Kequn Workbench could not start',
  },
};

/**
 * Language for main-process text from the system locale (`app.getLocale()`, e.g. `zh-CN`, `en-US`). Chinese
 * is the product's first language, so anything that is not explicitly English gets Chinese.
 */
export function pickMainLanguage(locale: string): MainLanguage {
  return /^en\b/i.test(locale) ? 'en' : 'zh-CN';
}
