import type { Locator, Page } from 'playwright-core';

/** The 拒绝记录 screen: every row that was not imported, with file, row number, column and reason. */
export class RejectsPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('rejects-table');
  }

  /** Rows of the table (ARIA `row`, so `<tr>` and `role="row"` grids both work) that contain `text`. */
  rowsContaining(text: string | RegExp): Locator {
    return this.table.getByRole('row').filter({ hasText: text });
  }

  /** The text of each cell of `row`, trimmed. */
  async cellTexts(row: Locator): Promise<string[]> {
    const cells = await row.locator('td, [role=cell], [role=gridcell]').allInnerTexts();
    return cells.map((cell) => cell.trim());
  }
}
