import type { Locator, Page } from 'playwright-core';
import { waitForText } from '#test/support/locatorText.ts';

const JOB_TIMEOUT_MS = 120_000;

/** The 预测建模 screen: table, target and features, training with cancel, the model card, comparison, scoring, next-best-product. */
export class PredictPage {
  readonly table: Locator;
  readonly target: Locator;
  readonly positive: Locator;
  readonly algo: Locator;
  readonly trainButton: Locator;
  readonly cancelButton: Locator;
  readonly cancelled: Locator;
  readonly error: Locator;
  readonly card: Locator;
  readonly auc: Locator;
  readonly lift: Locator;
  readonly roc: Locator;
  readonly gains: Locator;
  readonly calibration: Locator;
  readonly importance: Locator;
  readonly threshold: Locator;
  readonly truePositives: Locator;
  readonly models: Locator;
  readonly compare: Locator;
  readonly scoreButton: Locator;
  readonly scored: Locator;
  readonly nbpRun: Locator;
  readonly nbpHitRate: Locator;
  readonly nbpSample: Locator;
  readonly source: Locator;
  readonly pitKind: Locator;
  readonly pitInfo: Locator;

  constructor(readonly page: Page) {
    const id = (testId: string): Locator => page.getByTestId(testId);
    this.table = id('predict-table');
    this.target = id('predict-target');
    this.positive = id('predict-positive');
    this.algo = id('predict-algo');
    this.trainButton = id('predict-train');
    this.cancelButton = id('predict-cancel');
    this.cancelled = id('predict-cancelled');
    this.error = id('predict-error');
    this.card = id('predict-card');
    this.auc = id('predict-auc');
    this.lift = id('predict-lift');
    this.roc = id('predict-roc');
    this.gains = id('predict-gains');
    this.calibration = id('predict-calibration');
    this.importance = id('predict-importance');
    this.threshold = id('predict-threshold');
    this.truePositives = id('predict-tp');
    this.models = id('predict-models');
    this.compare = id('predict-compare');
    this.scoreButton = id('predict-score');
    this.scored = id('predict-scored');
    this.nbpRun = id('nbp-run');
    this.nbpHitRate = id('nbp-hit-rate');
    this.nbpSample = id('nbp-sample');
    this.source = id('predict-source');
    this.pitKind = id('predict-pit-kind');
    this.pitInfo = id('predict-pit-info');
  }

  async chooseTarget(table: string, target: string, positive: string): Promise<void> {
    await this.table.selectOption(table);
    await this.target.locator(`option[value="${target}"]`).waitFor({ state: 'attached', timeout: JOB_TIMEOUT_MS });
    await this.target.selectOption(target);
    await this.positive.fill(positive);
  }

  /** Trains with `algo` and waits for the card of the new model; returns its AUC. */
  async train(algo: 'trees' | 'logistic'): Promise<number> {
    await this.algo.selectOption(algo);
    const before = await this.modelRows().count();
    await this.trainButton.click();
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="predict-models"] tbody tr').length > n, before, { timeout: JOB_TIMEOUT_MS });
    return Number(await waitForText(this.auc, /\d\.\d{3}/, JOB_TIMEOUT_MS));
  }

  /** Switches to a point-in-time training set with the target `kind` (default window, default reference date). */
  async choosePointInTime(kind: 'churn' | 'response' | 'first_loan' | 'product'): Promise<void> {
    await this.source.selectOption('pit');
    await this.pitKind.selectOption(kind);
  }

  /** Starts a training and cancels it while it runs. */
  async trainAndCancel(algo: 'trees' | 'logistic'): Promise<void> {
    await this.algo.selectOption(algo);
    await this.trainButton.click();
    await this.cancelButton.click({ timeout: JOB_TIMEOUT_MS });
    await this.cancelled.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
  }

  modelRows(): Locator {
    return this.models.locator('tbody tr');
  }

  async compareAll(): Promise<void> {
    for (const box of await this.models.locator('input[type="checkbox"]').all()) await box.check();
    await this.compare.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
  }

  async score(): Promise<string> {
    await this.scoreButton.click();
    return waitForText(this.scored, /\d/, JOB_TIMEOUT_MS);
  }

  async recommend(): Promise<string> {
    await this.nbpRun.click();
    return waitForText(this.nbpHitRate, /%/, JOB_TIMEOUT_MS);
  }
}
