/**
 * Collects console errors and uncaught exceptions from every page of a browser context, and from their dedicated
 * workers (Chromium reports those through the page), so a test can assert the app ran without any
 * (test/support/appSession.ts does so after every end-to-end test).
 */
import type { BrowserContext } from 'playwright-core';

export interface ConsoleWatch {
  /** Console `error` messages and uncaught exceptions, each with where it happened. */
  readonly errors: readonly string[];
}

/** Starts watching `context`; call before opening pages so nothing is missed. */
export function watchConsole(context: BrowserContext): ConsoleWatch {
  const errors: string[] = [];
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    errors.push(`console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  context.on('weberror', (webError) => {
    const error = webError.error();
    errors.push(`uncaught: ${error.stack ?? error.message}`);
  });
  return { errors };
}
