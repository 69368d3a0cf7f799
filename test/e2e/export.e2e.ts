/**
 * An analyst exports a saved segment as an SMS list: the compliance check shows who is excluded and why (a DND
 * list imported beforehand), unmasking is refused without a reason, the export runs, and the downloaded file and
 * manifest agree with each other and with the engine's own count. No request leaves the app (withApp).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import Papa from 'papaparse';
import type { ExportManifest } from '#shared/api/exportTypes.ts';
import { Db } from '#shared/db/database.ts';
import { createEngine } from '#shared/engine.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { withApp } from '#test/support/appSession.ts';
import { addSegment, importCsv } from '#test/support/exportFixture.ts';
import { waitForText } from '#test/support/locatorText.ts';
import { withTempDir } from '#test/support/tempDir.ts';
import { AppShell } from './pages/appShell.ts';
import { catalogText } from './pages/catalogs.ts';
import { ExportPage } from './pages/exportPage.ts';

const SEGMENT = '高净值客户';

/** A small demo workspace with a saved segment and a DND list naming two of its customers' phones. */
async function buildWorkspace(dir: string): Promise<{ file: string; exported: number; segment: number }> {
  const host = createNodeHost();
  const engine = createEngine(host);
  await engine.call('workspace.createDemo', { customers: 300, seed: 3 });
  await engine.call('identity.run', {});
  const rows = await engine.call('sql.query', {
    sql: `SELECT DISTINCT im.one_id, c.phone FROM identity_map im JOIN customers_latest c ON c.cust_no = im.record_id AND im.source = 'customer'
          WHERE c.aum_fen >= 5000000 ORDER BY 1`,
    maxRows: 100_000,
    unmask: { reason: 'e2e fixture' },
  });
  const members = [...new Set(rows.rows.map((r) => String(r[0])))];
  const phones = rows.rows.map((r) => r[1]).filter((p): p is string => typeof p === 'string').slice(0, 2);
  await importCsv(engine, [{ name: '免打扰名单.csv', text: `免打扰号码,免打扰渠道,原因\n${phones.map((p) => `${p},短信,客户要求`).join('\n')}\n`, kind: 'dnd' }]);
  await addSegment(engine, host, SEGMENT, members);
  const preview = await engine.call('export.preview', { segment: { name: SEGMENT }, preset: 'sms' });
  assert.equal(preview.counts.excludedByReason.dnd, 2, 'the fixture DND list excludes two customers');
  // Named apart from the app's own demo workspace, so the test sees when this one is open.
  const db = await Db.open(host, await engine.call('workspace.export', {}));
  db.run("UPDATE meta SET value = 'export-e2e' WHERE key = 'name'");
  const file = path.join(dir, 'export-e2e.sqlite');
  await writeFile(file, db.export());
  db.close();
  return { file, exported: preview.counts.exported, segment: members.length };
}

void test('exports a segment as a masked SMS list with its compliance summary, file and manifest', { timeout: 400_000 }, async () => {
  await withTempDir('e2e-export', async (dir) => {
    const ws = await buildWorkspace(dir);
    await withApp(async ({ page }) => {
      const shell = new AppShell(page);
      await shell.waitForDemoWorkspace();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('menu-button').click().then(() => page.getByTestId('menu-open').click())]);
      await chooser.setFiles(ws.file);
      await waitForText(page.getByTestId('workspace-name'), 'export-e2e');
      await shell.goTo('export');

      const exportPage = new ExportPage(page);
      await waitForText(page.getByRole('heading', { level: 1 }), catalogText('zh-CN', 'export.title'));
      await exportPage.chooseSegment(SEGMENT);
      await exportPage.choosePreset('sms');
      await exportPage.checkCompliance();
      assert.equal(await exportPage.count('segment'), ws.segment);
      assert.equal(await exportPage.count('exported'), ws.exported);
      assert.equal(await exportPage.excludedFor('dnd'), 2);
      await waitForText(exportPage.summary.getByTestId('export-reason-dnd'), catalogText('zh-CN', 'export.reasons.dnd'));

      // Unmasking needs a reason before the export can start; then back to the masked default.
      await exportPage.unmaskOption.check();
      assert.equal(await exportPage.exportButton.isDisabled(), true, 'export is disabled until a reason is given');
      await waitForText(exportPage.formIssues, catalogText('zh-CN', 'export.problems.unmask_needs_reason'));
      await exportPage.unmaskReason.fill('短信平台上传');
      assert.equal(await exportPage.exportButton.isEnabled(), true);
      await exportPage.maskedOption.check();

      await exportPage.exportNow();
      assert.equal(await exportPage.count('exported', true), ws.exported);
      const sha = await exportPage.sha256();

      const fileDownload = await exportPage.download('file');
      const csvPath = path.join(dir, fileDownload.suggestedFilename());
      await fileDownload.saveAs(csvPath);
      const bytes = await readFile(csvPath);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), sha, 'the downloaded file is the one the page describes');
      const rows = Papa.parse<string[]>(bytes.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
      assert.deepEqual(rows[0], ['ONE_ID', '手机号', '姓名']);
      assert.equal(rows.length - 1, ws.exported);
      for (const r of rows.slice(1)) assert.match(r[1] ?? '', /^(1\d{2}\*{4}\d{4})?$/, `phone masked: ${r[1] ?? ''}`);

      const manifestDownload = await exportPage.download('manifest');
      assert.equal(manifestDownload.suggestedFilename(), `${fileDownload.suggestedFilename()}.manifest.json`);
      const manifestPath = path.join(dir, 'manifest.json');
      await manifestDownload.saveAs(manifestPath);
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ExportManifest;
      assert.equal(manifest.file.sha256, sha);
      assert.equal(manifest.counts.exported, ws.exported);
      assert.equal(manifest.counts.excludedByReason.dnd, 2);
      assert.equal(manifest.masking.masked, true);
      assert.equal(manifest.segment.name, SEGMENT);

      await page.getByTestId(`export-log-${manifest.exportId}`).waitFor({ state: 'visible' });
      await shell.switchLanguage('en');
      await waitForText(page.getByRole('heading', { level: 1 }), catalogText('en', 'export.title'));
      await waitForText(exportPage.result.getByTestId('export-download-file'), catalogText('en', 'export.result.downloadFile'));
    });
  });
});
