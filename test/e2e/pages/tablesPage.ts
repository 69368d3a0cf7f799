import type { Locator, Page } from 'playwright-core';
import { waitForText } from '#test/support/locatorText.ts';

/** The 数据浏览 screen: the workspace's tables and a virtualised grid of the chosen one. */
export class TablesPage {
  readonly grid: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByTestId('table-grid');
  }

  /** The link to a table in the list (its text ends with the row count). */
  tableLink(table: string): Locator {
    return this.page.getByTestId(`table-${table}`);
  }

  async openTable(table: string): Promise<void> {
    await this.tableLink(table).click();
    await this.grid.waitFor({ state: 'visible' });
  }

  /** The text of `column` (its database name, shown under the label) in the first row of the open table. */
  async firstRowValue(column: string): Promise<string> {
    const headers = this.grid.getByRole('columnheader');
    await waitForText(headers, column);
    const names = (await headers.allInnerTexts()).map((h) => h.split('\n').map((s) => s.trim()));
    const index = names.findIndex((parts) => parts.includes(column));
    if (index < 0) throw new Error(`no column ${column} in the grid; columns: ${JSON.stringify(names)}`);
    // Row 1 is the header row (ARIA row indexes are 1-based).
    const cell = this.grid.locator('[role=row][aria-rowindex="2"] [role=cell]').nth(index);
    return (await waitForText(cell, /\S/)).trim();
  }
}
