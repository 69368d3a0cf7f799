/**
 * The `text.*` methods of the EngineApi: the pipeline, its read-side for the 文本 page, the dictionary, stopwords
 * and merchant-rule editors, classifier training, keyword (BM25) and semantic search, embeddings and duplicates.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type {
  ClassifierInfo,
  DictionaryEntry,
  DuplicateGroup,
  MerchantCoverage,
  MerchantRuleRow,
  SentimentLabel,
  TextPreview,
  TrainResult,
} from '#shared/api/textTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { DEFAULT_BANK_WORDS } from '#shared/lexicon/bankDictionary.ts';
import { loadDictionaryEdits, loadMerchantRuleEdits, loadMerchantRules, loadStopwordEdits, resetDictionaryEdit, resetMerchantRule, saveDictionaryEdit, saveMerchantRule, saveStopwordEdit } from '#shared/lexicon/lexiconStore.ts';
import { createMerchantCategorizer, DEFAULT_MERCHANT_RULES, merchantCategoryLabel } from '#shared/lexicon/merchantCategories.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { analyzeNote } from './analyzeNote.ts';
import { buildBm25, type Bm25Index } from './bm25.ts';
import { evaluate, features, stratifiedSplit, trainAndEvaluate } from './classifier.ts';
import { embedNotes, nearDuplicatePairs, nearest, type NoteVectors } from './embeddings.ts';
import { documentFrequencies } from './keywords.ts';
import { readLabelledFile } from './labelledFile.ts';
import { normalizeNote } from './normalize.ts';
import { DEFAULT_STOPWORDS } from './stopwords.ts';
import { defaultTextContext, textHostOf, workspaceTextContext } from './textContext.ts';
import type { Embedder, ModelSource } from './textHost.ts';
import { runTextPipeline } from './textPipeline.ts';
import { allTokens, keywords, latestRun, notePage, notesByRowIds, noteGroups, requireRun, sentimentBreakdown, topics } from './textQueries.ts';
import { removeTopicTag, writeTopicTag } from './textTags.ts';

type TextMethod =
  | 'text.run'
  | 'text.summary'
  | 'text.segment'
  | 'text.sentiment'
  | 'text.preview'
  | 'text.groups'
  | 'text.keywords'
  | 'text.topics'
  | 'text.editTopic'
  | 'text.breakdown'
  | 'text.notes'
  | 'text.search'
  | 'text.label'
  | 'text.train'
  | 'text.classifiers'
  | 'text.useClassifier'
  | 'text.dictionary'
  | 'text.stopwords'
  | 'text.merchantRules'
  | 'text.merchantCoverage'
  | 'text.embed'
  | 'text.duplicates';

function sourceKey(source: ModelSource): string {
  switch (source.kind) {
    case 'path':
      return `path:${source.path}`;
    case 'url':
      return `url:${source.base}`;
    case 'files':
      return `files:${source.files.map((f) => `${f.webkitRelativePath || f.name}:${f.size}:${f.lastModified}`).join('|')}`;
  }
}

function nowText(services: Services): string {
  return new Date(services.host.now()).toISOString().replace('T', ' ').slice(0, 19);
}

export function textHandlers(services: Services): Handlers<TextMethod> {
  const { host, workspace } = services;
  let dfCache: { runId: number; df: Map<string, number>; n: number } | null = null;
  let bm25Cache: { runId: number; index: Bm25Index; rowIds: number[] } | null = null;
  let embedderCache: { key: string; embedder: Embedder } | null = null;
  let vectorCache: { runId: number; modelKey: string; vectors: NoteVectors } | null = null;

  const corpusDf = (db: Db, runId: number) => (): { df: Map<string, number>; n: number } => {
    if (dfCache?.runId !== runId) {
      const docs = allTokens(db, runId);
      dfCache = { runId, df: documentFrequencies(docs), n: docs.length };
    }
    return dfCache;
  };

  const bm25 = (db: Db, runId: number): { index: Bm25Index; rowIds: number[] } => {
    if (bm25Cache?.runId !== runId) {
      const rowIds: number[] = [];
      const docs: string[][] = [];
      db.each('SELECT note_row_id, tokens FROM note_text WHERE run_id = ? ORDER BY note_row_id', [runId], (r) => {
        rowIds.push(Number(r[0]));
        const s = String(r[1] ?? '');
        docs.push(s === '' ? [] : s.split(' '));
      });
      bm25Cache = { runId, index: buildBm25(docs), rowIds };
    }
    return bm25Cache;
  };

  const embedder = async (source: ModelSource): Promise<Embedder> => {
    const key = sourceKey(source);
    if (embedderCache?.key !== key) embedderCache = { key, embedder: await textHostOf(host).loadEmbedder(source) };
    return embedderCache.embedder;
  };

  /** Note vectors of a run, kept in memory between searches (the workspace cache holds them across sessions). */
  const runVectors = async (db: Db, runId: number, model: Embedder, ctx: JobContext): Promise<NoteVectors> => {
    if (vectorCache?.runId !== runId || vectorCache.modelKey !== model.key) {
      vectorCache = { runId, modelKey: model.key, vectors: await embedNotes(db, model, noteTexts(db, runId), ctx) };
    }
    return vectorCache.vectors;
  };

  const noteTexts = (db: Db, runId: number): { rowId: number; text: string | null }[] =>
    db
      .all<{ row_id: number; text: string | null }>('SELECT n.row_id, n.text FROM note_text t JOIN notes n ON n.row_id = t.note_row_id WHERE t.run_id = ? ORDER BY n.row_id', [runId])
      .map((r) => ({ rowId: r.row_id, text: r.text === null ? null : String(r.text) }));

  /** Edits made by methods that mostly read (dictionary, stopwords, rules) mark the workspace changed themselves. */
  const changed = (): void => {
    workspace.markDirty();
    services.emit('workspace.changed', workspace.info());
  };

  const invalidate = (): void => {
    dfCache = null;
    bm25Cache = null;
  };

  return {
    async 'text.run'(args, ctx) {
      const db = workspace.db;
      const context = await workspaceTextContext(host, db);
      const summary = await runTextPipeline(db, context, args, ctx, () => nowText(services));
      invalidate();
      await db.mutate(() => db.transaction(() => appendAudit(db, host, 'text.run', { runId: summary.runId, notes: summary.notes, k: summary.k, seed: summary.seed })));
      return summary;
    },

    'text.summary': () => latestRun(workspace.db),

    async 'text.segment'(args, ctx) {
      const context = args.dictionary === 'workspace' ? await workspaceTextContext(host, workspace.db) : await defaultTextContext(host);
      const tokens: string[][] = [];
      const issues: Record<string, number> = {};
      for (let i = 0; i < args.texts.length; i++) {
        if (i % 5000 === 0) await ctx.checkpoint();
        const n = normalizeNote(args.texts[i]);
        for (const issue of n.issues) issues[issue] = (issues[issue] ?? 0) + 1;
        tokens.push(n.text === '' ? [] : context.segmenter.cut(n.text).filter((t) => t.trim() !== ''));
      }
      return { tokens, issues };
    },

    async 'text.sentiment'(args, ctx) {
      const context = workspace.isOpen ? await workspaceTextContext(host, workspace.db) : await defaultTextContext(host);
      const out: { label: SentimentLabel; score: number }[] = [];
      for (let i = 0; i < args.texts.length; i++) {
        if (i % 5000 === 0) await ctx.checkpoint();
        const a = analyzeNote(args.texts[i], context.segmenter, context.stopwords, args.useClassifier === false ? undefined : context.activePredictor);
        out.push({ label: a.sentiment.label, score: Math.round(a.sentiment.score * 1000) / 1000 });
      }
      return { results: out };
    },

    async 'text.preview'(args) {
      const context = workspace.isOpen ? await workspaceTextContext(host, workspace.db) : await defaultTextContext(host);
      const a = analyzeNote(args.text, context.segmenter, context.stopwords, context.activePredictor);
      const dict = new Set(context.dictionary.filter((d) => d.freq > 0).map((d) => d.word));
      const content = new Set(a.content);
      const preview: TextPreview = {
        normalized: a.normalized,
        tokens: a.raw.map((word) => ({ word, stop: !content.has(word) && !content.has(word.toLowerCase()), dictionary: dict.has(word) })),
        issues: a.issues,
        sentiment: { label: a.sentiment.label, score: Math.round(a.sentiment.score * 1000) / 1000 },
        aspects: a.aspects.map((h) => ({ aspect: h.aspect, label: h.label })),
      };
      return preview;
    },

    'text.groups': (args) => {
      const db = workspace.db;
      return noteGroups(db, requireRun(db), args.by);
    },

    'text.keywords': (args) => {
      const db = workspace.db;
      const runId = requireRun(db);
      return keywords(db, runId, args.method, args.filter ?? {}, args.limit ?? 30, corpusDf(db, runId));
    },

    'text.topics': () => {
      const db = workspace.db;
      return topics(db, requireRun(db));
    },

    async 'text.editTopic'(args) {
      const db = workspace.db;
      const runId = requireRun(db);
      return db.mutate(() =>
        db.transaction(() => {
          const row = db.get<{ name: string; tag_kind: string | null }>('SELECT name, tag_kind FROM text_topic WHERE run_id = ? AND topic = ?', [runId, args.topic]);
          if (!row) throw new ExpectedError('NOT_FOUND', `No topic ${args.topic} in the latest run.`, { topic: args.topic });
          const name = args.name?.trim() || row.name;
          const kind = args.tagKind === undefined ? row.tag_kind : args.tagKind;
          db.run('UPDATE text_topic SET name = ?, tag_kind = ? WHERE run_id = ? AND topic = ?', [name, kind, runId, args.topic]);
          let tagged = 0;
          if (kind === 'interest' || kind === 'risk') tagged = writeTopicTag(db, runId, args.topic, name, kind);
          else removeTopicTag(db, runId, args.topic);
          appendAudit(db, host, 'text.editTopic', { runId, topic: args.topic, tagKind: kind, customers: tagged });
          const t = topics(db, runId).topics.find((x) => x.topic === args.topic);
          if (!t) throw new ExpectedError('NOT_FOUND', `No topic ${args.topic}.`, { topic: args.topic });
          return { topic: t, customers: tagged };
        }),
      );
    },

    'text.breakdown': (args) => {
      const db = workspace.db;
      return sentimentBreakdown(db, requireRun(db), args.by);
    },

    'text.notes': (args) => {
      const db = workspace.db;
      return notePage(db, requireRun(db), args.filter ?? {}, args.offset, Math.min(args.limit, 500));
    },

    async 'text.search'(args, ctx) {
      const db = workspace.db;
      const runId = requireRun(db);
      const limit = Math.min(args.limit ?? 50, 500);
      if (args.model) {
        const model = await embedder(args.model);
        const query = normalizeNote(args.query).text;
        const [qv] = await model.embed([query]);
        const vectors = await runVectors(db, runId, model, ctx);
        const hits = qv ? nearest(qv, vectors.vectors, limit) : [];
        const rows = notesByRowIds(db, runId, hits.map((h) => vectors.rowIds[h.index] ?? -1));
        const scoreOf = new Map(hits.map((h) => [vectors.rowIds[h.index] ?? -1, h.score]));
        const out = rows.map((r) => ({ ...r, score: Math.round((scoreOf.get(r.rowId) ?? 0) * 1000) / 1000 }));
        return { mode: 'semantic' as const, queryTokens: [], hits: out, customers: new Set(out.flatMap((r) => (r.oneId ? [r.oneId] : []))).size };
      }
      const context = await workspaceTextContext(host, db);
      const queryTokens = analyzeNote(args.query, context.segmenter, context.stopwords).content;
      const { index, rowIds } = bm25(db, runId);
      const hits = index.search(queryTokens, limit);
      const rows = notesByRowIds(db, runId, hits.map((h) => rowIds[h.doc] ?? -1));
      const scoreOf = new Map(hits.map((h) => [rowIds[h.doc] ?? -1, h.score]));
      const out = rows.map((r) => ({ ...r, score: Math.round((scoreOf.get(r.rowId) ?? 0) * 1000) / 1000 }));
      return { mode: 'bm25' as const, queryTokens, hits: out, customers: new Set(out.flatMap((r) => (r.oneId ? [r.oneId] : []))).size };
    },

    async 'text.label'(args) {
      const db = workspace.db;
      return db.mutate(() =>
        db.transaction(() => {
          if (db.value('SELECT 1 FROM notes WHERE row_id = ?', [args.noteRowId]) === undefined) throw new ExpectedError('NOT_FOUND', `No note ${args.noteRowId}.`, { noteRowId: args.noteRowId });
          if (args.label === null) db.run('DELETE FROM note_label WHERE note_row_id = ?', [args.noteRowId]);
          else db.run('INSERT OR REPLACE INTO note_label (note_row_id, label, labelled_at) VALUES (?, ?, ?)', [args.noteRowId, args.label, nowText(services)]);
          const counts = { positive: 0, neutral: 0, negative: 0 };
          for (const r of db.all<{ label: SentimentLabel; c: number }>('SELECT label, COUNT(*) AS c FROM note_label GROUP BY label')) counts[r.label] = r.c;
          return counts;
        }),
      );
    },

    async 'text.train'(args, ctx) {
      const db = workspace.db;
      const context = await workspaceTextContext(host, db);
      let texts: string[];
      let labels: SentimentLabel[];
      let skipped: { row: number; reason: string }[] = [];
      if (args.file) {
        const read = readLabelledFile(args.file.bytes, args.file.textColumn, args.file.labelColumn);
        texts = read.texts;
        labels = read.labels;
        skipped = read.skipped;
      } else {
        const rows = db.all<{ text: string | null; label: SentimentLabel }>('SELECT n.text, l.label FROM note_label l JOIN notes n ON n.row_id = l.note_row_id ORDER BY l.note_row_id');
        texts = rows.map((r) => (r.text === null ? '' : String(r.text)));
        labels = rows.map((r) => r.label);
      }
      await ctx.checkpoint();
      const analysed = texts.map((t) => analyzeNote(t, context.segmenter, context.stopwords));
      const docs = analysed.map((a) => features(a.raw));
      const { model, evaluation, trainSize, testSize } = trainAndEvaluate(args.kind, docs, labels, ctx.seed);
      const { test } = stratifiedSplit(labels, 0.2, ctx.seed);
      const lexicon = evaluate(test.map((i) => labels[i] ?? 'neutral'), test.map((i) => analysed[i]?.sentiment.label ?? 'neutral'));
      const classifierId = await db.mutate(() =>
        db.transaction(() => {
          db.run('INSERT INTO text_classifier (created_at, kind, model, train_size, test_size, accuracy, macro_f1, active) VALUES (?, ?, ?, ?, ?, ?, ?, 0)', [
            nowText(services),
            args.kind,
            JSON.stringify(model),
            trainSize,
            testSize,
            evaluation.accuracy,
            evaluation.macroF1,
          ]);
          const id = Number(db.value('SELECT last_insert_rowid()'));
          appendAudit(db, host, 'text.train', { classifierId: id, kind: args.kind, trainSize, testSize, accuracy: evaluation.accuracy });
          return id;
        }),
      );
      const result: TrainResult = {
        classifierId,
        kind: args.kind,
        trainSize,
        testSize,
        accuracy: evaluation.accuracy,
        macroF1: evaluation.macroF1,
        lexiconAccuracy: lexicon.accuracy,
        lexiconMacroF1: lexicon.macroF1,
        confusion: evaluation.confusion,
        labels: ['positive', 'neutral', 'negative'],
        skipped,
      };
      return result;
    },

    'text.classifiers': () =>
      workspace.db
        .all<{ classifier_id: number; kind: string; created_at: string; accuracy: number; macro_f1: number; train_size: number; test_size: number; active: number }>(
          'SELECT classifier_id, kind, created_at, accuracy, macro_f1, train_size, test_size, active FROM text_classifier ORDER BY classifier_id DESC',
        )
        .map(
          (r): ClassifierInfo => ({
            classifierId: r.classifier_id,
            kind: r.kind,
            createdAt: r.created_at,
            accuracy: r.accuracy,
            macroF1: r.macro_f1,
            trainSize: r.train_size,
            testSize: r.test_size,
            active: r.active === 1,
          }),
        ),

    async 'text.useClassifier'(args) {
      const db = workspace.db;
      return db.mutate(() =>
        db.transaction(() => {
          if (args.classifierId !== null && db.value('SELECT 1 FROM text_classifier WHERE classifier_id = ?', [args.classifierId]) === undefined) {
            throw new ExpectedError('NOT_FOUND', `No classifier ${args.classifierId}.`, { classifierId: args.classifierId });
          }
          db.run('UPDATE text_classifier SET active = CASE WHEN classifier_id = ? THEN 1 ELSE 0 END', [args.classifierId ?? -1]);
          appendAudit(db, host, 'text.useClassifier', { classifierId: args.classifierId });
          return { active: args.classifierId };
        }),
      );
    },

    async 'text.dictionary'(args) {
      const db = workspace.db;
      if (args.edit || args.reset) {
        await db.mutate(() =>
          db.transaction(() => {
            const at = nowText(services);
            if (args.edit) saveDictionaryEdit(db, args.edit, at);
            if (args.reset) resetDictionaryEdit(db, args.reset);
            appendAudit(db, host, 'text.dictionary', { edit: args.edit?.action ?? null, reset: args.reset !== undefined });
          }),
        );
        changed();
      }
      const edits = new Map(loadDictionaryEdits(db).map((e) => [e.word, e]));
      const out: DictionaryEntry[] = DEFAULT_BANK_WORDS.filter((w) => !edits.has(w.word)).map((w) => ({ word: w.word, freq: w.freq, tag: w.tag, origin: 'default' as const }));
      for (const e of edits.values()) out.push({ word: e.word, freq: e.action === 'remove' ? 0 : (e.freq ?? DEFAULT_BANK_WORDS.find((w) => w.word === e.word)?.freq ?? 0), tag: e.tag ?? 'n', origin: e.action === 'remove' ? 'removed' : 'user' });
      return out.sort((a, b) => (a.origin === b.origin ? (a.word < b.word ? -1 : 1) : a.origin === 'default' ? 1 : -1));
    },

    async 'text.stopwords'(args) {
      const db = workspace.db;
      if (args.edit) {
        const edit = args.edit;
        await db.mutate(() => db.transaction(() => saveStopwordEdit(db, edit.word, edit.action, nowText(services))));
        invalidate();
        changed();
      }
      return { defaults: DEFAULT_STOPWORDS, edits: loadStopwordEdits(db) };
    },

    async 'text.merchantRules'(args) {
      const db = workspace.db;
      if (args.edit || args.reset) {
        await db.mutate(() =>
          db.transaction(() => {
            if (args.edit) saveMerchantRule(db, args.edit, nowText(services));
            if (args.reset) resetMerchantRule(db, args.reset);
            appendAudit(db, host, 'text.merchantRules', { edit: args.edit?.pattern ?? null, reset: args.reset ?? null });
          }),
        );
        changed();
      }
      const edited = new Set(loadMerchantRuleEdits(db).map((r) => r.id));
      const defaults = new Set(DEFAULT_MERCHANT_RULES.map((r) => r.id));
      return loadMerchantRules(db).map(
        (r): MerchantRuleRow => ({
          id: r.id,
          category: r.category,
          categoryZh: merchantCategoryLabel(r.category),
          match: r.match,
          pattern: r.pattern,
          priority: r.priority,
          enabled: r.enabled,
          origin: defaults.has(r.id) ? 'default' : 'user',
          edited: edited.has(r.id),
        }),
      );
    },

    'text.merchantCoverage': (args) => {
      const db = workspace.db;
      const categorizer = createMerchantCategorizer(loadMerchantRules(db));
      const unknown: { merchant: string; mcc: string | null; transactions: number; amountFen: number }[] = [];
      const byCategory = new Map<string, number>();
      let merchants = 0;
      let categorized = 0;
      let transactions = 0;
      let categorizedTransactions = 0;
      db.each(
        "SELECT merchant, mcc, COUNT(*), COALESCE(SUM(amount_fen), 0) FROM transactions WHERE merchant IS NOT NULL AND TRIM(merchant) <> '' GROUP BY merchant, mcc",
        [],
        (r) => {
          const merchant = String(r[0]);
          const mcc = r[1] === null ? null : String(r[1]);
          const n = Number(r[2]);
          merchants++;
          transactions += n;
          const hit = categorizer.categorize(merchant, mcc);
          if (hit) {
            categorized++;
            categorizedTransactions += n;
            byCategory.set(hit.category, (byCategory.get(hit.category) ?? 0) + n);
          } else unknown.push({ merchant, mcc, transactions: n, amountFen: Number(r[3]) });
        },
      );
      const result: MerchantCoverage = {
        merchants,
        categorized,
        transactions,
        categorizedTransactions,
        unknown: unknown.sort((a, b) => b.transactions - a.transactions || (a.merchant < b.merchant ? -1 : 1)).slice(0, args.limit ?? 200),
        byCategory: [...byCategory].sort((a, b) => b[1] - a[1]).map(([category, n]) => ({ category, zh: merchantCategoryLabel(category), transactions: n })),
      };
      return result;
    },

    async 'text.embed'(args, ctx) {
      const db = workspace.db;
      const runId = requireRun(db);
      const t0 = host.now();
      const model = await embedder(args.model);
      vectorCache = null;
      const v = await runVectors(db, runId, model, ctx);
      return {
        modelKey: model.key,
        dims: model.dims,
        notes: v.rowIds.length,
        computed: v.computed,
        cached: v.cached,
        ms: host.now() - t0,
        msPerThousand: v.computed > 0 ? Math.round((1000 * v.embedMs) / v.computed) : null,
      };
    },

    async 'text.duplicates'(args, ctx) {
      const db = workspace.db;
      const runId = requireRun(db);
      const limit = Math.min(args.limit ?? 50, 500);
      const groups: DuplicateGroup[] = [];
      const exact = new Map<string, number[]>();
      for (const n of noteTexts(db, runId)) {
        const t = normalizeNote(n.text).text.replace(/[\p{P}\p{S}\s]+/gu, '');
        if (t === '') continue;
        const list = exact.get(t);
        if (list) list.push(n.rowId);
        else exact.set(t, [n.rowId]);
      }
      for (const ids of [...exact.values()].filter((l) => l.length > 1).sort((a, b) => b.length - a.length).slice(0, limit)) {
        groups.push({ kind: 'exact', similarity: 1, notes: notesByRowIds(db, runId, ids.slice(0, 20)) });
      }
      if (args.model) {
        const model = await embedder(args.model);
        const v = await runVectors(db, runId, model, ctx);
        const threshold = args.threshold ?? 0.95;
        const exactKey = new Map<number, string>();
        for (const [key, ids] of exact) for (const id of ids) exactKey.set(id, key);
        // Pairs with the same text are already listed as exact duplicates.
        const near = nearDuplicatePairs(v.vectors, threshold, ctx.seed).filter((p) => {
          const ka = exactKey.get(v.rowIds[p.a] ?? -1);
          return ka === undefined || ka !== exactKey.get(v.rowIds[p.b] ?? -1);
        });
        for (const p of near.slice(0, limit)) {
          const a = v.rowIds[p.a] ?? -1;
          const b = v.rowIds[p.b] ?? -1;
          groups.push({ kind: 'near', similarity: Math.round(p.score * 1000) / 1000, notes: notesByRowIds(db, runId, [a, b]) });
        }
      }
      return groups;
    },
  };
}
