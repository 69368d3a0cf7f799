import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_SCHEME, DESKTOP_EVENTS, type MenuCommand } from '#electron/common/desktopApi.ts';
import { createAppRequestHandler } from './appRequestHandler.ts';
import { APP_ENTRY_URL } from './appUrl.ts';
import { createDesktopHandlers } from './desktopHandlers.ts';
import { createDropFolderController, nodeDropFolderDeps, nodeReadFile } from './dropFolderBridge.ts';
import { registerDesktopIpc } from './ipc.ts';
import { MAIN_STRINGS, pickMainLanguage, type MainStrings } from './mainStrings.ts';
import { buildMenuTemplate } from './menu.ts';
import { hardenSession, hardenWebContents } from './security.ts';

// Both calls must happen before `ready`; this module has no top-level await, so they do.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    // standard + secure: a real origin for 'self' in the CSP, module workers and fetch of the .wasm files.
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
  },
]);
app.enableSandbox();

const WINDOW_OPTIONS = {
  width: 1440,
  height: 900,
  minWidth: 1024,
  minHeight: 680,
  show: false,
  backgroundColor: '#f5f7fa',
} as const;

function createMainWindow(strings: MainStrings): BrowserWindow {
  const win = new BrowserWindow({
    ...WINDOW_OPTIONS,
    title: strings.appName,
    webPreferences: {
      // The preload is CommonJS: sandboxed preloads cannot be ES modules.
      preload: path.join(import.meta.dirname, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    console.error('[main] could not load the renderer', error);
  });
  return win;
}

function showAbout(strings: MainStrings, workspacePath: string, win: BrowserWindow | null): void {
  const options = {
    type: 'info' as const,
    title: strings.menuAbout,
    message: `${MAIN_STRINGS['zh-CN'].appName} ${MAIN_STRINGS.en.appName}`,
    detail: strings.aboutDetail({ version: app.getVersion(), platform: process.platform, workspacePath }),
  };
  void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
}

function onReady(): void {
  const strings = MAIN_STRINGS[pickMainLanguage(app.getLocale())];
  const workspacePath = path.join(app.getPath('userData'), 'workspace.sqlite');
  let mainWindow: BrowserWindow | null = null;
  let modelRoot: string | null = null;

  const dropFolder = createDropFolderController({
    fs: nodeDropFolderDeps(),
    readFile: nodeReadFile,
    send: (files) => mainWindow?.webContents.send(DESKTOP_EVENTS.dropFiles, files),
    onError: (error) => console.error('[main] drop folder', error),
  });

  hardenSession(session.defaultSession);
  protocol.handle(
    APP_SCHEME,
    createAppRequestHandler({
      webRoot: path.join(app.getAppPath(), 'dist', 'web'),
      modelRoot: () => modelRoot,
      readFile: (filePath) => readFile(filePath),
    }),
  );
  registerDesktopIpc(
    ipcMain,
    createDesktopHandlers({
      strings,
      window: () => mainWindow,
      workspacePath,
      documentsPath: app.getPath('documents'),
      appVersion: app.getVersion(),
      setModelRoot: (folder) => {
        modelRoot = folder;
      },
      dropFolder,
    }),
  );

  const sendCommand = (command: MenuCommand): void => {
    mainWindow?.webContents.send(DESKTOP_EVENTS.menuCommand, command);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate(
        { strings, platform: process.platform, isPackaged: app.isPackaged },
        { command: sendCommand, about: () => showAbout(strings, workspacePath, mainWindow) },
      ),
    ),
  );

  const openWindow = (): void => {
    mainWindow = createMainWindow(strings);
    // A (re)loaded page starts with no drop folder; keep main in step so arrivals never go to a page that
    // does not know it is watching.
    mainWindow.webContents.on('did-finish-load', () => dropFolder.stop());
    mainWindow.on('closed', () => {
      // The page that chose the folder is gone; a new window chooses again.
      dropFolder.stop();
      mainWindow = null;
    });
  };
  openWindow();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (mainWindow === null) openWindow();
  });
}

// One instance only: two processes autosaving the same workspace file would overwrite each other.
if (app.requestSingleInstanceLock()) {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      const title = MAIN_STRINGS[pickMainLanguage(app.getLocale())].fatalTitle;
      dialog.showErrorBox(title, error instanceof Error ? (error.stack ?? error.message) : String(error));
      app.exit(1);
    });
} else {
  app.quit();
}
