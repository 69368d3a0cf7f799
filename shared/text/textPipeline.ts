/**
 * The whole text pipeline over the imported notes (`text.run`, `kequn text --workspace`): every note normalised,
 * segmented with the workspace dictionary, scored for sentiment and aspects, topics fitted, and the results
 * written to `note_text`, `note_topic`, `note_sentiment`, `text_topic`, `customer_text_tag`, plus customer tags
 * (`customer_tag` with definitions in `tag_def`). Only the latest run's per-note rows are kept.
 */
import type { TextRunArgs, TextRunSummary } from '#shared/api/textTypes.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { analyzeNote, type AnalyzedNote } from './analyzeNote.ts';
import { noteOneIds } from './noteCustomers.ts';
import type { SentimentLabel } from './sentimentLexicon.ts';
import type { TextContext } from './textContext.ts';
import { writeTextTags } from './textTags.ts';
import { fitTopics } from './topics.ts';

/** Topic weights below this are not stored per note (they are noise of the factorisation). */
const MIN_NOTE_TOPIC_WEIGHT = 0.1;
const CHUNK = 2000;

interface NoteRowIn {
  readonly rowId: number;
  readonly text: string | null;
}

export async function runTextPipeline(db: Db, text: TextContext, args: TextRunArgs, ctx: JobContext, nowText: () => string): Promise<TextRunSummary> {
  const t0 = Date.now();
  const ms: Record<string, number> = {};
  const lap = (name: string, since: number): number => {
    const t = Date.now();
    ms[name] = t - since;
    return t;
  };
  const startedAt = nowText();
  const predictor = args.useClassifier === false ? undefined : text.activePredictor;
  const notes: NoteRowIn[] = db.all<{ row_id: number; text: string | null }>('SELECT row_id, text FROM notes ORDER BY row_id').map((r) => ({
    rowId: r.row_id,
    text: typeof r.text === 'string' ? r.text : r.text === null ? null : String(r.text),
  }));
  const owners = noteOneIds(db);
  let t = lap('read', t0);

  const analysed: AnalyzedNote[] = new Array<AnalyzedNote>(notes.length);
  const issues: Record<string, number> = {};
  let tokens = 0;
  for (let i = 0; i < notes.length; i++) {
    if (i % CHUNK === 0) {
      ctx.progress('text.segment', i, notes.length);
      await ctx.checkpoint();
    }
    const a = analyzeNote(notes[i]?.text, text.segmenter, text.stopwords, predictor);
    analysed[i] = a;
    tokens += a.raw.length;
    for (const issue of a.issues) issues[issue] = (issues[issue] ?? 0) + 1;
  }
  ctx.progress('text.segment', notes.length, notes.length);
  t = lap('segment', t);

  const docs = analysed.map((a) => a.content);
  const model = await fitTopics(docs, {
    ...(args.k !== undefined ? { k: args.k } : {}),
    seed: ctx.seed,
    onStep: async (done, total) => {
      ctx.progress('text.topics', done, total);
      await ctx.checkpoint();
    },
  });
  t = lap('topics', t);

  const sentiment: Record<SentimentLabel, number> = { positive: 0, neutral: 0, negative: 0 };
  const summary = await db.mutate(async () => {
    const tx = db.begin();
    try {
      const finishedAt = nowText();
      db.run('INSERT INTO text_run (started_at, status, seed, settings) VALUES (?, ?, ?, ?)', [startedAt, 'running', ctx.seed, JSON.stringify({ k: args.k ?? null, sentiment: predictor ? 'classifier' : 'lexicon' })]);
      const runId = Number(db.value('SELECT last_insert_rowid()'));
      for (const table of ['note_text', 'note_topic', 'note_sentiment', 'customer_text_tag']) db.run(`DELETE FROM ${table} WHERE run_id <> ?`, [runId]);
      const insText = db.prepare('INSERT INTO note_text (run_id, note_row_id, one_id, tokens, chars, issues) VALUES (?, ?, ?, ?, ?, ?)');
      const insSent = db.prepare('INSERT INTO note_sentiment (run_id, note_row_id, label, score, method, aspects) VALUES (?, ?, ?, ?, ?, ?)');
      const insTopic = db.prepare('INSERT INTO note_topic (run_id, note_row_id, topic, weight) VALUES (?, ?, ?, ?)');
      const method = predictor ? 'classifier' : 'lexicon';
      try {
        for (let i = 0; i < notes.length; i++) {
          if (i % CHUNK === 0) {
            ctx.progress('text.write', i, notes.length);
            await ctx.checkpoint();
          }
          const note = notes[i] as NoteRowIn;
          const a = analysed[i] as AnalyzedNote;
          const oneId = owners.get(note.rowId) ?? null;
          insText.runUnchecked([runId, note.rowId, oneId, a.content.join(' '), (note.text ?? '').length, a.issues.length > 0 ? a.issues.join(',') : null]);
          if (a.raw.length === 0) continue;
          sentiment[a.sentiment.label]++;
          const aspects = a.aspects.length > 0 ? JSON.stringify(a.aspects.map((h) => [h.aspect, h.label])) : null;
          insSent.runUnchecked([runId, note.rowId, a.sentiment.label, Math.round(a.sentiment.score * 1000) / 1000, method, aspects]);
          for (let k = 0; k < model.k; k++) {
            const w = model.noteWeights[i * model.k + k] as number;
            if (w >= MIN_NOTE_TOPIC_WEIGHT) insTopic.runUnchecked([runId, note.rowId, k, Math.round(w * 1000) / 1000]);
          }
        }
      } finally {
        insText.free();
        insSent.free();
        insTopic.free();
      }
      db.run('DELETE FROM text_topic WHERE run_id = ?', [runId]);
      for (const topic of model.topics) {
        db.run('INSERT INTO text_topic (run_id, topic, name, top_words, notes, coherence) VALUES (?, ?, ?, ?, ?, ?)', [
          runId,
          topic.topic,
          topic.name,
          JSON.stringify(topic.words.map((w) => [w.word, Math.round(w.weight * 10000) / 10000])),
          topic.notes,
          Math.round(topic.coherence * 10000) / 10000,
        ]);
      }
      const tagRows = writeTextTags(db, runId);
      const customers = Number(db.value('SELECT count(DISTINCT one_id) FROM note_text WHERE run_id = ? AND one_id IS NOT NULL', [runId]) ?? 0);
      const analysedCount = analysed.filter((a) => a.raw.length > 0).length;
      lap('write', t);
      ms.total = Date.now() - t0;
      const result: TextRunSummary = {
        runId,
        startedAt,
        finishedAt,
        seed: ctx.seed,
        notes: notes.length,
        analysed: analysedCount,
        tokens,
        issues,
        customers,
        notesWithoutCustomer: notes.length - notes.filter((n) => owners.has(n.rowId)).length,
        k: model.k,
        kScores: model.kScores.map((s) => ({ k: s.k, coherence: Math.round(s.coherence * 10000) / 10000 })),
        sentiment,
        sentimentMethod: method,
        tags: tagRows,
        ms,
      };
      db.run('UPDATE text_run SET finished_at = ?, status = ?, counts = ? WHERE run_id = ?', [finishedAt, 'done', JSON.stringify(result), runId]);
      tx.commit();
      return result;
    } catch (e) {
      tx.rollback();
      throw e;
    }
  });
  return summary;
}
