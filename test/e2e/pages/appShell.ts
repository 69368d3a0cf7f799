import type { Locator, Page } from 'playwright-core';
import type { zhCN } from '#renderer/i18n/zh-CN.ts';
import { waitForText, waitForValue } from '#test/support/locatorText.ts';
import { CATALOGS, type Lang } from './catalogs.ts';

export type NavId = Exclude<keyof typeof zhCN.nav, 'label'>;

/** First start builds the demo workspace (generate + import the demo exports); allow for a slow machine. */
const READY_TIMEOUT_MS = 180_000;

/** The frame around every screen: navigation, language switch, as-of date. */
export class AppShell {
  readonly langSwitch: Locator;
  readonly asOfDate: Locator;

  constructor(readonly page: Page) {
    this.langSwitch = page.getByTestId('lang-switch');
    this.asOfDate = page.getByTestId('asof-date');
  }

  nav(id: NavId): Locator {
    return this.page.getByTestId(`nav-${id}`);
  }

  /** Waits until the engine has started and a workspace is open; fails at once on the fatal screen. */
  async waitUntilStarted(): Promise<void> {
    const fatal = this.page.getByTestId('fatal-screen');
    await this.nav('import').or(fatal).first().waitFor({ state: 'visible', timeout: READY_TIMEOUT_MS });
    if (await fatal.isVisible()) throw new Error(`the app shows its fatal screen:\n${await fatal.innerText()}`);
    await this.page.getByTestId('startup').waitFor({ state: 'hidden', timeout: READY_TIMEOUT_MS });
  }

  /**
   * On a first start the app builds the demo workspace; waits until it is open (its banner shows and the header
   * has the as-of date taken from its data). Fails at once when the app reports that building it failed.
   */
  async waitForDemoWorkspace(): Promise<void> {
    await this.waitUntilStarted();
    const banner = this.page.getByTestId('demo-banner');
    const failure = this.page.locator('[data-testid="notice"][data-error-code]');
    await banner.or(failure).first().waitFor({ state: 'visible', timeout: READY_TIMEOUT_MS });
    if (await failure.first().isVisible()) {
      throw new Error(`the demo workspace was not built; the app says: ${(await failure.allInnerTexts()).join(' | ')}`);
    }
    await waitForValue(this.asOfDate, /^\d{4}-\d{2}-\d{2}$/, READY_TIMEOUT_MS);
  }

  async goTo(id: NavId): Promise<void> {
    await this.nav(id).click();
  }

  /** Switches the UI language (the switch is a toggle) and waits until the navigation shows it. */
  async switchLanguage(lang: Lang): Promise<void> {
    const label = CATALOGS[lang].nav.import;
    if ((await this.nav('import').innerText()).trim() !== label) await this.langSwitch.click();
    await waitForText(this.nav('import'), label);
  }
}
