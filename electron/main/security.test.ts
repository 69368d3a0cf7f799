import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { hardenSession, hardenWebContents } from './security.ts';

class FakeEvent {
  prevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.prevented = true;
  }
}

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (name: string, listener: (...args: unknown[]) => void) => emitter.on(name, listener),
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
      openHandler = handler;
    },
  };
  hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0]);
  const fire = (name: string, url = '') => {
    const event = new FakeEvent(url);
    emitter.emit(name, event);
    return event.prevented;
  };
  return { fire, openWindow: (url: string) => openHandler?.({ url }) };
}

describe('hardenWebContents', () => {
  it.each([
    ['will-navigate', 'app://kequn/index.html', false],
    ['will-navigate', 'app://kequn/other.html', false],
    ['will-navigate', 'https://example.com/', true],
    ['will-navigate', 'app://kequn.evil/', true],
    ['will-navigate', 'file:///etc/passwd', true],
    ['will-frame-navigate', 'app://kequn/index.html', false],
    ['will-frame-navigate', 'https://example.com/frame', true],
    ['will-redirect', 'app://kequn/index.html', false],
    ['will-redirect', 'http://127.0.0.1:5173/', true],
    ['will-attach-webview', '', true],
  ])('%s to %j prevented: %s', (name, url, prevented) => {
    expect(fakeContents().fire(name, url)).toBe(prevented);
  });

  it('denies every new window, even to our own origin', () => {
    const c = fakeContents();
    expect(c.openWindow('https://example.com/')).toEqual({ action: 'deny' });
    expect(c.openWindow('app://kequn/index.html')).toEqual({ action: 'deny' });
  });
});

describe('hardenSession', () => {
  function fakeSession() {
    const seen: Record<string, unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: unknown) => (seen.request = h),
      setPermissionCheckHandler: (h: unknown) => (seen.check = h),
      setDevicePermissionHandler: (h: unknown) => (seen.device = h),
      webRequest: { onBeforeRequest: (h: unknown) => (seen.beforeRequest = h) },
    };
    hardenSession(session as unknown as Parameters<typeof hardenSession>[0]);
    return seen as {
      request: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
      check: (...args: unknown[]) => boolean;
      device: (...args: unknown[]) => boolean;
      beforeRequest: (details: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    };
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])('denies the %s permission', (permission) => {
    const s = fakeSession();
    let granted: boolean | null = null;
    s.request({}, permission, (g) => (granted = g));
    expect(granted).toBe(false);
    expect(s.check({}, permission, 'app://kequn', {})).toBe(false);
    expect(s.device({ deviceType: 'usb' })).toBe(false);
  });

  it.each([
    ['app://kequn/assets/a.js', false],
    ['blob:app://kequn/1', false],
    ['https://example.com/', true],
    ['http://127.0.0.1:8080/x', true],
    ['ws://127.0.0.1:5173/', true],
    ['file:///etc/passwd', true],
  ])('request to %s cancelled: %s', (url, cancel) => {
    const s = fakeSession();
    let answer: { cancel: boolean } | null = null;
    s.beforeRequest({ url }, (r) => (answer = r));
    expect(answer).toEqual({ cancel });
  });
});
