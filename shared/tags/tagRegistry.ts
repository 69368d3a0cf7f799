/**
 * The tag registry: one list of tag definitions (key, Chinese and English name, family, owning module,
 * definition, inputs, version) in `tag_def`. Every module that writes `customer_tag` registers its tags here
 * first with {@link registerTags}, which keeps keys and display names unique and unambiguous across modules.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { TagDefinition } from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';

const KEY_RE = /^[a-z][a-z0-9_]{1,63}$/;

/** Problems of one definition, empty when it is well formed. */
export function definitionProblems(def: TagDefinition): string[] {
  const out: string[] = [];
  if (!KEY_RE.test(def.key)) out.push(`key "${def.key}" must be lower-case ASCII snake_case (2–64 characters)`);
  if (def.zh.trim() === '') out.push(`tag ${def.key} has no Chinese name`);
  if (def.en.trim() === '') out.push(`tag ${def.key} has no English name`);
  if (def.family.trim() === '') out.push(`tag ${def.key} has no family`);
  if (def.module.trim() === '') out.push(`tag ${def.key} has no owning module`);
  if (def.definition.trim() === '') out.push(`tag ${def.key} has no definition`);
  if (!Number.isInteger(def.version) || def.version < 1) out.push(`tag ${def.key} has version ${def.version}`);
  return out;
}

/** Names compare without case and spaces: 易流失客户 and "易流失 客户" are the same name to a reader. */
function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * Checks a set of definitions against itself and against `existing`: keys unique, and no two different keys
 * sharing a Chinese or an English name. Throws an ExpectedError naming the first clash.
 */
export function checkUnique(defs: readonly TagDefinition[], existing: readonly TagDefinition[] = []): void {
  const byKey = new Map<string, TagDefinition>();
  const byZh = new Map<string, string>();
  const byEn = new Map<string, string>();
  for (const d of existing) {
    byZh.set(nameKey(d.zh), d.key);
    byEn.set(nameKey(d.en), d.key);
  }
  for (const d of defs) {
    const problems = definitionProblems(d);
    if (problems.length > 0) throw new ExpectedError('BAD_ARGUMENT', problems.join('; '), { tag: d.key });
    if (byKey.has(d.key)) throw new ExpectedError('BAD_ARGUMENT', `Tag key ${d.key} is defined twice.`, { tag: d.key });
    byKey.set(d.key, d);
    for (const [map, name, lang] of [[byZh, d.zh, 'Chinese'], [byEn, d.en, 'English']] as const) {
      const owner = map.get(nameKey(name));
      if (owner !== undefined && owner !== d.key) {
        throw new ExpectedError('BAD_ARGUMENT', `The ${lang} name "${name}" of tag ${d.key} is already the name of tag ${owner}.`, { tag: d.key, other: owner });
      }
      map.set(nameKey(name), d.key);
    }
  }
}

interface TagDefRow {
  tag: string;
  zh: string;
  en: string;
  family: string;
  module: string;
  definition: string;
  inputs: string;
  version: number;
  [k: string]: string | number;
}

function fromRow(r: TagDefRow): TagDefinition {
  let inputs: string[] = [];
  try {
    const parsed = JSON.parse(r.inputs) as unknown;
    if (Array.isArray(parsed)) inputs = parsed.map(String);
  } catch {
    inputs = [];
  }
  return { key: r.tag, zh: r.zh, en: r.en, family: r.family, module: r.module, definition: r.definition, inputs, version: r.version };
}

/** Every registered tag, by family then key. */
export function listTagDefs(db: Db): TagDefinition[] {
  return db.all<TagDefRow>('SELECT tag, zh, en, family, module, definition, inputs, version FROM tag_def ORDER BY family, tag').map(fromRow);
}

export function getTagDef(db: Db, key: string): TagDefinition | null {
  const r = db.get<TagDefRow>('SELECT tag, zh, en, family, module, definition, inputs, version FROM tag_def WHERE tag = ?', [key]);
  return r ? fromRow(r) : null;
}

/**
 * Registers (adds or updates) tag definitions. A key already registered by another module is refused, as is a
 * Chinese or English name already used by another key. Call inside the writer's transaction.
 */
export function registerTags(db: Db, defs: readonly TagDefinition[]): void {
  const incoming = new Set(defs.map((d) => d.key));
  const existing = listTagDefs(db);
  for (const d of defs) {
    const old = existing.find((e) => e.key === d.key);
    if (old && old.module !== d.module) {
      throw new ExpectedError('BAD_ARGUMENT', `Tag key ${d.key} belongs to module ${old.module}, not ${d.module}.`, { tag: d.key, module: old.module });
    }
  }
  checkUnique(
    defs,
    existing.filter((e) => !incoming.has(e.key)),
  );
  db.withStatement(
    `INSERT INTO tag_def (tag, zh, en, family, module, definition, inputs, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(tag) DO UPDATE SET zh = excluded.zh, en = excluded.en, family = excluded.family, module = excluded.module,
       definition = excluded.definition, inputs = excluded.inputs, version = excluded.version`,
    (st) => {
      for (const d of defs) st.run([d.key, d.zh, d.en, d.family, d.module, d.definition, JSON.stringify(d.inputs), d.version]);
    },
  );
}

/** Removes definitions of a module that are no longer produced (a deleted custom tag), with their rows. */
export function unregisterTags(db: Db, module: string, keys: readonly string[]): void {
  for (const key of keys) {
    db.run('DELETE FROM tag_def WHERE tag = ? AND module = ?', [key, module]);
    db.run('DELETE FROM customer_tag WHERE tag = ?', [key]);
  }
}
