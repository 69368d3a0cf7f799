import { describe, expect, it } from 'vitest';
import type { TagDefinition } from '#shared/api/tagTypes.ts';
import { Db } from '#shared/db/database.ts';
import { migrate } from '#shared/db/schema.ts';
import { BUILTIN_TAGS, interestTag } from './builtinTags.ts';
import { lifecycleDefs } from './lifecycle.ts';
import { checkUnique, listTagDefs, registerTags } from './tagRegistry.ts';
import { MERCHANT_CATEGORIES } from '#shared/lexicon/merchantCategories.ts';

const def = (key: string, zh: string, en: string, module = 'reach'): TagDefinition => ({ key, zh, en, family: 'marketing', module, definition: 'test', inputs: ['touches'], version: 1 });

async function db(): Promise<Db> {
  const d = await Db.open({ sqlJsConfig: {} });
  migrate(d);
  return d;
}

describe('tag registry', () => {
  it('keeps every built-in key and name unique and unambiguous', () => {
    const all = [...BUILTIN_TAGS.map((t) => t.def), ...MERCHANT_CATEGORIES.map((c) => interestTag(c.key).def), ...lifecycleDefs()];
    expect(() => checkUnique(all)).not.toThrow();
    expect(all.map((d) => d.key)).toContain('lifecycle_churn_risk');
  });

  it('lets the reach module register 全渠道未响应(流失客户) beside 易流失客户, and refuses a clashing name or key', async () => {
    const d = await db();
    registerTags(d, lifecycleDefs());
    registerTags(d, [def('reach_unreachable', '全渠道未响应(流失客户)', 'Unreachable on every channel')]);
    const keys = listTagDefs(d).map((x) => x.key);
    expect(keys).toEqual(expect.arrayContaining(['lifecycle_churn_risk', 'reach_unreachable']));
    // Same display name under another key: ambiguous for an analyst.
    expect(() => registerTags(d, [def('reach_churned', '易流失客户', 'Churned')])).toThrow(/already the name of tag lifecycle_churn_risk/);
    expect(() => registerTags(d, [def('reach_churned2', '流失', 'likely  to churn')])).toThrow(/English name/);
    // A key owned by another module cannot be taken over.
    expect(() => registerTags(d, [def('lifecycle_churn_risk', '别的', 'Other')])).toThrow(/belongs to module tags/);
    expect(() => registerTags(d, [def('Bad Key', '坏', 'Bad')])).toThrow(/snake_case/);
    // Re-registering one's own tag updates it.
    registerTags(d, [{ ...def('reach_unreachable', '全渠道未响应(流失客户)', 'Unreachable on every channel'), version: 2 }]);
    expect(listTagDefs(d).find((x) => x.key === 'reach_unreachable')?.version).toBe(2);
  });
});
