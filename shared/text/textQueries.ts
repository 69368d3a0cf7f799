/**
 * Read-side of the text feature over the latest run: groups of notes (by channel, category, month, topic,
 * sentiment), keywords per group, topics over time, sentiment breakdowns, and pages of notes for drill-down with
 * personal data in the text masked.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { BreakdownRow, KeywordMethod, KeywordRow, NoteFilter, NoteGrouping, NotePage, NoteRow, SentimentLabel, TextRunSummary, TopicRow, TopicsResult } from '#shared/api/textTypes.ts';
import type { Db, SqlParam, SqlValue } from '#shared/db/database.ts';
import { contrastKeywords, textRankKeywords, tfidfKeywords } from './keywords.ts';
import { maskText } from './maskText.ts';
import { topicTagKey } from './textTags.ts';

/** The latest finished run, or null before the first. */
export function latestRun(db: Db): TextRunSummary | null {
  const r = db.get<{ counts: string }>("SELECT counts FROM text_run WHERE status = 'done' ORDER BY run_id DESC LIMIT 1");
  return r ? (JSON.parse(r.counts) as TextRunSummary) : null;
}

export function requireRun(db: Db): number {
  const run = latestRun(db);
  if (!run) throw new ExpectedError('TEXT_NOT_RUN', 'Run the text analysis first (文本 → 运行分析, or kequn text --workspace WS).');
  return run.runId;
}

const FACTS = `
  FROM note_text t
  JOIN notes n ON n.row_id = t.note_row_id
  LEFT JOIN note_sentiment s ON s.run_id = t.run_id AND s.note_row_id = t.note_row_id`;
const TOPIC = `(SELECT nt.topic FROM note_topic nt WHERE nt.run_id = t.run_id AND nt.note_row_id = t.note_row_id ORDER BY nt.weight DESC, nt.topic LIMIT 1)`;

function groupExpr(by: NoteGrouping): string {
  switch (by) {
    case 'all':
      return "'all'";
    case 'channel':
      return "COALESCE(NULLIF(TRIM(n.channel), ''), '(none)')";
    case 'category':
      return "COALESCE(NULLIF(TRIM(n.category), ''), '(none)')";
    case 'month':
      return "COALESCE(substr(n.note_time, 1, 7), '(none)')";
    case 'sentiment':
      return "COALESCE(s.label, '(none)')";
    case 'topic':
      return `COALESCE(CAST(${TOPIC} AS TEXT), '(none)')`;
  }
}

/** WHERE clause and parameters of a filter (always restricted to the run). */
function filterSql(runId: number, f: NoteFilter): { where: string; params: SqlParam[] } {
  const parts = ['t.run_id = ?'];
  const params: SqlParam[] = [runId];
  if (f.by && f.by !== 'all' && f.group !== undefined) {
    parts.push(`${groupExpr(f.by)} = ?`);
    params.push(f.group);
  }
  if (f.word) {
    parts.push("(' ' || t.tokens || ' ') LIKE ?");
    params.push(`% ${f.word.replace(/[%_]/g, '')} %`);
  }
  if (f.sentiment) {
    parts.push('s.label = ?');
    params.push(f.sentiment);
  }
  if (f.topic !== undefined) {
    parts.push(`${TOPIC} = ?`);
    params.push(f.topic);
  }
  if (f.aspect) {
    parts.push('s.aspects LIKE ?');
    params.push(`%"${f.aspect.replace(/[%_"]/g, '')}"%`);
  }
  return { where: parts.join(' AND '), params };
}

function tokensOf(db: Db, where: string, params: readonly SqlParam[]): string[][] {
  const out: string[][] = [];
  db.each(`SELECT t.tokens ${FACTS} WHERE ${where}`, params, (r) => {
    const s = String(r[0] ?? '');
    out.push(s === '' ? [] : s.split(' '));
  });
  return out;
}

/** Groups of a grouping with their note counts, largest first. */
export function noteGroups(db: Db, runId: number, by: NoteGrouping): { group: string; notes: number }[] {
  return db
    .all<{ g: string; c: number }>(`SELECT ${groupExpr(by)} AS g, COUNT(*) AS c ${FACTS} WHERE t.run_id = ? GROUP BY g ORDER BY ${by === 'month' ? 'g' : 'c DESC, g'}`, [runId])
    .map((r) => ({ group: String(r.g), notes: r.c }));
}

/**
 * Keywords of the notes matching `filter` (all notes when empty). `contrast` compares them with the other notes
 * of the run (the base) and reports the text TGI.
 *
 * @param corpusDf document frequencies of the whole run (TF-IDF), computed by the caller once per run
 */
export function keywords(db: Db, runId: number, method: KeywordMethod, filter: NoteFilter, limit: number, corpusDf: () => { df: Map<string, number>; n: number }): KeywordRow[] {
  const { where, params } = filterSql(runId, filter);
  const group = tokensOf(db, where, params);
  if (method === 'tfidf') {
    const { df, n } = corpusDf();
    return tfidfKeywords(group, df, n, limit);
  }
  if (method === 'textrank') return textRankKeywords(group, limit);
  const base = tokensOf(db, `t.run_id = ? AND NOT (${where})`, [runId, ...params]);
  return contrastKeywords(group, base, limit).map((k) => ({ ...k, tgi: k.tgi === null ? null : Math.round(k.tgi) }));
}

export function allTokens(db: Db, runId: number): string[][] {
  return tokensOf(db, 't.run_id = ?', [runId]);
}

export function topics(db: Db, runId: number): TopicsResult {
  const rows = db.all<{ topic: number; name: string; top_words: string; notes: number; coherence: number | null; tag_kind: string | null }>(
    'SELECT topic, name, top_words, notes, coherence, tag_kind FROM text_topic WHERE run_id = ? ORDER BY topic',
    [runId],
  );
  const list: TopicRow[] = rows.map((r) => ({
    topic: r.topic,
    name: r.name,
    words: (JSON.parse(r.top_words) as [string, number][]).map(([word, weight]) => ({ word, weight })),
    notes: r.notes,
    coherence: r.coherence,
    tagKind: r.tag_kind === 'interest' || r.tag_kind === 'risk' ? r.tag_kind : null,
    tag: r.tag_kind ? topicTagKey(runId, r.topic) : null,
  }));
  const months = new Map<string, number[]>();
  db.each(`SELECT substr(n.note_time, 1, 7) AS m, ${TOPIC} AS k ${FACTS} WHERE t.run_id = ? AND n.note_time IS NOT NULL`, [runId], (r) => {
    if (r[1] === null || r[0] === null) return;
    const m = String(r[0]);
    let counts = months.get(m);
    if (!counts) months.set(m, (counts = new Array<number>(list.length).fill(0)));
    const k = Number(r[1]);
    if (k < counts.length) counts[k] = (counts[k] ?? 0) + 1;
  });
  return { runId, topics: list, overTime: [...months].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([month, counts]) => ({ month, counts })) };
}

export function sentimentBreakdown(db: Db, runId: number, by: NoteGrouping): BreakdownRow[] {
  const rows = new Map<string, { positive: number; neutral: number; negative: number }>();
  db.each(`SELECT ${groupExpr(by)} AS g, s.label, COUNT(*) ${FACTS} WHERE t.run_id = ? AND s.label IS NOT NULL GROUP BY g, s.label`, [runId], (r) => {
    const g = String(r[0]);
    let row = rows.get(g);
    if (!row) rows.set(g, (row = { positive: 0, neutral: 0, negative: 0 }));
    row[String(r[1]) as SentimentLabel] = Number(r[2]);
  });
  const out = [...rows].map(([group, c]) => ({ group, ...c }));
  return by === 'month' ? out.sort((a, b) => (a.group < b.group ? -1 : 1)) : out.sort((a, b) => b.negative + b.neutral + b.positive - (a.negative + a.neutral + a.positive));
}

const NOTE_COLUMNS = `t.note_row_id, n.note_time, n.channel, n.category, t.one_id, n.text, s.label, ${TOPIC} AS topic, (SELECT label FROM note_label l WHERE l.note_row_id = t.note_row_id) AS manual`;

function toNoteRow(r: readonly SqlValue[]): NoteRow {
  const label = (v: SqlValue | undefined): SentimentLabel | null => (v === 'positive' || v === 'neutral' || v === 'negative' ? v : null);
  const str = (v: SqlValue | undefined): string | null => (v === null || v === undefined || v instanceof Uint8Array ? null : String(v));
  return {
    rowId: Number(r[0]),
    time: str(r[1]),
    channel: str(r[2]),
    category: str(r[3]),
    oneId: str(r[4]),
    text: maskText(str(r[5]) ?? ''),
    sentiment: label(r[6]),
    topic: r[7] === null || r[7] === undefined ? null : Number(r[7]),
    label: label(r[8]),
  };
}

/** A page of the notes behind a chart element, text masked. */
export function notePage(db: Db, runId: number, filter: NoteFilter, offset: number, limit: number): NotePage {
  const { where, params } = filterSql(runId, filter);
  const total = Number(db.value(`SELECT COUNT(*) ${FACTS} WHERE ${where}`, params) ?? 0);
  const rows: NoteRow[] = [];
  db.each(`SELECT ${NOTE_COLUMNS} ${FACTS} WHERE ${where} ORDER BY n.note_time DESC, t.note_row_id LIMIT ? OFFSET ?`, [...params, limit, offset], (r) => rows.push(toNoteRow(r)));
  return { total, offset, rows };
}

/** Notes by row id, in the order given (search hits). */
export function notesByRowIds(db: Db, runId: number, rowIds: readonly number[]): NoteRow[] {
  if (rowIds.length === 0) return [];
  const byId = new Map<number, NoteRow>();
  for (let i = 0; i < rowIds.length; i += 500) {
    const chunk = rowIds.slice(i, i + 500);
    db.each(`SELECT ${NOTE_COLUMNS} ${FACTS} WHERE t.run_id = ? AND t.note_row_id IN (${chunk.map(() => '?').join(',')})`, [runId, ...chunk], (r) => {
      const row = toNoteRow(r);
      byId.set(row.rowId, row);
    });
  }
  return rowIds.flatMap((id) => byId.get(id) ?? []);
}
