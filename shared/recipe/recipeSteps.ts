/**
 * The registry of recipe steps. Each step knows how to read its settings out of the open workspace (`capture`)
 * and how to replay them on a new one (`run`), through the same engine API the UI uses. A feature adds its step
 * with one entry here and one member of `RecipeStep` (docs/recipes.md "Adding a step").
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ExportManifest } from '#shared/api/exportTypes.ts';
import type { ColumnMapping, ReadOptions, SourceFile } from '#shared/api/ingestTypes.ts';
import type { RecipeFile, RecipeOutput, RecipeStep, RecipeStepKind, RecipeStepOutcome, ReportOptions } from '#shared/api/reportTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import type { EngineCall } from '#shared/report/reportModel.ts';
import { getMeta } from '#shared/workspace/workspaceService.ts';
import { behaviourStep, predictStep, reachStep } from './featureSteps.ts';
import { matchesPattern, patternFor } from './recipeFormat.ts';

export interface RecipeKit {
  readonly call: EngineCall;
  /** The open workspace's database (a getter: the run creates a new workspace first). */
  db(): Db;
  readonly ctx: JobContext;
}

export interface RecipeRunKit extends RecipeKit {
  /** The new drop, named by path relative to its folder. */
  readonly files: readonly SourceFile[];
  /** Names of drop files a step took (the rest are reported as unmatched). */
  readonly claimed: Set<string>;
  readonly outputs: RecipeOutput[];
}

export type StepResult = Omit<RecipeStepOutcome, 'step' | 'ms'>;

export interface RecipeStepDef<S extends RecipeStep> {
  readonly step: S['step'];
  readonly zh: string;
  readonly en: string;
  /** The step as the open workspace did it, or null when it never ran there. */
  capture(kit: RecipeKit): Promise<S | null>;
  run(step: S, kit: RecipeRunKit): Promise<StepResult>;
}

type StepOf<K extends RecipeStepKind> = Extract<RecipeStep, { step: K }>;
const utf8 = new TextEncoder();
/** Stands for the as-of date (YYYYMMDD) in recorded export file names. */
export const AS_OF_TOKEN = '{asOf}';

type ImportFileRow = {
  readonly file_name: string;
  readonly kind: string | null;
  readonly format: string | null;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly header_row: number | null;
  readonly mapping: string | null;
};

const importStep: RecipeStepDef<StepOf<'import'>> = {
  step: 'import',
  zh: '导入（文件、映射、模板）',
  en: 'Import (files, mappings, templates)',
  async capture(kit) {
    const rows = kit.db().all<ImportFileRow>("SELECT file_name, kind, format, encoding, delimiter, header_row, mapping FROM import_file WHERE status = 'done' AND kind IS NOT NULL ORDER BY file_id");
    if (rows.length === 0) return null;
    const byPattern = new Map<string, RecipeFile>();
    for (const r of rows) {
      const mapping = r.mapping ? (JSON.parse(r.mapping) as ColumnMapping) : undefined;
      const read: ReadOptions = {
        ...(r.format === 'delimited' && r.encoding ? { encoding: r.encoding } : {}),
        ...(r.format === 'delimited' && r.delimiter ? { delimiter: r.delimiter } : {}),
        ...(r.header_row !== null ? { headerRow: r.header_row } : {}),
      };
      const pattern = patternFor(r.file_name);
      // The latest import of a file wins, at the place the file first appeared (import order matters).
      byPattern.set(pattern, { name: r.file_name, pattern, kind: (mapping?.kind ?? r.kind) as ColumnMapping['kind'], ...(mapping ? { mapping } : {}), read, required: true });
    }
    const templates = (await kit.call('ingest.templates', {})).map((t) => ({ name: t.name, mapping: t.mapping }));
    return { step: 'import', templates, files: [...byPattern.values()] };
  },
  async run(step, kit) {
    for (const t of step.templates) await kit.call('ingest.saveTemplate', { name: t.name, mapping: t.mapping });
    const warnings: string[] = [];
    const requests = [];
    for (const f of step.files) {
      const hits = kit.files.filter((d) => !kit.claimed.has(d.name) && matchesPattern(f.pattern, d.name));
      if (hits.length === 0) {
        if (f.required !== false) throw new ExpectedError('NOT_FOUND', `No file of the drop matches "${f.pattern}" (last time: ${f.name}).`, { pattern: f.pattern, name: f.name });
        warnings.push(`optional file "${f.pattern}" not in the drop`);
        continue;
      }
      for (const h of hits) {
        kit.claimed.add(h.name);
        requests.push({ file: h, ...(f.read ? { read: f.read } : {}), ...(f.mapping ? { mapping: f.mapping } : { kind: f.kind }) });
      }
    }
    const r = await kit.call('ingest.run', { files: requests });
    const read = r.files.reduce((a, f) => a + f.rowsRead, 0);
    const rejected = r.files.reduce((a, f) => a + f.rejected, 0);
    for (const f of r.files) if (f.status !== 'done') warnings.push(`${f.fileName}: ${f.status}${f.message ? ` (${f.message.code})` : ''}`);
    return { summary: `${r.files.length} files, ${read} rows read, ${rejected} rejected, as of ${r.asOfDate ?? '—'}`, figures: { files: r.files.length, rowsRead: read, rejected }, warnings };
  },
};

const identityStep: RecipeStepDef<StepOf<'identity'>> = {
  step: 'identity',
  zh: 'ONE_ID 客户识别',
  en: 'ONE_ID identity resolution',
  async capture(kit) {
    if ((await kit.call('identity.summary', {})) === null) return null;
    return { step: 'identity', settings: await kit.call('identity.settings', {}) };
  },
  async run(step, kit) {
    const s = await kit.call('identity.run', { mode: 'full', settings: step.settings });
    return { summary: `${s.records} records → ${s.persons} persons (merge rate ${(100 * s.mergeRate).toFixed(1)}%), ${s.review.pending} to review`, figures: { records: s.records, persons: s.persons, pendingReview: s.review.pending }, warnings: [] };
  },
};

const tagsStep: RecipeStepDef<StepOf<'tags'>> = {
  step: 'tags',
  zh: '标签与生命周期（含自定义标签）',
  en: 'Tags and lifecycle (with custom tags)',
  async capture(kit) {
    if ((await kit.call('tags.runs', { limit: 1 })).length === 0) return null;
    const customTags = (await kit.call('tags.customList', {})).map((c) => ({ tag: c.tag, zh: c.zh, en: c.en, definition: c.definition, rule: c.rule }));
    return { step: 'tags', settings: await kit.call('tags.settings', {}), customTags };
  },
  async run(step, kit) {
    for (const c of step.customTags) await kit.call('tags.customSave', { tag: c.tag, zh: c.zh, en: c.en, definition: c.definition, rule: c.rule });
    await kit.call('tags.settings', { settings: step.settings });
    const r = await kit.call('tags.run', { rebuildProfile: true });
    return { summary: `${r.customers} customers, ${r.rows} tag rows; lifecycle ${Object.entries(r.lifecycle).map(([g, n]) => `${g} ${n}`).join(', ')}`, figures: { customers: r.customers, tagRows: r.rows }, warnings: [] };
  },
};

const textStep: RecipeStepDef<StepOf<'text'>> = {
  step: 'text',
  zh: '文本挖掘（词典、停用词、主题数）',
  en: 'Text mining (dictionary, stop words, topic count)',
  async capture(kit) {
    const s = await kit.call('text.summary', {});
    if (s === null) return null;
    const dictionary = (await kit.call('text.dictionary', {}))
      .filter((d) => d.origin !== 'default')
      .map((d) => (d.origin === 'removed' ? { word: d.word, action: 'remove' as const } : { word: d.word, action: 'add' as const, freq: d.freq, tag: d.tag }));
    const stopwords = (await kit.call('text.stopwords', {})).edits.map((e) => ({ word: e.word, action: e.action }));
    // A run that scanned several k chose by coherence: the re-run chooses again on the new notes.
    return { step: 'text', ...(s.kScores.length <= 1 ? { k: s.k } : {}), seed: s.seed, dictionary, stopwords };
  },
  async run(step, kit) {
    for (const d of step.dictionary) await kit.call('text.dictionary', { edit: { word: d.word, action: d.action, ...(d.freq !== undefined ? { freq: d.freq } : {}), ...(d.tag !== undefined ? { tag: d.tag } : {}) } });
    for (const w of step.stopwords) await kit.call('text.stopwords', { edit: w });
    const s = await kit.call('text.run', step.k !== undefined ? { k: step.k } : {}, { seed: step.seed });
    return { summary: `${s.analysed} notes, ${s.k} topics, negative ${s.sentiment.negative}`, figures: { notes: s.analysed, topics: s.k, negative: s.sentiment.negative }, warnings: [] };
  },
};

const clusterStep: RecipeStepDef<StepOf<'cluster'>> = {
  step: 'cluster',
  zh: '智能分群（特征、k、种子）',
  en: 'Clustering (features, k, seed)',
  async capture(kit) {
    const runs = await kit.call('cluster.runs', {});
    if (runs.length === 0) return null;
    const out = [];
    for (const r of [...runs].sort((a, b) => a.runId - b.runId)) {
      const res = await kit.call('cluster.result', { runId: r.runId });
      out.push({ settings: res.settings, k: res.k, seed: res.seed });
    }
    return { step: 'cluster', runs: out };
  },
  async run(step, kit) {
    const parts: string[] = [];
    for (const r of step.runs) {
      const res = await kit.call('cluster.run', { ...r.settings, k: r.k }, { seed: r.seed });
      parts.push(`${res.table} k=${res.k}: ${res.groups.map((g) => `${g.name} ${g.size}`).join(', ')}`);
    }
    return { summary: parts.join('; '), figures: { runs: step.runs.length }, warnings: [] };
  },
};

const segmentsStep: RecipeStepDef<StepOf<'segments'>> = {
  step: 'segments',
  zh: '客群圈选规则',
  en: 'Segment rules',
  async capture(kit) {
    const list = await kit.call('segments.list', {});
    if (list.length === 0) return null;
    const segments = [];
    for (const s of [...list].sort((a, b) => a.segmentId - b.segmentId)) {
      const d = await kit.call('segments.get', { segmentId: s.segmentId });
      segments.push({ name: d.name, description: d.description, rule: d.rule });
    }
    return { step: 'segments', segments };
  },
  async run(step, kit) {
    const sizes: string[] = [];
    for (const s of step.segments) {
      const d = await kit.call('segments.save', { name: s.name, description: s.description, rule: s.rule });
      sizes.push(`${d.name} ${d.count}`);
    }
    return { summary: sizes.join(', '), figures: { segments: step.segments.length }, warnings: [] };
  },
};

const complianceStep: RecipeStepDef<StepOf<'compliance'>> = {
  step: 'compliance',
  zh: '营销合规设置',
  en: 'Marketing compliance settings',
  async capture(kit) {
    return { step: 'compliance', settings: await kit.call('compliance.settings', {}) };
  },
  async run(step, kit) {
    await kit.call('compliance.settings', { settings: step.settings });
    return { summary: 'settings applied', figures: {}, warnings: [] };
  },
};

const exportStep: RecipeStepDef<StepOf<'export'>> = {
  step: 'export',
  zh: '客群导出',
  en: 'Audience exports',
  capture(kit) {
    // Exports of reach-plan steps replay with their plan (the reach step), not as segment exports.
    const rows = kit.db().all<{ manifest: string }>('SELECT manifest FROM export_log WHERE export_id NOT IN (SELECT export_id FROM reach_step_export) ORDER BY export_id');
    if (rows.length === 0) return Promise.resolve(null);
    const exports = rows.map((r) => {
      const m = JSON.parse(r.manifest) as ExportManifest;
      return {
        segment: m.segment.name,
        preset: m.preset,
        format: m.file.format,
        channel: m.channel,
        ...(m.preset === 'custom' ? { columns: m.columns.map((c) => c.key) } : {}),
        ...(m.file.format === 'csv' && m.file.encoding !== 'utf8' ? { encoding: m.file.encoding } : {}),
        ...(m.smsTemplate ? { smsTemplate: m.smsTemplate } : {}),
        ...(m.compliance.product ? { productCode: m.compliance.product.code } : {}),
        ...(m.campaignKey ? { campaignKey: m.campaignKey } : {}),
        ...(m.holdout ? { holdoutPercent: m.holdout.percent } : {}),
        // Names carry the data's date; the re-run writes this month's.
        fileName: m.asOfDate ? m.file.name.split(m.asOfDate.replace(/-/g, '')).join(AS_OF_TOKEN) : m.file.name,
      };
    });
    return Promise.resolve({ step: 'export', exports });
  },
  async run(step, kit) {
    const lines: string[] = [];
    const asOf = (await kit.call('workspace.info', {})).asOfDate?.replace(/-/g, '') ?? '';
    for (const e of step.exports) {
      const { segment, fileName, ...rest } = e;
      const r = await kit.call('export.audience', { ...rest, segment: { name: segment }, ...(fileName ? { fileName: fileName.split(AS_OF_TOKEN).join(asOf) } : {}) });
      kit.outputs.push({ path: `exports/${r.fileName}`, bytes: r.bytes }, { path: `exports/${r.fileName}.manifest.json`, bytes: r.manifestBytes });
      lines.push(`${r.fileName} ${r.manifest.counts.exported} rows (${r.manifest.counts.excluded} excluded)`);
    }
    return { summary: lines.join('; '), figures: { files: step.exports.length }, warnings: [] };
  },
};

const reportStep: RecipeStepDef<StepOf<'report'>> = {
  step: 'report',
  zh: '会议材料',
  en: 'Meeting pack',
  capture(kit) {
    const saved = getMeta(kit.db(), 'report_options');
    return Promise.resolve({ step: 'report', options: saved ? (JSON.parse(saved) as ReportOptions) : { language: 'zh' } });
  },
  async run(step, kit) {
    const r = await kit.call('report.build', step.options);
    kit.outputs.push({ path: r.fileName, bytes: utf8.encode(r.html) });
    return { summary: `${r.fileName}: ${r.sections.length} sections, ${r.charts} charts`, figures: { sections: r.sections.length, charts: r.charts }, warnings: r.sections.filter((s) => !s.available).map((s) => `section ${s.key} has nothing to show`) };
  },
};

/** Every step by kind. */
export const RECIPE_STEPS: { readonly [K in RecipeStepKind]: RecipeStepDef<StepOf<K>> } = {
  import: importStep,
  identity: identityStep,
  tags: tagsStep,
  text: textStep,
  cluster: clusterStep,
  predict: predictStep,
  behaviour: behaviourStep,
  segments: segmentsStep,
  compliance: complianceStep,
  reach: reachStep,
  export: exportStep,
  report: reportStep,
};

/** The order steps are captured in, which is the order they replay: later steps read what earlier ones made. */
export const STEP_ORDER: readonly RecipeStepKind[] = ['import', 'identity', 'tags', 'text', 'cluster', 'predict', 'behaviour', 'segments', 'compliance', 'reach', 'export', 'report'];

export const KNOWN_STEPS: ReadonlySet<string> = new Set(STEP_ORDER);

/** Runs one step with the registry's definition (the cast is safe: the definition is looked up by the step's own kind). */
export function runStep(step: RecipeStep, kit: RecipeRunKit): Promise<StepResult> {
  const def = RECIPE_STEPS[step.step] as RecipeStepDef<RecipeStep>;
  return def.run(step, kit);
}
