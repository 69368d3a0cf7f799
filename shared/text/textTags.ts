/**
 * Customer-level results of a text run: `customer_text_tag` (topic weights, sentiment shares, aspect counts per
 * ONE_ID) and the customer tags derived from them in `customer_tag`, each defined in `tag_def`. Rows of older
 * text runs are replaced.
 */
import type { Db } from '#shared/db/database.ts';
import { registerTags, unregisterTags } from '#shared/tags/tagRegistry.ts';
import { ASPECTS } from './aspects.ts';

const MODULE = 'text';
/** A customer gets a topic's tag when their notes' mean weight on it reaches this. */
export const TOPIC_TAG_MIN_WEIGHT = 0.3;

interface TagDef {
  readonly tag: string;
  readonly zh: string;
  readonly en: string;
  readonly family: string;
  readonly definition: string;
}

const SENTIMENT_TAGS: readonly TagDef[] = [
  { tag: 'text_negative_voice', zh: '文本负面客户', en: 'Negative voice in notes', family: 'risk', definition: 'At least one of the customer\'s notes (complaints, service notes, reviews, chats) is negative; value = negative notes.' },
  { tag: 'text_positive_voice', zh: '文本正面客户', en: 'Positive voice in notes', family: 'relationship', definition: 'The customer has more positive than negative notes; value = positive notes.' },
];

const ASPECT_TAGS: readonly TagDef[] = ASPECTS.map((a) => ({
  tag: `text_complaint_${a.key}`,
  zh: `${a.zh}抱怨`,
  en: `Complains about ${a.en.toLowerCase()}`,
  family: 'risk',
  definition: `At least one note of the customer speaks negatively about ${a.en.toLowerCase()} (${a.words.slice(0, 4).join('、')} …); value = such notes.`,
}));

/** Registers through the tag registry, which keeps keys and names unique across modules. */
function defineTag(db: Db, def: TagDef, inputs: readonly string[]): void {
  registerTags(db, [{ key: def.tag, zh: def.zh, en: def.en, family: def.family, module: MODULE, definition: def.definition, inputs, version: 1 }]);
}

/** The customer_tag key of a topic turned into a tag. */
export function topicTagKey(runId: number, topic: number): string {
  return `text_topic_${runId}_${topic}`;
}

/** Writes customer_text_tag and the text tags of `runId`; returns the number of customer_tag rows written. */
export function writeTextTags(db: Db, runId: number): number {
  db.run('DELETE FROM customer_text_tag WHERE run_id = ?', [runId]);
  db.run(
    `INSERT INTO customer_text_tag (run_id, one_id, kind, key, value, notes)
     SELECT ?, t.one_id, 'topic', CAST(nt.topic AS TEXT), SUM(nt.weight) / n.cnt, COUNT(*)
     FROM note_topic nt JOIN note_text t ON t.run_id = nt.run_id AND t.note_row_id = nt.note_row_id
     JOIN (SELECT one_id, COUNT(*) AS cnt FROM note_text WHERE run_id = ? AND one_id IS NOT NULL GROUP BY one_id) n ON n.one_id = t.one_id
     WHERE nt.run_id = ? GROUP BY t.one_id, nt.topic`,
    [runId, runId, runId],
  );
  db.run(
    `INSERT INTO customer_text_tag (run_id, one_id, kind, key, value, notes)
     SELECT ?, t.one_id, 'sentiment', s.label, COUNT(*) * 1.0 / n.cnt, COUNT(*)
     FROM note_sentiment s JOIN note_text t ON t.run_id = s.run_id AND t.note_row_id = s.note_row_id
     JOIN (SELECT t2.one_id, COUNT(*) AS cnt FROM note_sentiment s2 JOIN note_text t2 ON t2.run_id = s2.run_id AND t2.note_row_id = s2.note_row_id
           WHERE s2.run_id = ? AND t2.one_id IS NOT NULL GROUP BY t2.one_id) n ON n.one_id = t.one_id
     WHERE s.run_id = ? GROUP BY t.one_id, s.label`,
    [runId, runId, runId],
  );
  const aspectCounts = new Map<string, Map<string, number>>();
  db.each(
    `SELECT t.one_id, s.aspects FROM note_sentiment s JOIN note_text t ON t.run_id = s.run_id AND t.note_row_id = s.note_row_id
     WHERE s.run_id = ? AND t.one_id IS NOT NULL AND s.aspects IS NOT NULL`,
    [runId],
    (r) => {
      const oneId = String(r[0]);
      let m = aspectCounts.get(oneId);
      if (!m) aspectCounts.set(oneId, (m = new Map<string, number>()));
      for (const [aspect, label] of JSON.parse(String(r[1])) as [string, string][]) {
        m.set(aspect, (m.get(aspect) ?? 0) + 1);
        if (label === 'negative') m.set(`${aspect}:negative`, (m.get(`${aspect}:negative`) ?? 0) + 1);
      }
    },
  );
  const insAspect = db.prepare("INSERT INTO customer_text_tag (run_id, one_id, kind, key, value, notes) VALUES (?, ?, 'aspect', ?, ?, ?)");
  try {
    for (const [oneId, m] of aspectCounts) for (const [key, n] of m) insAspect.run([runId, oneId, key, n, n]);
  } finally {
    insAspect.free();
  }

  db.run("DELETE FROM customer_tag WHERE tag IN (SELECT tag FROM tag_def WHERE module = 'text')");
  db.run("DELETE FROM tag_def WHERE module = 'text' AND tag LIKE 'text_topic_%'");
  for (const def of SENTIMENT_TAGS) defineTag(db, def, ['notes.text', 'note_sentiment']);
  for (const def of ASPECT_TAGS) defineTag(db, def, ['notes.text', 'note_sentiment.aspects']);
  let rows = 0;
  rows += db.run(
    `INSERT INTO customer_tag (one_id, tag, value, reason, run_id)
     SELECT one_id, 'text_negative_voice', CAST(notes AS TEXT), '负面文本 ' || notes || ' 条', ? FROM customer_text_tag
     WHERE run_id = ? AND kind = 'sentiment' AND key = 'negative' AND notes > 0`,
    [runId, runId],
  );
  rows += db.run(
    `INSERT INTO customer_tag (one_id, tag, value, reason, run_id)
     SELECT p.one_id, 'text_positive_voice', CAST(p.notes AS TEXT), '正面文本 ' || p.notes || ' 条，负面 ' || COALESCE(n.notes, 0) || ' 条', ?
     FROM customer_text_tag p LEFT JOIN customer_text_tag n ON n.run_id = p.run_id AND n.one_id = p.one_id AND n.kind = 'sentiment' AND n.key = 'negative'
     WHERE p.run_id = ? AND p.kind = 'sentiment' AND p.key = 'positive' AND p.notes > COALESCE(n.notes, 0)`,
    [runId, runId],
  );
  for (const a of ASPECTS) {
    rows += db.run(
      `INSERT INTO customer_tag (one_id, tag, value, reason, run_id)
       SELECT one_id, ?, CAST(notes AS TEXT), ? || notes || ' 条', ? FROM customer_text_tag WHERE run_id = ? AND kind = 'aspect' AND key = ?`,
      [`text_complaint_${a.key}`, `负面提及${a.zh} `, runId, runId, `${a.key}:negative`],
    );
  }
  for (const t of db.all<{ topic: number; name: string; tag_kind: string }>('SELECT topic, name, tag_kind FROM text_topic WHERE run_id = ? AND tag_kind IS NOT NULL', [runId])) {
    rows += writeTopicTag(db, runId, t.topic, t.name, t.tag_kind === 'risk' ? 'risk' : 'interest');
  }
  return rows;
}

/** Turns one topic into a customer tag (interest or risk); returns the customer_tag rows written. */
export function writeTopicTag(db: Db, runId: number, topic: number, name: string, kind: 'interest' | 'risk'): number {
  const tag = topicTagKey(runId, topic);
  defineTag(
    db,
    {
      tag,
      zh: `文本主题：${name}`,
      en: `Text topic: ${name}`,
      family: kind,
      definition: `Mean weight of topic ${topic} (${name}) over the customer's notes is at least ${TOPIC_TAG_MIN_WEIGHT}; value = that weight.`,
    },
    ['notes.text', 'note_topic'],
  );
  db.run('DELETE FROM customer_tag WHERE tag = ?', [tag]);
  return db.run(
    `INSERT INTO customer_tag (one_id, tag, value, reason, run_id)
     SELECT one_id, ?, printf('%.2f', value), '主题「' || ? || '」权重 ' || printf('%.2f', value), ? FROM customer_text_tag
     WHERE run_id = ? AND kind = 'topic' AND key = ? AND value >= ?`,
    [tag, name, runId, runId, String(topic), TOPIC_TAG_MIN_WEIGHT],
  );
}

/** Removes a topic's tag (the analyst took the tag kind off). */
export function removeTopicTag(db: Db, runId: number, topic: number): void {
  unregisterTags(db, MODULE, [topicTagKey(runId, topic)]);
}
