import { createBrowserPlatform } from './browserPlatform.ts';
import { createDesktopPlatform } from './desktopPlatform.ts';
import type { Platform } from './platform.ts';

/** The desktop platform when the Electron preload exposed `window.kequn`, the browser platform otherwise. */
export function choosePlatform(win: Pick<Window, 'kequn'>): Platform {
  return win.kequn ? createDesktopPlatform(win.kequn) : createBrowserPlatform();
}
