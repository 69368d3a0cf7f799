import type { Locator, Page } from 'playwright-core';
import { readCount, waitForText } from '#test/support/locatorText.ts';

const RUN_TIMEOUT_MS = 240_000;

export type TagsTabId = 'list' | 'lifecycle' | 'runs' | 'custom' | 'settings';

/** The 标签 screen: run the tags, the tag list and members, lifecycle sizes and thresholds, runs, custom tags. */
export class TagsPage {
  readonly runButton: Locator;
  readonly runDone: Locator;
  readonly runProgress: Locator;
  readonly tagsTable: Locator;
  readonly members: Locator;
  readonly lifecycleTable: Locator;
  readonly lifecycleChart: Locator;
  readonly changesTable: Locator;
  readonly customEditor: Locator;

  constructor(readonly page: Page) {
    this.runButton = page.getByTestId('tags-run-start');
    this.runDone = page.getByTestId('tags-run-done');
    this.runProgress = page.getByTestId('tags-run-progress');
    this.tagsTable = page.getByTestId('tags-table');
    this.members = page.getByTestId('tag-members');
    this.lifecycleTable = page.getByTestId('tags-lifecycle-table');
    this.lifecycleChart = page.getByTestId('tags-lifecycle-chart');
    this.changesTable = page.getByTestId('tags-changes-table');
    this.customEditor = page.getByTestId('custom-editor');
  }

  async openTab(id: TagsTabId): Promise<void> {
    await this.page.getByTestId(`tags-tab-${id}`).click();
  }

  /** Runs every tag and waits for the result line (the progress bar shows while it runs). */
  async runTags(): Promise<string> {
    await this.runButton.click();
    return waitForText(this.runDone, /\d/, RUN_TIMEOUT_MS);
  }

  async lifecycleSize(group: string): Promise<number> {
    return readCount(this.page.getByTestId(`lifecycle-size-${group}`));
  }

  /** Opens the group portrait of a lifecycle group from its row (the portrait page shows it at once). */
  async openLifecyclePortrait(group: string): Promise<void> {
    await this.page.getByTestId(`lifecycle-portrait-${group}`).click();
  }

  async setThreshold(path: string, value: string): Promise<void> {
    await this.page.getByTestId(`threshold-${path}`).fill(value);
  }

  /** Saves the thresholds and runs the tags again; waits until the run is over. */
  async saveThresholdsAndRun(): Promise<void> {
    await this.page.getByTestId('thresholds-save-run').click();
    await this.page.getByTestId('thresholds-saved').waitFor({ state: 'visible', timeout: RUN_TIMEOUT_MS });
  }

  async chooseFamily(family: string): Promise<void> {
    await this.page.getByTestId(`tags-family-${family}`).click();
  }

  tagMembers(key: string): Locator {
    return this.page.getByTestId(`tag-members-${key}`);
  }

  /** Opens a tag's members and returns the first member's reason. */
  async openTag(key: string): Promise<string> {
    await this.page.getByTestId(`tag-open-${key}`).click();
    return waitForText(this.members.getByTestId('tag-member-reason'), /\S/);
  }

  async openFirstMember(): Promise<string> {
    const link = this.members.getByTestId('tag-member-link').first();
    const oneId = (await link.innerText()).trim();
    await link.click();
    return oneId;
  }

  /** Creates a custom tag with one column condition, previews it (returns the preview text) and saves it. */
  async createCustomTag(zh: string, en: string, value: string): Promise<string> {
    await this.page.getByTestId('custom-new').click();
    await this.page.getByTestId('custom-zh').fill(zh);
    await this.page.getByTestId('custom-en').fill(en);
    await this.page.getByTestId('custom-add-column').click();
    await this.customEditor.getByTestId('cond-value').fill(value);
    await this.page.getByTestId('custom-preview').click();
    const preview = await waitForText(this.page.getByTestId('custom-preview-result'), /\d/);
    await this.page.getByTestId('custom-save').click();
    await this.page.getByTestId('custom-table').waitFor({ state: 'visible' });
    return preview;
  }
}

/** Customer 360: search, the person's header, tags, identifiers and timeline. */
export class CustomerPage {
  readonly oneId: Locator;
  readonly tags: Locator;
  readonly identifierValues: Locator;
  readonly timelineRows: Locator;
  readonly lifecycle: Locator;
  readonly flowChart: Locator;

  constructor(readonly page: Page) {
    this.oneId = page.getByTestId('c360-oneid');
    this.tags = page.getByTestId('c360-tags');
    this.identifierValues = page.getByTestId('c360-identifier-value');
    this.timelineRows = page.getByTestId('c360-timeline-row');
    this.lifecycle = page.getByTestId('c360-lifecycle');
    this.flowChart = page.getByTestId('c360-flow-chart');
  }

  async search(query: string): Promise<void> {
    await this.page.getByTestId('c360-search-input').fill(query);
    await this.page.getByTestId('c360-search-go').click();
  }

  /** Reveals personal data with a reason (the dialog asks for it). */
  async reveal(reason: string): Promise<void> {
    await this.page.getByTestId('c360-reveal').click();
    await this.page.getByTestId('reveal-reason').fill(reason);
    await this.page.getByTestId('reveal-submit').click();
    await this.page.getByTestId('c360-reveal-revealed').waitFor({ state: 'visible' });
  }
}

/** One row of a portrait distribution's data table, as the analyst reads it. */
export interface PortraitBinRow {
  readonly label: string;
  readonly group: number;
  /** The TGI cell: a number with `*` when significant, or `—` below the minimum support. */
  readonly tgi: string;
}

/** Opens a distribution's data table (under its chart) and reads its rows. */
export async function readPortraitTable(page: Page, column: string): Promise<PortraitBinRow[]> {
  const table = page.getByTestId(`portrait-table-${column}`);
  await table.locator('summary').click();
  const rows = table.getByTestId('portrait-bin');
  await rows.first().waitFor({ state: 'visible' });
  const out: PortraitBinRow[] = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allInnerTexts();
    out.push({ label: (cells[0] ?? '').trim(), group: Number((cells[1] ?? '').replace(/[^\d]/g, '')), tgi: (cells[4] ?? '').trim() });
  }
  return out;
}
