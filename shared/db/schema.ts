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
