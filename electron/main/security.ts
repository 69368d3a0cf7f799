import type { Session, WebContents } from 'electron';
import { isAllowedRequestUrl, isTrustedAppUrl } from './appUrl.ts';

/**
 * Security defaults for every web contents the app creates (called from `app.on('web-contents-created')`):
 * navigation (of any frame) and redirects may not leave app://kequn, no new windows, no <webview>. Only type imports from
 * Electron, so the wiring is unit-tested with fakes.
 */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event) => {
    if (!isTrustedAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isTrustedAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isTrustedAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type HardenedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'
>;

/**
 * Session-wide denials: every permission request and check answers "no", no device access, and every request
 * that is not to app://kequn (or an in-memory blob:/data: URL) is cancelled. The app is offline by design; this
 * is the enforcement, not just the habit.
 */
export function hardenSession(session: HardenedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) });
  });
}
