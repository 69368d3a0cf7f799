import type { Download, Locator, Page } from 'playwright-core';
import { readCount, waitForText } from '#test/support/locatorText.ts';

const EXPORT_TIMEOUT_MS = 120_000;

/** The 导出与报告 screen's audience export: choose a segment and preset, check compliance, export, download. */
export class ExportPage {
  readonly view: Locator;
  readonly segment: Locator;
  readonly preset: Locator;
  readonly format: Locator;
  readonly checkButton: Locator;
  readonly exportButton: Locator;
  readonly summary: Locator;
  readonly result: Locator;
  readonly maskedOption: Locator;
  readonly unmaskOption: Locator;
  readonly unmaskReason: Locator;
  readonly campaign: Locator;
  readonly holdout: Locator;
  readonly formIssues: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('view-export');
    this.segment = page.getByTestId('export-segment');
    this.preset = page.getByTestId('export-preset');
    this.format = page.getByTestId('export-format');
    this.checkButton = page.getByTestId('export-check');
    this.exportButton = page.getByTestId('export-run');
    this.summary = page.getByTestId('export-summary');
    this.result = page.getByTestId('export-result');
    this.maskedOption = page.getByTestId('export-masked');
    this.unmaskOption = page.getByTestId('export-unmask');
    this.unmaskReason = page.getByTestId('export-unmask-reason');
    this.campaign = page.getByTestId('export-campaign');
    this.holdout = page.getByTestId('export-holdout');
    this.formIssues = page.getByTestId('export-form-issues');
  }

  async chooseSegment(name: string): Promise<void> {
    const option = this.segment.locator('option', { hasText: name });
    await this.segment.selectOption({ value: (await option.getAttribute('value')) ?? '' });
  }

  async choosePreset(preset: 'sms' | 'wechat' | 'push' | 'call' | 'custom'): Promise<void> {
    await this.preset.selectOption(preset);
  }

  /** Runs the compliance check and waits for its summary. */
  async checkCompliance(): Promise<void> {
    await this.checkButton.click();
    await this.summary.waitFor({ state: 'visible', timeout: EXPORT_TIMEOUT_MS });
    await this.page.waitForFunction(() => document.querySelector('[data-testid="export-summary"]')?.getAttribute('data-stale') === 'false', undefined, { timeout: EXPORT_TIMEOUT_MS });
  }

  /** A count of the summary (or of the result card when `inResult`). */
  async count(key: 'segment' | 'excluded' | 'eligible' | 'holdout' | 'exported', inResult = false): Promise<number> {
    return readCount((inResult ? this.result : this.summary).getByTestId(`export-count-${key}`).locator('.export-count-value'));
  }

  /** Customers the summary lists as excluded under `reason` (first failing rule). */
  async excludedFor(reason: string): Promise<number> {
    const row = this.summary.getByTestId(`export-reason-${reason}`);
    await row.waitFor({ state: 'visible' });
    return Number(await row.getAttribute('data-count'));
  }

  async exportNow(): Promise<void> {
    await this.exportButton.click();
    await this.result.waitFor({ state: 'visible', timeout: EXPORT_TIMEOUT_MS });
  }

  async sha256(): Promise<string> {
    return waitForText(this.result.getByTestId('export-sha256'), /^[0-9a-f]{64}$/);
  }

  /** Clicks a download button and returns the download. */
  async download(which: 'file' | 'manifest'): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.result.getByTestId(`export-download-${which}`).click()]);
    return download;
  }
}
