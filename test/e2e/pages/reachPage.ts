import type { Download, Locator, Page } from 'playwright-core';
import { readCount, waitForText } from '#test/support/locatorText.ts';

const JOB_TIMEOUT_MS = 120_000;

/** The 触达策略 screen: habit tags, the journey designer, simulation with its Sankey, per-step export. */
export class ReachPage {
  readonly view: Locator;
  readonly habitSummary: Locator;
  readonly habitTags: Locator;
  readonly stepList: Locator;
  readonly planValid: Locator;
  readonly problems: Locator;
  readonly sankey: Locator;
  readonly simSteps: Locator;
  readonly exportResult: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('view-reach');
    this.habitSummary = page.getByTestId('reach-habit-summary');
    this.habitTags = page.getByTestId('reach-habit-tags');
    this.stepList = page.getByTestId('reach-step-list');
    this.planValid = page.getByTestId('reach-plan-valid');
    this.problems = page.getByTestId('reach-problems');
    this.sankey = page.getByTestId('reach-sankey');
    this.simSteps = page.getByTestId('reach-sim-steps');
    this.exportResult = page.getByTestId('reach-export-result');
  }

  /** Computes the habit tags and waits for the summary line of the new run. */
  async runHabitTags(): Promise<string> {
    await this.page.getByTestId('reach-run-tags').click();
    await this.page.getByTestId('reach-tags-progress').waitFor({ state: 'detached', timeout: JOB_TIMEOUT_MS });
    return waitForText(this.habitSummary, /\d/, JOB_TIMEOUT_MS);
  }

  async tagMembers(tag: string): Promise<number> {
    return readCount(this.page.getByTestId(`reach-tag-${tag}`).locator('td').nth(1));
  }

  async loadTemplate(): Promise<void> {
    await this.page.getByTestId('reach-load-template').click();
    await this.stepList.waitFor({ state: 'visible' });
  }

  async setWaitDays(step: string, days: number): Promise<void> {
    await this.page.getByTestId(`reach-step-days-${step}`).fill(String(days));
  }

  async setSendTime(step: string, time: string): Promise<void> {
    await this.page.getByTestId(`reach-step-time-${step}`).fill(time);
  }

  async simulate(mode: 'deterministic' | 'monte_carlo', runs?: number): Promise<void> {
    await this.page.getByTestId('reach-sim-mode').selectOption(mode);
    if (runs !== undefined) await this.page.getByTestId('reach-sim-runs').fill(String(runs));
    await this.page.getByTestId('reach-simulate').click();
    await this.page.getByTestId('reach-simulate').and(this.page.locator(':enabled')).waitFor({ timeout: JOB_TIMEOUT_MS });
    await this.simSteps.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
  }

  async stepCount(step: string): Promise<number> {
    return readCount(this.page.getByTestId(`reach-sim-count-${step}`));
  }

  /** Exports a step's list and waits for the result line. */
  async exportStep(step: string): Promise<string> {
    await this.page.getByTestId(`reach-export-${step}`).click();
    return waitForText(this.exportResult, new RegExp(step), JOB_TIMEOUT_MS);
  }

  async download(what: 'file' | 'manifest'): Promise<Download> {
    const [d] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(what === 'file' ? 'reach-download-file' : 'reach-download-manifest').click()]);
    return d;
  }
}
