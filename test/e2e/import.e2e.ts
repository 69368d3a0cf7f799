/**
 * An analyst imports a GBK-encoded customer export with Chinese headers: the preview names the encoding and the
 * headers, the result counts match the file, the one bad row is in 拒绝记录 with its reason, and the same screens
 * read in English after switching the language. No request leaves the app's origin (checked by withApp).
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { withApp } from '#test/support/appSession.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { withTempDir } from '#test/support/tempDir.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { ImportPage } from './pages/importPage.ts';
import { RejectsPage } from './pages/rejectsPage.ts';

const HEADERS = ['客户号', '姓名', '手机号码', '证件号码', '开户日期', '资产余额(元)'] as const;
const FILE_NAME = '客户名单_GBK.csv';

/** GB 11643 check character of a resident ID number, so the good rows carry valid IDs. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * (weights[i] ?? 0), 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

const GOOD_ROWS = [
  ['C0001', '张伟', '13912345670', residentId('11010119800315001'), '2019-03-15', '125000.50'],
  ['C0002', '王芳', '15023456781', residentId('31010419851120002'), '2020-07-01', '8800'],
  ['C0003', '李娜', '18634567892', residentId('44030519900101003'), '2018-11-30', '0'],
  ['C0004', '刘洋', '13745678903', residentId('32010219751231004'), '2021-01-05', '56000.00'],
];
/** No customer number: the required key is missing, so the row must be rejected, not imported. */
const BAD_ROW = ['', '赵敏', '15856789014', residentId('51010719920606005'), '2022-05-20', '3000'];
/** 1-based physical line of the bad row: header on line 1, then two good rows. */
const BAD_LINE = 4;

async function writeGbkCsv(dir: string): Promise<string> {
  const rows = [HEADERS, GOOD_ROWS[0], GOOD_ROWS[1], BAD_ROW, GOOD_ROWS[2], GOOD_ROWS[3]];
  const text = `${rows.map((row) => (row ?? []).join(',')).join('\r\n')}\r\n`;
  const file = path.join(dir, FILE_NAME);
  await writeFile(file, iconv.encode(text, 'gbk'));
  return file;
}

void test('imports a GBK CSV with Chinese headers, shows counts and the rejected row, in Chinese and English', { timeout: 400_000 }, async () => {
  await withTempDir('e2e-import', async (dir) => {
    const csv = await writeGbkCsv(dir);
    await withApp(async ({ page }) => {
      const shell = new AppShell(page);
      await shell.waitForDemoWorkspace();
      await shell.goTo('import');

      const importPage = new ImportPage(page);
      await importPage.chooseFiles(csv);
      await importPage.expectEncoding(/GB18030|GBK/i);
      for (const [i, header] of HEADERS.entries()) await importPage.expectMappingRowShows(i, header);

      const counts = await importPage.runImport();
      assert.deepEqual(counts, { rowsRead: GOOD_ROWS.length + 1, accepted: GOOD_ROWS.length, rejected: 1 });

      await importPage.openRejects();
      const rejects = new RejectsPage(page);
      const reasonZh = catalogText('zh-CN', 'reject.REQUIRED_MISSING', { column: HEADERS[0] });
      await waitForText(rejects.table, reasonZh);
      const badRow = rejects.rowsContaining(reasonZh);
      assert.equal(await badRow.count(), 1, 'exactly one rejected row, the one without 客户号');
      const cells = await rejects.cellTexts(badRow);
      assert.ok(cells.includes(String(BAD_LINE)), `the row number ${BAD_LINE} is shown; cells: ${JSON.stringify(cells)}`);
      const rowText = cells.join(' | ');
      assert.ok(rowText.includes(FILE_NAME), `the file name is shown; row: ${rowText}`);
      assert.ok(cells.includes(HEADERS[0]), `the column ${HEADERS[0]} is shown; row: ${rowText}`);

      await shell.switchLanguage('en');
      await waitForText(shell.nav('rejects'), catalogText('en', 'nav.rejects'));
      await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'rejects.title'));
      await waitForText(rejects.table, catalogText('en', 'reject.REQUIRED_MISSING', { column: HEADERS[0] }));
      assert.doesNotMatch(await shell.nav('import').innerText(), /[\u4e00-\u9fff]/, 'navigation is in English');
    });
  });
});
