/**
 * Workspace schema. System tables are created by numbered migrations (PRAGMA user_version holds the schema
 * version). Entity tables follow `shared/model/entities.ts`: they are created, and gain new columns, by
 * {@link syncEntityTables}, which only ever adds — a workspace written by an older version opens and keeps its
 * data. Documented in docs/data-model.md.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import { ENTITIES, sqlType, type EntityDef } from '#shared/model/entities.ts';
import type { Db } from './database.ts';

interface Migration {
  readonly version: number;
  readonly sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

-- Append-only: triggers below refuse UPDATE and DELETE.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}',
  input_sha256 TEXT,
  rows_read INTEGER,
  rows_accepted INTEGER,
  rows_rejected INTEGER
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE import_batch (
  batch_id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL
);

CREATE TABLE import_file (
  file_id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batch(batch_id),
  file_name TEXT NOT NULL,
  sha256 TEXT,
  size_bytes INTEGER,
  format TEXT,
  kind TEXT,
  target_table TEXT,
  encoding TEXT,
  delimiter TEXT,
  header_row INTEGER,
  rows_read INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  new_rows INTEGER NOT NULL DEFAULT 0,
  duplicate_rows INTEGER NOT NULL DEFAULT 0,
  updated_rows INTEGER NOT NULL DEFAULT 0,
  blank_lines INTEGER NOT NULL DEFAULT 0,
  cell_issues INTEGER NOT NULL DEFAULT 0,
  mapping TEXT,
  status TEXT NOT NULL,
  message TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
);

-- Rejected rows: kept for the user, never lost. accepted + rejected = rows_read per file.
CREATE TABLE reject (
  reject_id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES import_file(file_id),
  row_no INTEGER NOT NULL,
  column_name TEXT,
  code TEXT NOT NULL,
  params TEXT NOT NULL DEFAULT '{}',
  raw TEXT NOT NULL
);
CREATE INDEX reject_file ON reject(file_id, row_no);

-- Accepted rows whose value in one column did not parse: the value was stored as missing, the text is kept here.
CREATE TABLE cell_issue (
  issue_id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES import_file(file_id),
  row_no INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  code TEXT NOT NULL,
  value TEXT
);
CREATE INDEX cell_issue_file ON cell_issue(file_id);

CREATE TABLE mapping_template (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  mapping TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- The register of personal-data columns; drives masking everywhere data leaves the engine.
CREATE TABLE sensitive_column (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  pii_type TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (table_name, column_name)
);

-- Generic tables imported with kind 'table': their inferred columns.
CREATE TABLE user_table (
  table_name TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  columns TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- ONE_ID: every source record key maps to one person. Import assigns one per new customer number.
CREATE TABLE identity_map (
  source TEXT NOT NULL,
  record_id TEXT NOT NULL,
  one_id TEXT NOT NULL,
  method TEXT NOT NULL,
  weight REAL,
  run_id INTEGER,
  PRIMARY KEY (source, record_id)
);
CREATE INDEX identity_map_one_id ON identity_map(one_id);

-- Tags of every feature, one table (tag registry in tag_def).
CREATE TABLE tag_def (
  tag TEXT PRIMARY KEY,
  zh TEXT NOT NULL,
  en TEXT NOT NULL,
  family TEXT NOT NULL,
  module TEXT NOT NULL,
  definition TEXT NOT NULL,
  inputs TEXT NOT NULL DEFAULT '[]',
  version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE customer_tag (
  one_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  value TEXT,
  reason TEXT,
  run_id INTEGER NOT NULL,
  PRIMARY KEY (one_id, tag, run_id)
);
CREATE INDEX customer_tag_tag ON customer_tag(tag, run_id);
`,
  },
  {
    version: 2,
    sql: `
-- ONE_ID resolution (shared/identity, docs/identity.md). identity_map is rebuilt with a UNIQUE INDEX in place
-- of its PRIMARY KEY: same uniqueness, but a run that maps millions of new records can drop and rebuild the
-- indexes around its bulk insert (sql.js inserts into a text-keyed index at ~10 µs a row). row_ref is the
-- row_id of the record's row in its source table (customers, identities, or the first row of an event, touch
-- or note tuple), so a person's records are fetched by primary key.
CREATE TABLE identity_map_v2 (
  source TEXT NOT NULL,
  record_id TEXT NOT NULL,
  one_id TEXT NOT NULL,
  method TEXT NOT NULL,
  weight REAL,
  run_id INTEGER,
  row_ref INTEGER
);
INSERT INTO identity_map_v2 (source, record_id, one_id, method, weight, run_id) SELECT source, record_id, one_id, method, weight, run_id FROM identity_map;
DROP TABLE identity_map;
ALTER TABLE identity_map_v2 RENAME TO identity_map;
CREATE UNIQUE INDEX identity_map_key ON identity_map(source, record_id);
CREATE INDEX identity_map_one_id ON identity_map(one_id);

-- One row per resolution run: settings, seed, counts and the estimated Fellegi–Sunter parameters.
CREATE TABLE identity_run (
  run_id INTEGER PRIMARY KEY,
  mode TEXT NOT NULL,
  settings TEXT NOT NULL,
  seed INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  records INTEGER,
  persons INTEGER,
  counts TEXT,
  model TEXT
);

-- Weighted links (probabilistic matches, analyst decisions) and merges of existing ONE_IDs, with evidence.
-- Deterministic edges inside a person are recomputed for the graph view (identity.person) instead of stored.
CREATE TABLE identity_link (
  link_id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  source_a TEXT NOT NULL,
  record_a TEXT NOT NULL,
  source_b TEXT NOT NULL,
  record_b TEXT NOT NULL,
  method TEXT NOT NULL,
  id_type TEXT,
  weight REAL,
  evidence TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX identity_link_a ON identity_link(source_a, record_a);
CREATE INDEX identity_link_b ON identity_link(source_b, record_b);

-- Pairs waiting for the analyst: probabilistic matches between the two thresholds and links a cap refused.
CREATE TABLE identity_review (
  review_id INTEGER PRIMARY KEY,
  source_a TEXT NOT NULL,
  record_a TEXT NOT NULL,
  source_b TEXT NOT NULL,
  record_b TEXT NOT NULL,
  kind TEXT NOT NULL,
  id_type TEXT,
  weight REAL,
  evidence TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'pending',
  run_id INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  decided_at TEXT,
  UNIQUE (source_a, record_a, source_b, record_b)
);
CREATE INDEX identity_review_status ON identity_review(status);

-- Analyst decisions: they win over every later run (accept forces a link, reject and split forbid one).
CREATE TABLE identity_decision (
  decision_id INTEGER PRIMARY KEY,
  source_a TEXT NOT NULL,
  record_a TEXT NOT NULL,
  source_b TEXT NOT NULL,
  record_b TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'split')),
  note TEXT,
  decided_at TEXT NOT NULL,
  UNIQUE (source_a, record_a, source_b, record_b)
);

-- What happened to ONE_IDs: new, merge (one_id absorbed other_id), alias (one_id now answers as other_id),
-- split (records of one_id moved to other_id).
CREATE TABLE identity_history (
  history_id INTEGER PRIMARY KEY,
  one_id TEXT NOT NULL,
  event TEXT NOT NULL,
  other_id TEXT,
  records INTEGER,
  run_id INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX identity_history_one_id ON identity_history(one_id);
CREATE INDEX identity_history_other ON identity_history(other_id);

-- Identifiers not linked on: invalid or placeholder values, over-shared values (a call-centre number), values
-- shared by different persons, links refused by a conflict. Values are masked; counts say how many records.
CREATE TABLE identity_issue (
  issue_id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  id_type TEXT,
  code TEXT,
  source TEXT,
  record_id TEXT,
  value_masked TEXT,
  records INTEGER NOT NULL DEFAULT 1,
  persons INTEGER,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX identity_issue_run ON identity_issue(run_id, kind);

-- Compact index of the last run (hashed identifier keys → persons) for incremental runs and search.
CREATE TABLE identity_state (
  run_id INTEGER PRIMARY KEY,
  state BLOB NOT NULL
);
`,
  },
  {
    version: 3,
    sql: `
-- Tags and the customer wide table (shared/tags, shared/profile; docs/tags.md).
-- customer_tag is rebuilt WITHOUT ROWID keyed (tag, run_id, one_id): a tag run writes each tag's members in
-- ONE_ID order, so rows append to the b-tree; the members of a tag in a run are one key range; a person's tags
-- are one lookup per (tag, run_id). Same columns and the same uniqueness as before.
CREATE TABLE customer_tag_v3 (
  one_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  value TEXT,
  reason TEXT,
  run_id INTEGER NOT NULL,
  PRIMARY KEY (tag, run_id, one_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO customer_tag_v3 (one_id, tag, value, reason, run_id) SELECT one_id, tag, value, reason, run_id FROM customer_tag;
DROP TABLE customer_tag;
ALTER TABLE customer_tag_v3 RENAME TO customer_tag;

-- One row per tag run: as-of date, settings (JSON, the lifecycle thresholds among them), seed, members per tag,
-- the fitted value models, and the run it is compared with.
CREATE TABLE tag_run (
  run_id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  as_of TEXT NOT NULL,
  settings TEXT NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL,
  counts TEXT NOT NULL DEFAULT '{}',
  model TEXT NOT NULL DEFAULT '{}',
  prev_run_id INTEGER,
  ms INTEGER
);

-- What a run changed against the previous one: customers who entered (in) or left (out) a tag value.
CREATE TABLE tag_change (
  run_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  value TEXT NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('in', 'out')),
  one_id TEXT NOT NULL,
  PRIMARY KEY (run_id, tag, value, change, one_id)
) WITHOUT ROWID;

-- The six lifecycle groups: at most one per person and run, with the reason.
CREATE TABLE lifecycle_group (
  one_id TEXT NOT NULL,
  "group" TEXT NOT NULL,
  reason TEXT,
  run_id INTEGER NOT NULL,
  PRIMARY KEY ("group", run_id, one_id)
) WITHOUT ROWID;

-- Value model outputs per person (latest run): RFM scores, BG/NBD expected transactions and P(alive), CLV.
CREATE TABLE customer_score (
  one_id TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  rfm_r INTEGER,
  rfm_f INTEGER,
  rfm_m INTEGER,
  rfm_score REAL,
  exp_txn_12m REAL,
  p_alive REAL,
  clv_12m_fen INTEGER,
  contribution_fen INTEGER,
  PRIMARY KEY (run_id, one_id)
) WITHOUT ROWID;

-- The analyst's rule tags (标签 → 自定义标签): rule is JSON (docs/tags.md "Custom rule tags").
CREATE TABLE custom_tag (
  tag TEXT PRIMARY KEY,
  zh TEXT NOT NULL,
  en TEXT NOT NULL,
  definition TEXT NOT NULL DEFAULT '',
  rule TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`,
  },
  {
    version: 4,
    sql: `
-- Saved segments (shared/segments, README "Segment rules"). rule is the JSON rule tree; version counts the
-- versions written (a new one per edit or refresh with new data).
CREATE TABLE segment (
  segment_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  rule TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Every version of a segment: the rule it was computed with, its size, the as-of date and data version of the
-- data, and how many members joined and left against the previous version (NULL for the first).
CREATE TABLE segment_version (
  segment_id INTEGER NOT NULL REFERENCES segment(segment_id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  rule TEXT NOT NULL,
  count INTEGER NOT NULL,
  as_of TEXT,
  data_version INTEGER NOT NULL DEFAULT 0,
  refreshed_at TEXT NOT NULL,
  joined INTEGER,
  left INTEGER,
  reason TEXT NOT NULL CHECK (reason IN ('created', 'edited', 'refreshed')),
  PRIMARY KEY (segment_id, version)
);

-- Members (ONE_IDs) of the latest versions of each segment; older versions keep only their counts.
CREATE TABLE segment_member (
  segment_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  one_id TEXT NOT NULL,
  PRIMARY KEY (segment_id, version, one_id)
) WITHOUT ROWID;
`,
  },
  {
    version: 5,
    sql: `
-- 智能分群 (shared/cluster): one row per clustering run with its settings, seed, versions and quality figures;
-- result holds the group explanations (JSON), so a run can be shown again without re-clustering.
CREATE TABLE cluster_run (
  run_id INTEGER PRIMARY KEY,
  table_name TEXT NOT NULL,
  key_kind TEXT NOT NULL,
  features TEXT NOT NULL,
  settings TEXT NOT NULL,
  k INTEGER NOT NULL,
  algorithm TEXT NOT NULL,
  seed INTEGER NOT NULL,
  app_version TEXT NOT NULL,
  algo_version TEXT NOT NULL,
  rows INTEGER NOT NULL,
  dropped_rows INTEGER NOT NULL DEFAULT 0,
  seconds REAL NOT NULL,
  iterations INTEGER NOT NULL,
  inertia REAL NOT NULL,
  silhouette REAL,
  sizes TEXT NOT NULL,
  result TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- The group of every clustered row: customer tables by one_id (row_id is the profile row), other tables by row_id;
-- x, y are the row's position on the run's 2-D map (PCA), for lasso selections.
CREATE TABLE cluster_member (
  run_id INTEGER NOT NULL,
  one_id TEXT,
  row_id INTEGER NOT NULL,
  cluster INTEGER NOT NULL,
  x REAL,
  y REAL
);
CREATE INDEX cluster_member_run ON cluster_member(run_id, cluster);
-- Rows taken from a run (a cluster or a lasso region of the map) to become a 客群 (segment).
CREATE TABLE cluster_selection (
  selection_id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  label TEXT NOT NULL,
  source TEXT NOT NULL,
  cluster INTEGER,
  polygon TEXT,
  members INTEGER NOT NULL,
  segment_id INTEGER,
  created_at TEXT NOT NULL
);
CREATE TABLE cluster_selection_member (
  selection_id INTEGER NOT NULL,
  one_id TEXT,
  row_id INTEGER NOT NULL
);
CREATE INDEX cluster_selection_member_sel ON cluster_selection_member(selection_id);
`,
  },
  {
    version: 6,
    sql: `
-- Chinese text mining (shared/text) and the shared lookup tables (shared/lexicon).
-- The analyst's edits of the merchant → life-scenario rules, laid over the defaults in code by rule_id
-- (an edit with a default's id replaces it; enabled = 0 switches it off).
CREATE TABLE merchant_rule (
  rule_id TEXT PRIMARY KEY,
  category TEXT NOT NULL,
  match TEXT NOT NULL CHECK (match IN ('keyword', 'mcc')),
  pattern TEXT NOT NULL,
  priority INTEGER NOT NULL DEFAULT 100,
  enabled INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

-- The analyst's edits of the bank dictionary and stopwords: add a word (frequency, POS tag) or remove one.
CREATE TABLE text_dictionary (
  word TEXT PRIMARY KEY,
  freq INTEGER,
  tag TEXT,
  action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
  updated_at TEXT NOT NULL
);
CREATE TABLE text_stopword (
  word TEXT PRIMARY KEY,
  action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
  updated_at TEXT NOT NULL
);

-- One row per text pipeline run: settings, seed, counts (bad input included) and timings.
CREATE TABLE text_run (
  run_id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  seed INTEGER NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  counts TEXT NOT NULL DEFAULT '{}'
);

-- Segmented text of each note of a run (space-separated tokens, stopwords kept out) and what was wrong with it.
CREATE TABLE note_text (
  run_id INTEGER NOT NULL,
  note_row_id INTEGER NOT NULL,
  one_id TEXT,
  tokens TEXT NOT NULL,
  chars INTEGER NOT NULL,
  issues TEXT,
  PRIMARY KEY (run_id, note_row_id)
);

-- Topics of a run: named by their top words, renamable; kind marks a topic the analyst turned into a tag.
CREATE TABLE text_topic (
  run_id INTEGER NOT NULL,
  topic INTEGER NOT NULL,
  name TEXT NOT NULL,
  top_words TEXT NOT NULL,
  notes INTEGER NOT NULL,
  coherence REAL,
  tag_kind TEXT CHECK (tag_kind IN ('interest', 'risk')),
  PRIMARY KEY (run_id, topic)
);
CREATE TABLE note_topic (
  run_id INTEGER NOT NULL,
  note_row_id INTEGER NOT NULL,
  topic INTEGER NOT NULL,
  weight REAL NOT NULL,
  PRIMARY KEY (run_id, note_row_id, topic)
);
CREATE INDEX note_topic_topic ON note_topic(run_id, topic);

CREATE TABLE note_sentiment (
  run_id INTEGER NOT NULL,
  note_row_id INTEGER NOT NULL,
  label TEXT NOT NULL CHECK (label IN ('positive', 'neutral', 'negative')),
  score REAL NOT NULL,
  method TEXT NOT NULL,
  aspects TEXT,
  PRIMARY KEY (run_id, note_row_id)
);
CREATE INDEX note_sentiment_label ON note_sentiment(run_id, label);

-- Per customer (ONE_ID) text features of a run: topic weights, sentiment shares, aspect counts.
CREATE TABLE customer_text_tag (
  run_id INTEGER NOT NULL,
  one_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('topic', 'sentiment', 'aspect')),
  key TEXT NOT NULL,
  value REAL NOT NULL,
  notes INTEGER NOT NULL,
  PRIMARY KEY (run_id, one_id, kind, key)
);

-- Notes the analyst labelled in the app, the training data of the sentiment classifier.
CREATE TABLE note_label (
  note_row_id INTEGER PRIMARY KEY,
  label TEXT NOT NULL CHECK (label IN ('positive', 'neutral', 'negative')),
  labelled_at TEXT NOT NULL
);
CREATE TABLE text_classifier (
  classifier_id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  model TEXT NOT NULL,
  train_size INTEGER NOT NULL,
  test_size INTEGER NOT NULL,
  accuracy REAL NOT NULL,
  macro_f1 REAL NOT NULL,
  active INTEGER NOT NULL DEFAULT 0
);

-- Sentence embeddings cache: one vector (Float32, little-endian) per note text and model.
CREATE TABLE note_embedding (
  model_key TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  dims INTEGER NOT NULL,
  vec BLOB NOT NULL,
  PRIMARY KEY (model_key, text_hash)
);
`,
  },
  {
    version: 7,
    sql: `
-- Audience exports (shared/export): one row per export with its manifest (segment, counts, columns, masking,
-- holdout, compliance exclusions by reason, SHA-256 of the file). Personal data never appears here.
CREATE TABLE export_log (
  export_id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  campaign_key TEXT,
  segment_id TEXT,
  segment_name TEXT,
  segment_version INTEGER,
  preset TEXT NOT NULL,
  channel TEXT NOT NULL,
  format TEXT NOT NULL,
  planned_at TEXT NOT NULL,
  rows INTEGER NOT NULL,
  holdout INTEGER NOT NULL,
  file_name TEXT,
  file_sha256 TEXT NOT NULL,
  manifest TEXT NOT NULL
);
-- Who each export plans to contact (arm target) or holds out (arm control), and when: the cross-campaign
-- contact caps count target rows of other campaigns in the 7/30 days before a new export's planned time.
CREATE TABLE export_contact (
  export_id INTEGER NOT NULL REFERENCES export_log(export_id),
  one_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  planned_at TEXT NOT NULL,
  arm TEXT NOT NULL DEFAULT 'target' CHECK (arm IN ('target', 'control'))
);
CREATE INDEX export_contact_one_id ON export_contact(one_id, planned_at);
CREATE INDEX export_contact_export ON export_contact(export_id);
`,
  },
  {
    version: 8,
    sql: `
-- 触达策略 (shared/reach, docs/reach.md). One row per channel-habit tag run: as-of date, settings, the fitted
-- beta prior per channel (JSON) and a summary; its run_id is the run_id of the reach tags in customer_tag.
CREATE TABLE reach_run (
  run_id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  as_of TEXT NOT NULL,
  settings TEXT NOT NULL,
  priors TEXT NOT NULL,
  summary TEXT NOT NULL
);
-- Per customer and channel with history in the run: messages, answered, failed (never delivered), sent in the
-- fatigue window, and the shrunk response rate. Channels without a row take the prior mean.
CREATE TABLE reach_propensity (
  run_id INTEGER NOT NULL,
  one_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  messages INTEGER NOT NULL,
  responses INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  recent INTEGER NOT NULL,
  rate REAL NOT NULL,
  PRIMARY KEY (run_id, one_id, channel)
) WITHOUT ROWID;
-- Plans whose steps were exported (the JSON as exported), and which export holds each step's audience.
CREATE TABLE reach_plan (
  plan_key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  plan TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE reach_step_export (
  plan_key TEXT NOT NULL,
  step_id TEXT NOT NULL,
  export_id INTEGER NOT NULL REFERENCES export_log(export_id),
  at TEXT NOT NULL,
  PRIMARY KEY (plan_key, step_id, export_id)
);
`,
  },
  {
    version: 9,
    sql: `
-- Prediction (shared/predict): one row per trained model with its model card (data, as-of date, target, split,
-- metrics, seed, features, warnings; JSON without personal data) and the fitted parameters (JSON).
CREATE TABLE predict_model (
  model_id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  name TEXT NOT NULL,
  table_name TEXT NOT NULL,
  target TEXT NOT NULL,
  algo TEXT NOT NULL CHECK (algo IN ('logistic', 'trees')),
  seed INTEGER NOT NULL,
  card TEXT NOT NULL,
  spec TEXT NOT NULL
);
-- Next-best-product runs: item level, seed, association rules and the held-out hit rate (JSON).
CREATE TABLE nbp_run (
  run_id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  level TEXT NOT NULL,
  seed INTEGER NOT NULL,
  summary TEXT NOT NULL
);
`,
  },
  {
    version: 10,
    sql: `
-- Behaviour and network runs (shared/behaviour, shared/network): interest-tag runs, network runs and refresh
-- marks, with settings and a summary (JSON, ONE_IDs and counts only). Their tags go to customer_tag with this
-- run_id.
CREATE TABLE behaviour_run (
  run_id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('interest', 'network', 'refresh')),
  at TEXT NOT NULL,
  as_of TEXT,
  settings TEXT NOT NULL DEFAULT '{}',
  summary TEXT NOT NULL DEFAULT '{}',
  ms INTEGER
);
-- Graph scores per person of a network run (customers and people known only from relation logs).
CREATE TABLE network_node (
  run_id INTEGER NOT NULL,
  node TEXT NOT NULL,
  one_id TEXT,
  is_customer INTEGER NOT NULL,
  pagerank REAL NOT NULL,
  invites INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  downstream INTEGER NOT NULL,
  downstream_converted INTEGER NOT NULL,
  community INTEGER,
  PRIMARY KEY (run_id, node)
) WITHOUT ROWID;
`,
  },
  {
    version: 11,
    sql: `
-- 会议材料 (shared/report): charts the analyst added to the pack with 加入报告, as ECharts option JSON, rendered
-- to SVG when the pack is built. Aggregates only: the UI shows masked data, and the pack masks again.
CREATE TABLE report_pin (
  pin_id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  option TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
`,
  },
  {
    version: 12,
    sql: `
-- Built columnar structures of the analytics layer (shared/analytics/columnarCache.ts), e.g. the behaviour event
-- store, as one binary blob each, so a re-opened workspace decodes them instead of rebuilding them from rows.
-- A row is used only while data_version equals the stamp of the current meta.data_version; rebuilt otherwise.
CREATE TABLE columnar_cache (
  key TEXT PRIMARY KEY,
  data_version TEXT NOT NULL,
  built_at TEXT NOT NULL,
  bytes BLOB NOT NULL
);
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Brings a workspace up to {@link SCHEMA_VERSION}; refuses one written by a newer version. */
export function migrate(db: Db): { from: number; to: number } {
  const from = Number(db.value('PRAGMA user_version') ?? 0);
  if (from > SCHEMA_VERSION) {
    throw new ExpectedError('WORKSPACE_TOO_NEW', 'The workspace was written by a newer version of the workbench.', {
      found: from,
      supported: SCHEMA_VERSION,
    });
  }
  db.transaction(() => {
    for (const m of MIGRATIONS) {
      if (m.version <= from) continue;
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
    }
    syncEntityTables(db);
  });
  return { from, to: SCHEMA_VERSION };
}

/** Columns every entity table carries besides its fields. */
export const SYSTEM_COLUMNS = ['row_id', 'row_key', 'extra', 'src_file', 'src_batch', 'src_row'] as const;

function entityDdl(def: EntityDef): string {
  const cols = def.fields.map((fd) => `  ${fd.name} ${sqlType(fd.type)}`);
  const unique = def.reimport === 'snapshot' && def.fields.some((fd) => fd.name === 'as_of') ? 'UNIQUE (row_key, as_of)' : 'UNIQUE (row_key)';
  return `CREATE TABLE ${def.table} (
  row_id INTEGER PRIMARY KEY,
${cols.join(',\n')},
  row_key TEXT NOT NULL,
  extra TEXT,
  src_file INTEGER NOT NULL,
  src_batch INTEGER NOT NULL,
  src_row INTEGER NOT NULL,
  ${unique}
)`;
}

/** Creates missing entity tables, adds missing columns, indexes and `*_latest` views. Additive only. */
export function syncEntityTables(db: Db): void {
  for (const def of ENTITIES) {
    const existing = db.all<{ name: string }>(`PRAGMA table_info(${def.table})`).map((r) => r.name);
    if (existing.length === 0) {
      db.exec(entityDdl(def));
    } else {
      for (const fd of def.fields) {
        if (!existing.includes(fd.name)) db.exec(`ALTER TABLE ${def.table} ADD COLUMN ${fd.name} ${sqlType(fd.type)}`);
      }
    }
    if (def.customerKey) db.exec(`CREATE INDEX IF NOT EXISTS ${def.table}_cust ON ${def.table}(${def.customerKey})`);
    if (def.timeField) db.exec(`CREATE INDEX IF NOT EXISTS ${def.table}_time ON ${def.table}(${def.timeField})`);
    if (def.reimport === 'snapshot' && def.fields.some((fd) => fd.name === 'as_of')) {
      db.exec(`DROP VIEW IF EXISTS ${def.table}_latest`);
      db.exec(
        `CREATE VIEW ${def.table}_latest AS SELECT t.* FROM ${def.table} t WHERE t.as_of IS (SELECT MAX(u.as_of) FROM ${def.table} u WHERE u.row_key = t.row_key)`,
      );
    }
  }
}
