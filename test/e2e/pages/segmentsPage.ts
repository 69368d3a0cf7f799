import type { Download, Locator, Page } from 'playwright-core';
import { waitForText } from '#test/support/locatorText.ts';

const COUNT_TIMEOUT_MS = 120_000;

/** The 人群圈选 screen: build a rule, read the live count and read-back, save, set operations, why in/out. */
export class SegmentsPage {
  readonly view: Locator;
  readonly buildProfile: Locator;
  readonly builder: Locator;
  readonly root: Locator;
  readonly conditions: Locator;
  readonly liveCount: Locator;
  readonly countValue: Locator;
  readonly readBack: Locator;
  readonly problems: Locator;
  readonly list: Locator;
  readonly setOps: Locator;
  readonly why: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('view-segments');
    this.buildProfile = page.getByTestId('build-profile');
    this.builder = page.getByTestId('segments-builder');
    this.root = page.getByTestId('rule-root');
    this.conditions = page.getByTestId('rule-condition');
    this.liveCount = page.getByTestId('live-count');
    this.countValue = page.getByTestId('count-value');
    this.readBack = page.getByTestId('read-back');
    this.problems = page.getByTestId('rule-problems');
    this.list = page.getByTestId('segments-list');
    this.setOps = page.getByTestId('segments-setops');
    this.why = page.getByTestId('segments-why');
  }

  /** Builds the customer wide table when the page offers to; waits until the builder is there. */
  async ensureProfile(): Promise<void> {
    await this.builder.or(this.buildProfile).first().waitFor({ state: 'visible', timeout: COUNT_TIMEOUT_MS });
    if (await this.buildProfile.isVisible()) {
      await this.buildProfile.click();
      await this.buildProfile.waitFor({ state: 'hidden', timeout: COUNT_TIMEOUT_MS });
    }
    await this.builder.waitFor({ state: 'visible' });
  }

  condition(index: number): Locator {
    return this.conditions.nth(index);
  }

  async addCondition(): Promise<Locator> {
    const before = await this.conditions.count();
    await this.root.getByTestId('add-condition').first().click();
    const added = this.condition(before);
    await added.waitFor({ state: 'visible' });
    return added;
  }

  async attr(condition: Locator, column: string, op: string, value: string): Promise<void> {
    await condition.getByTestId('condition-column').selectOption(column);
    await condition.getByTestId('condition-op').selectOption(op);
    await condition.getByTestId('condition-value').fill(value);
  }

  async behavior(condition: Locator, source: string, column: string, value: string, days: number, op: string, count: number): Promise<void> {
    await condition.getByTestId('condition-kind').selectOption('behavior');
    await condition.getByTestId('behavior-source').selectOption(source);
    await condition.getByTestId(`behavior-${column}`).fill(value);
    await condition.getByTestId('behavior-days').fill(String(days));
    await condition.getByTestId('behavior-op').selectOption(op);
    await condition.getByTestId('behavior-value').fill(String(count));
  }

  /** Waits until the read-back shows `text` and returns the count shown with it. */
  async countFor(text: string | RegExp): Promise<number> {
    await waitForText(this.readBack, text, COUNT_TIMEOUT_MS);
    await this.page.getByTestId('count-progress').waitFor({ state: 'hidden', timeout: COUNT_TIMEOUT_MS });
    return Number(await this.countValue.getAttribute('data-count'));
  }

  async sqlCount(): Promise<string> {
    await this.builder.getByTestId('sql-check').click();
    return waitForText(this.builder.getByTestId('sql-count'), /\d/, COUNT_TIMEOUT_MS);
  }

  async save(name: string): Promise<string> {
    await this.builder.getByTestId('segment-name').fill(name);
    await this.builder.getByTestId('segment-save').click();
    return waitForText(this.builder.getByTestId('segment-saved'), name, COUNT_TIMEOUT_MS);
  }

  async newRule(): Promise<void> {
    await this.builder.getByTestId('rule-new').click();
    await this.conditions.first().waitFor({ state: 'detached' });
  }

  row(name: string): Locator {
    return this.list.locator(`[data-testid="segment-row"][data-name="${name}"]`);
  }

  /** Opens a saved segment's rule in the builder. */
  async open(name: string): Promise<void> {
    await this.row(name).getByTestId('segment-edit').click();
    await this.conditions.first().waitFor({ state: 'visible', timeout: COUNT_TIMEOUT_MS });
  }

  async pick(segmentId: number): Promise<void> {
    await this.setOps.getByTestId(`setop-pick-${segmentId}`).check();
  }

  /** Compares two saved segments side by side (by name) and returns the result panel. */
  async compare(a: string, b: string): Promise<Locator> {
    const panel = this.setOps.getByTestId('segments-compare');
    await panel.getByTestId('compare-a').selectOption({ label: a });
    await panel.getByTestId('compare-b').selectOption({ label: b });
    await panel.getByTestId('compare-run').click();
    const result = panel.getByTestId('compare-result');
    await result.waitFor({ state: 'visible', timeout: COUNT_TIMEOUT_MS });
    return result;
  }

  async explain(customer: string): Promise<Locator> {
    await this.why.getByTestId('why-customer').fill(customer);
    await this.why.getByTestId('why-run').click();
    const result = this.why.getByTestId('why-result');
    await result.waitFor({ state: 'visible', timeout: COUNT_TIMEOUT_MS });
    return result;
  }
}

/** The 客群画像 screen. */
export class PortraitsPage {
  readonly view: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('view-portraits');
    this.result = page.getByTestId('portrait-result');
  }

  distribution(column: string): Locator {
    return this.page.getByTestId(`portrait-dist-${column}`);
  }

  async export(column: string, ext: 'png' | 'svg'): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`portrait-dist-${column}-${ext}`).click()]);
    return download;
  }
}
