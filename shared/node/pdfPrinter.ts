/**
 * Prints the meeting pack's HTML to PDF with a locally installed Chromium driven by playwright-core. Nothing is
 * downloaded: when either is missing the caller gets a {@link PdfUnavailable} with what to install, and the HTML
 * (which prints the same from any browser) is still written.
 */
import { existsSync } from 'node:fs';
import type * as PlaywrightCore from 'playwright-core';

/** Where Chromium or Chrome usually lives; `KEQUN_CHROMIUM` wins. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

export class PdfUnavailable extends Error {}

/** The Chromium executable to print with, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const own = env.KEQUN_CHROMIUM;
  if (own) return existsSync(own) ? own : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * Renders `html` to an A4 PDF (the pack's print stylesheet decides page breaks; page numbers come from its
 * `@page` margin boxes). Every request the page makes is refused: the pack is self-contained by design, and a
 * stray URL must not reach the network.
 * @returns the PDF bytes
 */
export async function printPdf(html: string, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const executablePath = findChromium(env);
  if (!executablePath) {
    throw new PdfUnavailable('No Chromium or Chrome found for PDF output (install chromium and fonts-noto-cjk, or set KEQUN_CHROMIUM to its path). The HTML pack prints to PDF from any browser.');
  }
  let playwright: typeof PlaywrightCore;
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new PdfUnavailable('PDF output needs the playwright-core package (npm install playwright-core). The HTML pack prints to PDF from any browser.');
  }
  const browser = await playwright.chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND'],
  });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
