import type { Locator, Page } from 'playwright-core';
import { waitForText } from '#test/support/locatorText.ts';

const JOB_TIMEOUT_MS = 120_000;

/** The 智能分群 screen: table and features, k scan, run, groups, charts, the map with its lasso. */
export class ClustersPage {
  readonly table: Locator;
  readonly allNumeric: Locator;
  readonly kMin: Locator;
  readonly kMax: Locator;
  readonly k: Locator;
  readonly scanButton: Locator;
  readonly scanProgress: Locator;
  readonly scanCancel: Locator;
  readonly cancelled: Locator;
  readonly recommended: Locator;
  readonly scanChart: Locator;
  readonly runButton: Locator;
  readonly summary: Locator;
  readonly groups: Locator;
  readonly radar: Locator;
  readonly parallel: Locator;
  readonly map: Locator;
  readonly lasso: Locator;
  readonly lassoSave: Locator;
  readonly saved: Locator;
  readonly umapNote: Locator;
  readonly umapProgress: Locator;

  constructor(readonly page: Page) {
    const id = (testId: string): Locator => page.getByTestId(testId);
    this.table = id('cluster-table');
    this.allNumeric = id('cluster-all-numeric');
    this.kMin = id('cluster-kmin');
    this.kMax = id('cluster-kmax');
    this.k = id('cluster-k');
    this.scanButton = id('cluster-scan');
    this.scanProgress = id('cluster-scan-progress');
    this.scanCancel = id('cluster-scan-cancel');
    this.cancelled = id('cluster-cancelled');
    this.recommended = id('cluster-recommended');
    this.scanChart = id('cluster-scan-chart');
    this.runButton = id('cluster-run');
    this.summary = id('cluster-summary');
    this.groups = id('cluster-groups');
    this.radar = id('cluster-radar');
    this.parallel = id('cluster-parallel');
    this.map = id('cluster-map');
    this.lasso = id('cluster-lasso');
    this.lassoSave = id('cluster-lasso-save');
    this.saved = id('cluster-saved');
    this.umapNote = id('cluster-umap-note');
    this.umapProgress = id('cluster-umap-progress');
  }

  feature(name: string): Locator {
    return this.page.getByTestId(`cluster-feature-${name}`);
  }

  async chooseTable(name: string): Promise<void> {
    await this.table.selectOption(name);
    await this.allNumeric.waitFor({ state: 'visible' });
  }

  /** Scans k over [min, max] and waits for the recommendation; returns the suggested k. */
  async scan(min: number, max: number): Promise<number> {
    await this.kMin.fill(String(min));
    await this.kMax.fill(String(max));
    await this.scanButton.click();
    const text = await waitForText(this.recommended, /\d+/, JOB_TIMEOUT_MS);
    return Number(/k = (\d+)/.exec(text)?.[1] ?? Number.NaN);
  }

  /** Starts a scan and cancels it while it runs. */
  async scanAndCancel(min: number, max: number): Promise<void> {
    await this.kMin.fill(String(min));
    await this.kMax.fill(String(max));
    await this.scanButton.click();
    await this.scanCancel.click({ timeout: JOB_TIMEOUT_MS });
    await this.cancelled.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
  }

  /** Runs the clustering with `k` groups and waits for the groups table. */
  async run(k: number): Promise<void> {
    await this.k.fill(String(k));
    await this.runButton.click();
    await waitForText(this.summary, `k = ${k}`, JOB_TIMEOUT_MS);
    await this.groups.waitFor({ state: 'visible' });
  }

  groupRows(): Locator {
    return this.groups.locator('tbody tr');
  }

  groupNames(): Promise<string[]> {
    return this.groups.getByTestId('cluster-group-name').allInnerTexts();
  }

  /** Turns the lasso on and drags a closed region over the middle of the map. */
  async lassoMiddle(): Promise<void> {
    await this.lasso.click();
    const box = await this.map.boundingBox();
    if (!box) throw new Error('the map has no box');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const r = Math.min(box.width, box.height) / 3;
    await this.page.mouse.move(cx - r, cy - r);
    await this.page.mouse.down();
    for (const [x, y] of [
      [cx + r, cy - r],
      [cx + r, cy + r],
      [cx - r, cy + r],
      [cx - r, cy - r + 2],
    ] as const) {
      await this.page.mouse.move(x, y, { steps: 8 });
    }
    await this.page.mouse.up();
  }

  projection(p: 'pca' | 'umap'): Locator {
    return this.page.getByTestId(`cluster-projection-${p}`);
  }

  /**
   * Switches the map to `p` and waits until the chart shows it (UMAP is computed in the worker first, with
   * progress); returns the number of points drawn.
   */
  async showProjection(p: 'pca' | 'umap'): Promise<number> {
    await this.projection(p).click();
    const map = this.page.locator(`[data-testid="cluster-map"][data-projection="${p}"]`);
    await map.waitFor({ state: 'visible', timeout: JOB_TIMEOUT_MS });
    return Number(await map.getAttribute('data-points'));
  }

  /** Saves the lassoed region as a segment and returns its name and size as the page reports them. */
  async saveLassoAsSegment(): Promise<{ readonly name: string; readonly count: number }> {
    await this.lassoSave.click();
    const text = await waitForText(this.saved, /（[\d,]+ 人）|\([\d,]+ customers\)/);
    const m = /[：:]\s*(.+?)\s*(?:（([\d,]+) 人）|\(([\d,]+) customers\))/.exec(text);
    if (!m?.[1]) throw new Error(`unexpected save report: ${text}`);
    return { name: m[1], count: Number((m[2] ?? m[3] ?? '').replace(/,/g, '')) };
  }

  async saveGroupAsSegment(cluster: number): Promise<string> {
    await this.page.getByTestId(`cluster-to-segment-${cluster}`).click();
    return waitForText(this.saved, /\S/);
  }
}
