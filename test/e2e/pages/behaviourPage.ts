import type { Locator, Page } from 'playwright-core';
import { waitForText } from '#test/support/locatorText.ts';

const JOB_TIMEOUT_MS = 120_000;

/** The 行为分析, 社交与资金网络 and 客群经营诊断 screens: one locator per control, one method per intent. */
export class BehaviourPage {
  readonly summary: Locator;
  readonly funnelTable: Locator;
  readonly funnelChart: Locator;
  readonly retentionTable: Locator;
  readonly pathsChart: Locator;
  readonly pathsCount: Locator;
  readonly trendsChart: Locator;
  readonly interestTable: Locator;
  readonly changesSince: Locator;
  readonly networkStats: Locator;
  readonly influencers: Locator;
  readonly graphChart: Locator;
  readonly diagnosisCount: Locator;
  readonly drillCount: Locator;
  readonly drillTable: Locator;
  readonly saved: Locator;

  constructor(readonly page: Page) {
    const id = (testId: string): Locator => page.getByTestId(testId);
    this.summary = id('behaviour-summary');
    this.funnelTable = id('funnel-table');
    this.funnelChart = id('funnel-chart');
    this.retentionTable = id('retention-table');
    this.pathsChart = id('paths-chart');
    this.pathsCount = id('paths-count');
    this.trendsChart = id('trends-chart');
    this.interestTable = id('interest-table');
    this.changesSince = id('changes-since');
    this.networkStats = id('network-stats');
    this.influencers = id('network-influencers');
    this.graphChart = id('network-graph-chart');
    this.diagnosisCount = id('diagnosis-count');
    this.drillCount = id('diagnosis-drill-count');
    this.drillTable = id('diagnosis-drill-table');
    this.saved = id('diagnosis-saved');
  }

  async tab(name: 'funnel' | 'retention' | 'paths' | 'trends' | 'interest' | 'changes'): Promise<void> {
    await this.page.getByTestId(`behaviour-tab-${name}`).click();
  }

  /** Runs the default funnel and returns the customers per step. */
  async runFunnel(): Promise<number[]> {
    await this.page.getByTestId('funnel-run').click();
    await this.funnelTable.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
    const cells = await this.funnelTable.locator('tbody tr td:nth-child(2)').allInnerTexts();
    return cells.map((c) => Number(c.replace(/[^\d]/g, '')));
  }

  async runRetention(period: 'day' | 'week' | 'month'): Promise<number> {
    await this.page.getByTestId('retention-period').selectOption(period);
    await this.page.getByTestId('retention-run').click();
    await this.retentionTable.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
    return this.retentionTable.locator('tbody tr').count();
  }

  async runPaths(): Promise<string> {
    await this.page.getByTestId('paths-run').click();
    await this.pathsChart.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
    return waitForText(this.pathsCount, /\d/);
  }

  async runInterest(halfLifeDays: number): Promise<void> {
    await this.page.getByTestId('interest-half-life').fill(String(halfLifeDays));
    await this.page.getByTestId('interest-run').click();
    await this.interestTable.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
  }

  async markRefreshed(): Promise<string> {
    await this.page.getByTestId('changes-mark').click();
    return waitForText(this.changesSince, /\d{4}-\d{2}-\d{2}/);
  }

  async runNetwork(): Promise<string> {
    await this.page.getByTestId('network-run').click();
    return waitForText(this.networkStats, /\d/, JOB_TIMEOUT_MS);
  }

  /** The ONE_ID links of the influencer table. */
  influencerLinks(): Locator {
    return this.influencers.locator('tbody button');
  }

  tile(id: string): Locator {
    return this.page.getByTestId(`diagnosis-tile-${id}`);
  }

  section(section: 'channel' | 'scenario' | 'productFit' | 'stickiness'): Locator {
    return this.page.getByTestId(`diagnosis-section-${section}`);
  }

  async drill(tileId: string): Promise<string> {
    await this.tile(tileId).click();
    return waitForText(this.drillCount, /\d/, JOB_TIMEOUT_MS);
  }

  async saveSegment(): Promise<string> {
    await this.page.getByTestId('diagnosis-save-segment').click();
    return waitForText(this.saved, /\d/, JOB_TIMEOUT_MS);
  }
}
