import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';
import { ENTITIES, sqlType, type EntityDef, type ReimportRule } from './entities.ts';

const RULES: Readonly<Record<ReimportRule, string>> = {
  snapshot:
    'Snapshot (快照): rows are keyed by the natural key and `as_of`. The same key and date with identical values is a duplicate; with different values an update; a new date adds history. The view `<table>_latest` holds the newest row per key.',
  append:
    'Append-only facts (流水): rows are de-duplicated by the natural key, or, when the file has no key column, by a hash of the mapped values plus the occurrence number within the file — importing the same file twice, or overlapping monthly exports, adds nothing, while two identical rows inside one file both stay.',
  replace: 'Replace (目录): an import replaces the rows with the same natural key and keeps all others.',
};

function entitySection(e: EntityDef): string {
  const key = e.naturalKey.length > 0 ? e.naturalKey.map((k) => `\`${k}\``).join(' + ') : 'hash of the mapped values';
  const lines = [
    `### \`${e.table}\` — ${e.zh} / ${e.en}`,
    '',
    `- Kind: \`${e.kind}\`; re-import rule: **${e.reimport}**. ${RULES[e.reimport]}`,
    `- Natural key: ${key}.${e.customerKey ? ` Customer key: \`${e.customerKey}\` (→ \`identity_map\` → ONE_ID).` : ''}${e.timeField ? ` Time field: \`${e.timeField}\` (proposes the as-of date).` : ''}`,
    '',
    '| column | type | storage | 中文 | English | personal data | header synonyms (examples) |',
    '|---|---|---|---|---|---|---|',
    ...e.fields.map(
      (fd) =>
        `| \`${fd.name}\`${fd.required ? ' (required)' : ''} | ${fd.type} | ${sqlType(fd.type)} | ${fd.zh} | ${fd.en} | ${fd.pii ?? ''} | ${fd.synonyms.slice(0, 6).join(', ')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** docs/data-model.md, generated from the model so the document cannot drift from the schema. */
export function renderDataModelDoc(): string {
  return [
    '# Kequn workspace data model',
    '',
    '<!-- Generated from shared/model/entities.ts by `npm run docs`; a test fails when this file is out of date. -->',
    '',
    'A workspace is one SQLite file. Entity tables follow the canonical model below; system tables hold the',
    'import bookkeeping, the audit log, identity and tags.',
    '',
    '## Conventions',
    '',
    '- **Money** is stored as integer **fen** (1/100 yuan) in columns ending in `_fen`; the import mapping declares',
    '  the unit of the source (元, 千元, 万元 or 分).',
    '- **Dates** are TEXT `YYYY-MM-DD`; **datetimes** TEXT `YYYY-MM-DD HH:MM:SS` (local time of the source system).',
    '- **Booleans** are INTEGER 0/1. Identifiers are normalised at import (mobile → 11 digits, 身份证 → 18 characters',
    '  with upper-case X, card numbers digits only, e-mail lower-case).',
    '- Every entity row carries `row_id`, `row_key` (natural key or row hash, for re-import), `extra` (JSON object of',
    '  the raw source columns the mapping did not use — nothing imported is dropped), `src_file` (→',
    '  `import_file.file_id`), `src_batch` (→ `import_batch.batch_id`) and `src_row` (1-based line in the source file).',
    '- **As-of date (数据截止日)**: `meta.as_of_date`, taken from the latest date in the data (or set by the user,',
    '  `meta.as_of_source = user`). Every window, recency, dormancy and churn is computed relative to it, never to the',
    '  wall clock.',
    '- **ONE_ID**: `identity_map(source, record_id, one_id, method, weight, run_id)` maps every source record key to',
    '  one person. A customer gets a ONE_ID when first imported (`source = customer`, `method = source_key`); identity',
    '  resolution later merges them and keeps the older id.',
    '- **Personal data**: fields marked below, plus columns recorded in `sensitive_column`, are masked wherever data',
    '  leaves the engine (grid, SQL output, rejects export, reports, audience exports) unless the user reveals them',
    '  with a reason, which is written to `audit_log`.',
    '',
    '## Entity tables',
    '',
    ...ENTITIES.map(entitySection),
    '## Derived table `customer_profile`',
    '',
    'One row per ONE_ID, rebuilt by the `profile.build` job from the tables above relative to the as-of date. Tags,',
    'lifecycle groups, segments, portraits, clustering and prediction read customer attributes from here.',
    '',
    '| column | type | family | 中文 | English | definition |',
    '|---|---|---|---|---|---|',
    ...PROFILE_COLUMNS.map((p) => `| \`${p.name}\` | ${p.type} | ${p.family} | ${p.zh} | ${p.en} | ${p.definition} |`),
    '',
    '## System tables',
    '',
    '| table | holds |',
    '|---|---|',
    '| `meta` | key/value facts of the workspace: `workspace_id`, `name`, `created_at`, `as_of_date`, `as_of_source`, `is_demo`, counters |',
    '| `audit_log` | append-only log (triggers refuse UPDATE/DELETE): what ran, when, input SHA-256, rows read/accepted/rejected; never raw personal data |',
    '| `import_batch` | one row per import run |',
    '| `import_file` | one row per imported file: name, SHA-256, format, encoding, delimiter, header row, mapping JSON, rows read/accepted/rejected, new/duplicate/updated, blank lines, cell issues, status |',
    '| `reject` | rejected rows: file, 1-based line, column, reason code, parameters, raw text. `accepted + rejected = rows_read` per file |',
    '| `cell_issue` | accepted rows with one value that did not parse (stored as missing): file, line, column, code, original text |',
    '| `mapping_template` | saved column mappings, reused for next month\'s files |',
    '| `sensitive_column` | the personal-data register: table, column, class (name, phone, id_no, card_no, account_no, address, email, openid, unionid, device_id), source (detected/user) |',
    '| `user_table` | generic tables imported with kind `table` (`t_<name>`), with their inferred column types |',
    '| `identity_map` | ONE_ID of every source record |',
    '| `tag_def` | the tag registry: key, Chinese and English name, family, owning module, definition, inputs, version |',
    '| `customer_tag` | tags of every feature: `one_id`, `tag`, `value`, `reason`, `run_id` |',
    '',
  ].join('\n');
}
