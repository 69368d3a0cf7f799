import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '#electron/common/desktopApi.ts';
import type { MainStrings } from './mainStrings.ts';

export interface MenuActions {
  /** Forwards a workspace command to the renderer, which owns the engine. */
  readonly command: (command: MenuCommand) => void;
  readonly about: () => void;
}

export interface MenuContext {
  readonly strings: MainStrings;
  readonly platform: NodeJS.Platform;
  /** Developer tools and reload are offered only in unpackaged (development) runs. */
  readonly isPackaged: boolean;
}

/**
 * The application menu: 文件 (new / open / save as / quit), 编辑, 视图, 帮助 (about). The 编辑 menu is not decoration:
 * on macOS copy and paste shortcuts only work through menu roles. Pure: the caller builds it with
 * `Menu.buildFromTemplate`.
 */
export function buildMenuTemplate(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const s = ctx.strings;
  const isMac = ctx.platform === 'darwin';
  const about: MenuItemConstructorOptions = { label: s.menuAbout, click: () => actions.about() };

  const file: MenuItemConstructorOptions = {
    label: s.menuFile,
    submenu: [
      { label: s.menuNewWorkspace, accelerator: 'CmdOrCtrl+N', click: () => actions.command('newWorkspace') },
      { label: s.menuOpenWorkspace, accelerator: 'CmdOrCtrl+O', click: () => actions.command('openWorkspace') },
      { label: s.menuSaveWorkspaceAs, accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.command('saveWorkspaceAs') },
      ...(isMac ? [] : [{ type: 'separator' } as const, { label: s.menuQuit, role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: s.menuEdit,
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: s.menuView,
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(ctx.isPackaged ? [] : [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]),
    ],
  };
  const help: MenuItemConstructorOptions = { label: s.menuHelp, role: 'help', submenu: [about] };

  if (!isMac) return [file, edit, view, help];
  const appMenu: MenuItemConstructorOptions = {
    label: s.appName,
    submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { label: s.menuQuit, role: 'quit' }],
  };
  return [appMenu, file, edit, view, help];
}
