import type { Locator, Page } from 'playwright-core';
import { readCount, waitForText } from '#test/support/locatorText.ts';

export type IdentityTabId = 'overview' | 'person' | 'review' | 'issues' | 'settings';
export type ReviewDecisionId = 'accept' | 'reject' | 'split';

const RUN_TIMEOUT_MS = 180_000;

/** The ONE_ID screen: run resolution, read the summary, search, a person's graph, the review queue. */
export class IdentityPage {
  readonly runButton: Locator;
  readonly runDone: Locator;
  readonly runProgress: Locator;
  readonly records: Locator;
  readonly persons: Locator;
  readonly mergeRate: Locator;
  readonly overlap: Locator;
  readonly overlapChart: Locator;
  readonly overlapTable: Locator;
  readonly searchInput: Locator;
  readonly searchButton: Locator;
  readonly searchHits: Locator;
  readonly person: Locator;
  readonly personTitle: Locator;
  readonly personGraph: Locator;
  readonly personRecords: Locator;
  readonly revealButton: Locator;
  readonly revealedBadge: Locator;
  readonly reviewTotal: Locator;
  readonly reviewItems: Locator;
  readonly reviewDecided: Locator;

  constructor(readonly page: Page) {
    this.runButton = page.getByTestId('id-run-start');
    this.runDone = page.getByTestId('id-run-done');
    this.runProgress = page.getByTestId('id-run-progress');
    this.records = page.getByTestId('id-stat-records');
    this.persons = page.getByTestId('id-stat-persons');
    this.mergeRate = page.getByTestId('id-stat-merge-rate');
    this.overlap = page.getByTestId('id-overlap');
    this.overlapChart = page.getByTestId('id-overlap-chart');
    this.overlapTable = page.getByTestId('id-overlap-table');
    this.searchInput = page.getByTestId('id-search-input');
    this.searchButton = page.getByTestId('id-search-go');
    this.searchHits = page.getByTestId('id-search-hits');
    this.person = page.getByTestId('id-person');
    this.personTitle = page.getByTestId('id-person-title');
    this.personGraph = page.getByTestId('id-person-graph');
    this.personRecords = page.getByTestId('id-person-records');
    this.revealButton = page.getByTestId('id-person-reveal');
    this.revealedBadge = page.getByTestId('id-person-reveal-revealed');
    this.reviewTotal = page.getByTestId('id-review-total');
    this.reviewItems = page.locator('[data-testid^="id-review-item-"]');
    this.reviewDecided = page.getByTestId('id-review-decided');
  }

  tab(id: IdentityTabId): Locator {
    return this.page.getByTestId(`id-tab-${id}`);
  }

  async openTab(id: IdentityTabId): Promise<void> {
    await this.tab(id).click();
  }

  /** Runs a full resolution and waits for its summary; returns the record and person counts shown. */
  async runResolution(): Promise<{ readonly records: number; readonly persons: number }> {
    await this.runButton.click();
    await this.runDone.waitFor({ state: 'visible', timeout: RUN_TIMEOUT_MS });
    return { records: await readCount(this.records), persons: await readCount(this.persons) };
  }

  /** Searches an identifier; a query that finds one person opens that person's graph. */
  async search(query: string): Promise<void> {
    await this.searchInput.fill(query);
    await this.searchButton.click();
  }

  /** The ONE_ID whose graph is open. */
  async openPersonId(): Promise<string> {
    const title = await waitForText(this.personTitle, /P\d{9,}/);
    const id = /P\d{9,}/.exec(title)?.[0];
    if (!id) throw new Error(`no ONE_ID in the person title ${JSON.stringify(title)}`);
    return id;
  }

  /** Rows of the person's record table that contain `text`. */
  personRecordsContaining(text: string | RegExp): Locator {
    return this.personRecords.getByRole('row').filter({ hasText: text });
  }

  /** Reveals the open person's personal data, giving `reason` in the dialog. */
  async revealPerson(reason: string): Promise<void> {
    await this.revealButton.click();
    await this.page.getByTestId('reveal-reason').fill(reason);
    await this.page.getByTestId('reveal-submit').click();
    await this.revealedBadge.waitFor({ state: 'visible' });
  }

  async reviewCount(): Promise<number> {
    return readCount(this.reviewTotal);
  }

  /** The review id of the item at `index` on the page shown. */
  async reviewIdAt(index: number): Promise<number> {
    const testId = await this.reviewItems.nth(index).getAttribute('data-testid');
    const id = Number(/(\d+)$/.exec(testId ?? '')?.[1]);
    if (!Number.isInteger(id)) throw new Error(`review item ${index} has no id (${String(testId)})`);
    return id;
  }

  reviewItem(reviewId: number): Locator {
    return this.page.getByTestId(`id-review-item-${reviewId}`);
  }

  async decide(reviewId: number, decision: ReviewDecisionId): Promise<void> {
    await this.page.getByTestId(`id-review-${decision}-${reviewId}`).click();
    await this.reviewDecided.waitFor({ state: 'visible' });
  }

  async showReviewStatus(status: 'pending' | 'accepted' | 'rejected'): Promise<void> {
    await this.page.getByTestId(`id-review-status-${status}`).click();
  }
}
