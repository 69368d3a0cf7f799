import type { Download, FrameLocator, Locator, Page } from 'playwright-core';
import { waitForText } from '#test/support/locatorText.ts';

const BUILD_TIMEOUT_MS = 180_000;

/** The 会议材料 screen: choose sections, build the pack, preview, download; save a recipe. */
export class ReportsPage {
  readonly view: Locator;
  readonly buildButton: Locator;
  readonly built: Locator;
  readonly downloadButton: Locator;
  readonly printButton: Locator;
  readonly preview: FrameLocator;
  readonly pins: Locator;
  readonly recipeSave: Locator;
  readonly recipeFile: Locator;
  readonly recipeData: Locator;
  readonly recipeSteps: Locator;
  readonly recipeRun: Locator;
  readonly recipeResult: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('view-reports');
    this.buildButton = page.getByTestId('report-build-button');
    this.built = page.getByTestId('report-built');
    this.downloadButton = page.getByTestId('report-download');
    this.printButton = page.getByTestId('report-print');
    this.preview = page.frameLocator('[data-testid="report-preview"]');
    this.pins = page.getByTestId('report-pin');
    this.recipeSave = page.getByTestId('recipe-save');
    this.recipeFile = page.getByTestId('recipe-file');
    this.recipeData = page.getByTestId('recipe-data');
    this.recipeSteps = page.getByTestId('recipe-steps');
    this.recipeRun = page.getByTestId('recipe-run');
    this.recipeResult = page.getByTestId('recipe-result');
  }

  section(key: string): Locator {
    return this.page.getByTestId(`report-section-${key}`);
  }

  /** Builds the pack with the sections as ticked and waits for the preview. */
  async build(): Promise<void> {
    await this.buildButton.click();
    await this.built.waitFor({ state: 'visible', timeout: BUILD_TIMEOUT_MS });
  }

  /** The numbered section headings of the preview, in order. */
  async previewHeadings(): Promise<string[]> {
    await this.preview.locator('section.section h2').first().waitFor({ state: 'visible' });
    return (await this.preview.locator('section.section h2').allInnerTexts()).map((s) => s.trim());
  }

  /** The as-of date on the preview's cover. */
  async previewAsOf(): Promise<string> {
    return waitForText(this.preview.getByTestId('report-as-of'), /^\d{4}-\d{2}-\d{2}$/);
  }

  /** Chooses a recipe file and a drop's files, runs the recipe and waits for its result. */
  async runRecipe(recipeFile: string, dataFiles: readonly string[]): Promise<void> {
    await this.recipeFile.setInputFiles(recipeFile);
    await this.recipeSteps.waitFor({ state: 'visible' });
    await this.recipeData.setInputFiles([...dataFiles]);
    await this.recipeRun.click();
    await this.recipeResult.waitFor({ state: 'visible', timeout: BUILD_TIMEOUT_MS });
  }

  async download(button: Locator): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    return download;
  }
}
