/**
 * The customers entering a plan: a saved segment's members (through the export module's segment source), the
 * customers of the wide table matching a segment rule (compiled to SQL by the segment builder), or every customer.
 */
import { ExpectedError } from '#shared/api/errors.ts';
import type { ReachEntry } from '#shared/api/reachTypes.ts';
import type { Db } from '#shared/db/database.ts';
import { latestTagRun } from '#shared/analytics/memberships.ts';
import { memberIds, resolveSegment } from '#shared/export/segmentSource.ts';
import { Persons } from '#shared/profile/persons.ts';
import { compileRule, usesBehavior } from '#shared/segments/compileSql.ts';
import { checkRule } from '#shared/segments/ruleCheck.ts';
import { loadRuleEnv } from '#shared/segments/ruleEnv.ts';

/** ONE_IDs entering, sorted and distinct. Throws `NOT_FOUND`, `NO_PROFILE` or `RULE_INVALID` with what is wrong. */
export function entrants(db: Db, entry: ReachEntry): string[] {
  let ids: string[];
  if (entry.type === 'segment') ids = memberIds(db, resolveSegment(db, entry.segment));
  else if (entry.type === 'all') ids = [...Persons.load(db).oneIds];
  else {
    const env = loadRuleEnv(db);
    if (!env.profileBuilt) throw new ExpectedError('NOT_FOUND', 'The entry rule reads the customer wide table, which is not built yet: run the tags (or profile.build) first.', { what: 'customer_profile' });
    const checked = checkRule(entry.rule, env);
    if (!checked.rule) {
      const p = checked.problems[0];
      throw new ExpectedError('RULE_INVALID', `The entry rule cannot run: ${p?.message ?? 'invalid'} (at entry.rule${p?.path ? `.${p.path}` : ''}).`, { path: p?.path ?? '' });
    }
    if (usesBehavior(checked.rule)) {
      throw new ExpectedError('RULE_INVALID', 'An entry rule with behaviour conditions must be saved as a segment first; use {"type":"segment"}.', { path: 'entry.rule' });
    }
    const compiled = compileRule(checked.rule, env, { tagRun: (t) => latestTagRun(db, t) }, 'p.one_id');
    ids = [];
    db.each(compiled.sql, compiled.params, (r) => {
      ids.push(String(r[0]));
    });
  }
  ids.sort();
  return ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
}
