/** The analyst's rule tags in `custom_tag`, registered in the tag registry under the `custom` family. */
import { ExpectedError } from '#shared/api/errors.ts';
import type { CustomTag, CustomTagRule, TagDefinition } from '#shared/api/tagTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { hash53, hashText } from '#shared/identity/hash53.ts';

export const CUSTOM_MODULE = 'custom';

interface Row {
  tag: string;
  zh: string;
  en: string;
  definition: string;
  rule: string;
  version: number;
  created_at: string;
  updated_at: string;
  [k: string]: string | number;
}

function fromRow(r: Row): CustomTag {
  return { tag: r.tag, zh: r.zh, en: r.en, definition: r.definition, rule: JSON.parse(r.rule) as CustomTagRule, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

// The version lives in the registry (tag_def), the one list of definitions: custom_tag keeps the rule only.
const SELECT_CUSTOM = 'SELECT c.tag, c.zh, c.en, c.definition, c.rule, ifnull(d.version, 1) AS version, c.created_at, c.updated_at FROM custom_tag c LEFT JOIN tag_def d ON d.tag = c.tag';

export function listCustomTags(db: Db): CustomTag[] {
  return db.all<Row>(`${SELECT_CUSTOM} ORDER BY c.created_at, c.tag`).map(fromRow);
}

export function getCustomTag(db: Db, tag: string): CustomTag | null {
  const r = db.get<Row>(`${SELECT_CUSTOM} WHERE c.tag = ?`, [tag]);
  return r ? fromRow(r) : null;
}

/**
 * The registry version a save gives a custom tag: 1 for a new tag, the same when only the names change, one
 * more when the rule or the definition changes (so runs before and after the edit can be told apart).
 */
export function nextCustomVersion(existing: CustomTag | null, t: Pick<CustomTag, 'definition' | 'rule'>): number {
  if (!existing) return 1;
  const same = JSON.stringify(existing.rule) === JSON.stringify(t.rule) && existing.definition === t.definition.trim();
  return same ? existing.version : existing.version + 1;
}

/** A key for a new custom tag from its English name (or a hash of the Chinese one). */
export function customTagKey(zh: string, en: string): string {
  const slug = en.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return /^[a-z]/.test(slug) ? `custom_${slug}` : `custom_${hashText(hash53(zh)).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

export function customTagDef(t: Pick<CustomTag, 'tag' | 'zh' | 'en' | 'definition' | 'rule' | 'version'>): TagDefinition {
  const inputs = t.rule.conditions.map((c) => (c.kind === 'column' ? `customer_profile.${c.column}` : c.kind === 'behaviour' ? c.table : `customer_tag.${c.tag}`));
  return {
    key: t.tag,
    zh: t.zh,
    en: t.en,
    family: 'custom',
    module: CUSTOM_MODULE,
    definition: t.definition.trim() || `Rule tag: ${t.rule.match === 'all' ? 'all' : 'any'} of ${t.rule.conditions.length} condition(s).`,
    inputs: [...new Set(inputs)],
    version: t.version,
  };
}

export function saveCustomTag(db: Db, t: Pick<CustomTag, 'tag' | 'zh' | 'en' | 'definition' | 'rule'>, at: string): CustomTag {
  const existing = getCustomTag(db, t.tag);
  db.run(
    `INSERT INTO custom_tag (tag, zh, en, definition, rule, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(tag) DO UPDATE SET zh = excluded.zh, en = excluded.en, definition = excluded.definition, rule = excluded.rule, updated_at = excluded.updated_at`,
    [t.tag, t.zh.trim(), t.en.trim(), t.definition.trim(), JSON.stringify(t.rule), existing?.createdAt ?? at, at],
  );
  const saved = getCustomTag(db, t.tag);
  if (!saved) throw new ExpectedError('NOT_FOUND', `Custom tag ${t.tag} was not saved.`, { tag: t.tag });
  return saved;
}

export function deleteCustomTag(db: Db, tag: string): boolean {
  return db.run('DELETE FROM custom_tag WHERE tag = ?', [tag]) > 0;
}
