/**
 * The meeting pack of the demo bank after every step ran: each registered section filled, one self-contained
 * HTML file (no URL, no script, masked), the same in English, and the PDF Chromium prints from it (page count
 * and Chinese text checked with pdftotext/pdfinfo). Also the `kequn report` command.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '#shared/api/engineApi.ts';
import type { ReportBuildResult } from '#shared/api/reportTypes.ts';
import { createEngine } from '#shared/engine.ts';
import { runCli } from '#shared/node/cli.ts';
import { createNodeHost } from '#shared/node/nodeHost.ts';
import { findChromium, printPdf } from '#shared/node/pdfPrinter.ts';
import { REPORT_SECTIONS } from '#shared/report/reportSections.ts';

let dir = '';
let engine: Engine;
let pack: ReportBuildResult;

/** A demo workspace where identity, tags, text, clustering, a segment and an export have all run. */
async function fullDemo(e: Engine): Promise<void> {
  await e.call('workspace.createDemo', { customers: 600, seed: 3 });
  await e.call('identity.run', {});
  await e.call('tags.run', {});
  await e.call('text.run', {});
  await e.call('cluster.run', { features: ['age', 'aum_fen', 'txn_count_90d', 'deposit_fen'], k: 4 }, { seed: 2 });
  const life = await e.call('tags.lifecycle', {});
  const biggest = [...life.groups].sort((a, b) => b.members - a.members)[0];
  if (!biggest) throw new Error('no lifecycle group');
  await e.call('segments.save', { name: '重点关注', rule: { type: 'lifecycle', group: biggest.tag } });
  await e.call('export.audience', { segment: { name: '重点关注' }, preset: 'sms', format: 'csv', campaignKey: 'C1', holdoutPercent: 10 });
  await e.call('predict.train', { target: 'has_loan', algo: 'logistic', features: ['age', 'aum_fen', 'txn_count_90d'] }, { seed: 5 });
  await e.call('reach.tags', {});
  // Exporting a step saves the plan (reach_plan), which is what the pack's reach section draws.
  await e.call('reach.exportStep', { plan: await e.call('reach.template', {}), step: 'push1' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kequn-report-'));
  engine = createEngine(createNodeHost());
  await fullDemo(engine);
  await engine.call('report.pin', { title: '加入报告的图 13812345678', option: { xAxis: { type: 'category', data: ['13812345678', '其他'] }, yAxis: {}, tooltip: {}, series: [{ type: 'bar', data: [1, 2] }] } });
  pack = await engine.call('report.build', {});
}, 240_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('meeting pack of the demo workspace', () => {
  it('fills every registered section, each with a chart', async () => {
    expect(pack.sections.map((s) => s.key)).toEqual(REPORT_SECTIONS.map((s) => s.key));
    for (const s of pack.sections) {
      expect(s.available, s.key).toBe(true);
      expect(s.charts, s.key).toBeGreaterThan(0);
      expect(pack.html).toContain(`data-section="${s.key}"`);
    }
    expect((pack.html.match(/<svg /g) ?? []).length).toBe(pack.charts);
    expect((await engine.call('report.sections', {})).every((s) => s.available)).toBe(true);
  });

  it('puts the as-of date on the cover and the figures the features computed in the sections', async () => {
    const info = await engine.call('workspace.info', {});
    expect(pack.asOfDate).toBe(info.asOfDate);
    expect(pack.html).toContain(`data-testid="report-as-of">${info.asOfDate ?? ''}<`);
    const id = await engine.call('identity.summary', {});
    expect(pack.html).toContain(`<div class="v">${(id?.persons ?? -1).toLocaleString('en-US')}</div>`);
    const run = (await engine.call('cluster.runs', {}))[0];
    const clusters = await engine.call('cluster.result', { runId: run?.runId ?? -1 });
    for (const g of clusters.groups) expect(pack.html).toContain(g.name);
    expect(pack.html).toContain('重点关注');
  });

  it('draws the saved reach plan as a Sankey with its simulated step counts, and the model cards', async () => {
    const plan = await engine.call('reach.template', {});
    const sim = await engine.call('reach.simulate', { plan });
    const reach = pack.html.slice(pack.html.indexOf('data-section="reach"'), pack.html.indexOf('data-section="exports"'));
    expect(reach).toContain('<svg ');
    expect(reach).toContain(plan.name);
    const push1 = sim.steps.find((x) => x.id === 'push1');
    expect(push1?.entered).toBeGreaterThan(0);
    expect(reach).toContain(`${push1?.label ?? '?'}: ${push1?.entered ?? -1}`);
    expect(reach).toContain(`<div class="v">${sim.entry.toLocaleString('en-US')}</div>`);
    const [model] = await engine.call('predict.models', {});
    const card = await engine.call('predict.model', { modelId: model?.modelId ?? -1 });
    const models = pack.html.slice(pack.html.indexOf('data-section="models"'), pack.html.indexOf('data-section="text"'));
    expect(models).toContain('<svg ');
    for (const v of [card.name, card.metrics.auc.toFixed(3), card.metrics.ks.toFixed(3), String(card.seed), card.features[0]?.zh ?? '?']) expect(models).toContain(v);
  });

  it('portrays the largest lifecycle groups when no segment is saved', async () => {
    const tagged = createEngine(createNodeHost());
    await tagged.call('workspace.createDemo', { customers: 300, seed: 6 });
    await tagged.call('identity.run', {});
    await tagged.call('tags.run', {});
    const life = await tagged.call('tags.lifecycle', {});
    const largest = [...life.groups].filter((g) => g.members > 0).sort((a, b) => b.members - a.members)[0];
    if (!largest) throw new Error('no lifecycle group');
    const p = await tagged.call('report.build', { sections: ['portraits'] });
    expect(p.sections.map((s) => [s.key, s.available])).toEqual([['portraits', true]]);
    expect(p.html).toContain(largest.zh);
    expect(p.html.replace(/,/g, '')).toContain(`${largest.members} 人`);
  }, 120_000);

  it('says 无 for reach plans and models in a workspace that has none', async () => {
    const bare = createEngine(createNodeHost());
    await bare.call('workspace.createDemo', { customers: 200, seed: 4 });
    const p = await bare.call('report.build', { sections: ['models', 'reach'] });
    expect(p.sections.map((s) => [s.key, s.available, s.charts])).toEqual([
      ['models', false, 0],
      ['reach', false, 0],
    ]);
    expect(p.html).toContain('无：尚未训练预测模型。');
    expect(p.html).toContain('无：尚未保存触达计划');
    expect(p.html).not.toContain('<svg ');
  }, 60_000);

  it('is self-contained: no URL, no script, no external resource; personal data masked', () => {
    expect(pack.html).not.toMatch(/https?:\/\//i);
    expect(pack.html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(pack.html).not.toMatch(/\b(src|href)\s*=/i);
    expect(pack.html).not.toMatch(/url\(|@import/i);
    expect(pack.html).not.toContain('13812345678');
    expect(pack.html).toContain('138****5678');
    expect(pack.html).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });

  it('builds in English with the same sections', async () => {
    const en = await engine.call('report.build', { language: 'en', sections: ['scope', 'lifecycle'] });
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('<h2>1. Data scope and quality</h2>');
    expect(en.html).toContain('<h2>2. Lifecycle groups</h2>');
    expect(en.fileName).toMatch(/^meeting-pack_\d{8}\.html$/);
    await expect(engine.call('report.build', { sections: ['nope'] })).rejects.toThrow(/Unknown report section "nope"/);
  });

  it('prints to PDF with a page per section start and extractable Chinese text', async () => {
    expect(findChromium(), 'chromium is part of the test setup').not.toBeNull();
    const pdf = join(dir, 'pack.pdf');
    writeFileSync(pdf, await printPdf(pack.html));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const pageTexts = text.split('\f').filter((p) => p.trim() !== '');
    // Cover, contents, then each section starts a page of its own.
    expect(pages).toBeGreaterThanOrEqual(2 + pack.sections.length);
    expect(pageTexts.length).toBe(pages);
    expect(pageTexts[0]).toContain('数据截止日');
    expect(pageTexts[0]).toContain(pack.asOfDate ?? '');
    pack.sections.forEach((s, i) => {
      const starts = pageTexts.filter((p) => p.trim().startsWith(`${i + 1}. ${s.title}`));
      expect(starts.length, s.title).toBe(1);
    });
    // The page footer counts the pages the printer made.
    expect(pageTexts[pages - 1]).toContain(`${pages} / ${pages}`);
    expect(text).toContain('生命周期分群');
    expect(text).toContain('客群画像');
  }, 60_000);

  it('kequn report writes the HTML (and the PDF with --pdf) of a saved workspace', async () => {
    const ws = join(dir, 'ws.sqlite');
    writeFileSync(ws, await engine.call('workspace.export', {}));
    let out = '';
    let err = '';
    const io = { out: (s: string) => (out += s), err: (s: string) => (err += s), isTTY: false };
    const code = await runCli(['report', '--workspace', ws, '--out', join(dir, 'p.html'), '--pdf', join(dir, 'p.pdf'), '--sections', 'scope,exports', '--json'], io);
    expect(err).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(out) as { sections: { key: string }[]; pdf: string };
    expect(r.sections.map((s) => s.key)).toEqual(['scope', 'exports']);
    expect(readFileSync(join(dir, 'p.html'), 'utf8')).toContain('导出清单');
    expect(existsSync(r.pdf)).toBe(true);
    expect(await runCli(['report', '--workspace', ws], io)).toBe(2);
    expect(await runCli(['report', '--workspace', ws, '--out', join(dir, 'x.html'), '--sections', 'bogus'], io)).toBe(1);
  }, 60_000);
});
