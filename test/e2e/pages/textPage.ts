import type { Locator, Page } from 'playwright-core';

const RUN_TIMEOUT_MS = 180_000;

/** The 文本 screen: run the pipeline, preview segmentation, drill from charts to notes, search, model folder. */
export class TextPage {
  readonly view: Locator;
  readonly runButton: Locator;
  readonly summary: Locator;
  readonly previewInput: Locator;
  readonly tokens: Locator;
  readonly dictWord: Locator;
  readonly dictAdd: Locator;
  readonly wordCloud: Locator;
  readonly keywordTable: Locator;
  readonly topicRows: Locator;
  readonly notesFilter: Locator;
  readonly notesTotal: Locator;
  readonly noteTexts: Locator;
  readonly searchInput: Locator;
  readonly searchMode: Locator;
  readonly searchHits: Locator;
  readonly modelFolder: Locator;
  readonly modelName: Locator;
  readonly embedButton: Locator;
  readonly embedResult: Locator;
  readonly unknownMerchants: Locator;
  readonly merchantCoverage: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('view-text');
    this.runButton = page.getByTestId('text-run');
    this.summary = page.getByTestId('text-summary');
    this.previewInput = page.getByTestId('text-preview-input');
    this.tokens = page.getByTestId('text-token');
    this.dictWord = page.getByTestId('text-dict-word');
    this.dictAdd = page.getByTestId('text-dict-add');
    this.wordCloud = page.getByTestId('text-wordcloud');
    this.keywordTable = page.getByTestId('text-kw-table');
    this.topicRows = page.getByTestId('text-topic-row');
    this.notesFilter = page.getByTestId('text-notes-filter');
    this.notesTotal = page.getByTestId('text-notes-total');
    this.noteTexts = page.getByTestId('text-note-text');
    this.searchInput = page.getByTestId('text-search-input');
    this.searchMode = page.getByTestId('text-search-mode');
    this.searchHits = page.getByTestId('text-search-hit');
    this.modelFolder = page.getByTestId('text-model-folder');
    this.modelName = page.getByTestId('text-model-name');
    this.embedButton = page.getByTestId('text-embed');
    this.embedResult = page.getByTestId('text-embed-result');
    this.unknownMerchants = page.getByTestId('text-unknown-row');
    this.merchantCoverage = page.getByTestId('text-merchant-coverage');
  }

  async runAnalysis(): Promise<void> {
    await this.runButton.click();
    await this.summary.waitFor({ state: 'visible', timeout: RUN_TIMEOUT_MS });
    await this.page.getByTestId('text-progress').waitFor({ state: 'hidden', timeout: RUN_TIMEOUT_MS });
  }

  /** Types a text and waits until the tokens shown are the tokens of that text (the preview is debounced). */
  async preview(text: string): Promise<string[]> {
    await this.previewInput.fill(text);
    const strip = (s: string): string => s.normalize('NFKC').replace(/[\s\p{P}]/gu, '');
    const deadline = Date.now() + 30_000;
    while (strip((await this.tokens.allInnerTexts()).join('')) !== strip(text)) {
      if (Date.now() > deadline) throw new Error(`the preview never showed the tokens of "${text}"`);
      await this.page.waitForTimeout(100);
    }
    return (await this.tokens.allInnerTexts()).map((s) => s.trim());
  }

  async addDictionaryWord(word: string): Promise<void> {
    await this.dictWord.fill(word);
    await this.dictAdd.click();
    await this.page.getByTestId('text-dict-list').locator('.badge', { hasText: word }).first().waitFor();
  }

  /** Clicks the first keyword of the table (the drill-down from the keyword view). */
  async drillFirstKeyword(): Promise<string> {
    const link = this.keywordTable.locator('button.table-link').first();
    const word = (await link.innerText()).trim();
    await link.click();
    await this.notesFilter.waitFor();
    return word;
  }

  /** Clicks the negative count of the first group in the sentiment table. */
  async drillNegativeOfFirstGroup(): Promise<void> {
    await this.page.getByTestId('text-sentiment-negative').first().click();
    await this.notesFilter.waitFor();
  }

  async search(query: string): Promise<void> {
    await this.searchInput.fill(query);
    await this.page.getByTestId('text-search-go').click();
    await this.page.getByTestId('text-search-result').waitFor({ timeout: RUN_TIMEOUT_MS });
  }

  /** Picks a model folder through the folder input, as a browser user does. */
  async chooseModelFolder(dir: string): Promise<void> {
    await this.modelFolder.setInputFiles(dir);
    await this.modelName.waitFor();
  }

  /** Computes note vectors with the chosen model; fails with the page's error message when it shows one. */
  async embed(): Promise<void> {
    await this.embedButton.click();
    const error = this.page.getByTestId('text-search-error');
    await this.embedResult.or(error).first().waitFor({ timeout: RUN_TIMEOUT_MS });
    if (await error.isVisible()) throw new Error(`embedding failed: ${await error.innerText()}`);
  }
}
