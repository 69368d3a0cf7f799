import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '#electron/common/desktopApi.ts';
import { MAIN_STRINGS, pickMainLanguage } from './mainStrings.ts';
import { buildMenuTemplate } from './menu.ts';

function build(platform: NodeJS.Platform, isPackaged: boolean, language: 'zh-CN' | 'en' = 'zh-CN') {
  const commands: MenuCommand[] = [];
  let abouts = 0;
  const template = buildMenuTemplate(
    { strings: MAIN_STRINGS[language], platform, isPackaged },
    { command: (c) => commands.push(c), about: () => (abouts += 1) },
  );
  return { template, commands, abouts: () => abouts };
}

function items(menu: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  const sub = menu?.submenu;
  if (!Array.isArray(sub)) throw new Error('expected a submenu array');
  return sub;
}

function click(item: MenuItemConstructorOptions | undefined): void {
  if (!item?.click) throw new Error(`no click on ${item?.label ?? '?'}`);
  (item.click as () => void)();
}

describe('buildMenuTemplate', () => {
  it('has 文件 / 编辑 / 视图 / 帮助 on Windows and Linux, in Chinese', () => {
    const { template } = build('win32', true);
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    expect(items(template[0]).map((i) => i.label ?? i.type)).toEqual(['新建工作区', '打开工作区…', '另存为…', 'separator', '退出']);
    expect(items(template[0])[4]?.role).toBe('quit');
  });

  it('forwards the workspace commands and answers About itself', () => {
    const { template, commands, abouts } = build('linux', true);
    const file = items(template[0]);
    click(file[0]);
    click(file[1]);
    click(file[2]);
    expect(commands).toEqual(['newWorkspace', 'openWorkspace', 'saveWorkspaceAs']);
    click(items(template[3])[0]);
    expect(abouts()).toBe(1);
  });

  it('offers reload and developer tools only in unpackaged runs', () => {
    const roles = (isPackaged: boolean) => items(build('linux', isPackaged).template[2]).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(true)).not.toContain('reload');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('puts an application menu first on macOS and Quit there', () => {
    const { template } = build('darwin', true, 'en');
    expect(template.map((m) => m.label)).toEqual(['Kequn Workbench', 'File', 'Edit', 'View', 'Help']);
    expect(items(template[0]).some((i) => i.role === 'quit')).toBe(true);
    expect(items(template[1]).some((i) => i.role === 'quit')).toBe(false);
  });
});

describe('pickMainLanguage', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['en-US', 'en'],
    ['en', 'en'],
    ['EN-gb', 'en'],
    ['de-DE', 'zh-CN'],
    ['', 'zh-CN'],
    ['eng', 'zh-CN'],
  ])('%j → %s', (locale, expected) => {
    expect(pickMainLanguage(locale)).toBe(expected);
  });
});
