import type { Locator, Page } from 'playwright-core';
import { readCount, waitForText } from '#test/support/locatorText.ts';

export interface ImportCounts {
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
}

const IMPORT_TIMEOUT_MS = 120_000;

/** The 导入 screen: choose files, check the preview and mapping, run the import, read the result. */
export class ImportPage {
  readonly dropZone: Locator;
  readonly fileInput: Locator;
  readonly previewEncoding: Locator;
  readonly startButton: Locator;
  readonly cancelButton: Locator;
  readonly progress: Locator;
  readonly result: Locator;
  readonly rowsRead: Locator;
  readonly accepted: Locator;
  readonly rejected: Locator;
  /** In the result row: opens 拒绝记录 filtered to that file. */
  readonly rejectsLink: Locator;

  constructor(readonly page: Page) {
    this.dropZone = page.getByTestId('import-drop');
    this.fileInput = page.getByTestId('import-file-input');
    this.previewEncoding = page.getByTestId('preview-encoding');
    this.startButton = page.getByTestId('import-start');
    this.cancelButton = page.getByTestId('import-cancel');
    this.progress = page.getByTestId('import-progress');
    this.result = page.getByTestId('import-result');
    this.rowsRead = page.getByTestId('result-rows-read');
    this.accepted = page.getByTestId('result-accepted');
    this.rejected = page.getByTestId('result-rejected');
    this.rejectsLink = page.getByTestId('result-rejects-link');
  }

  /** Row `index` (0-based, in source column order) of the column-mapping table. */
  mappingRow(index: number): Locator {
    return this.page.getByTestId(`mapping-row-${index}`);
  }

  /** Picks files as the file dialog would, and waits for the preview to show their encoding. */
  async chooseFiles(...paths: string[]): Promise<void> {
    await this.fileInput.setInputFiles(paths);
    await this.previewEncoding.waitFor({ state: 'visible' });
  }

  async expectEncoding(expected: RegExp): Promise<string> {
    return waitForText(this.previewEncoding, expected);
  }

  async expectMappingRowShows(index: number, text: string): Promise<void> {
    await waitForText(this.mappingRow(index), text);
  }

  /** Starts the import and waits for its result. */
  async runImport(): Promise<ImportCounts> {
    await this.startButton.click();
    await this.result.waitFor({ state: 'visible', timeout: IMPORT_TIMEOUT_MS });
    return {
      rowsRead: await readCount(this.rowsRead),
      accepted: await readCount(this.accepted),
      rejected: await readCount(this.rejected),
    };
  }

  /** Opens the rejected rows of the imported file (the import must have rejected some). */
  async openRejects(): Promise<void> {
    await this.rejectsLink.click();
  }
}
