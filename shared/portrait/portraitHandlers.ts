/**
 * EngineApi handlers of the group portrait (客群画像): describe, top tags, radar and side-by-side compare.
 * Groups and bases resolve to customer sets of the shared analytics snapshot; results are counts only.
 */
import type { GroupRef } from '#shared/api/portraitTypes.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { analyticsStore } from '#shared/analytics/analyticsStore.ts';
import { requireProfile } from '#shared/analytics/universe.ts';
import { loadRuleEnv } from '#shared/segments/ruleEnv.ts';
import { resolveGroup } from './groups.ts';
import { DEFAULT_ALPHA, DEFAULT_MIN_SUPPORT, describe, radar, topTags, type PortraitInput } from './portrait.ts';

type PortraitMethods = 'portrait.describe' | 'portrait.topTags' | 'portrait.radar' | 'portrait.compare';

const ALL: GroupRef = { kind: 'all' };

export function portraitHandlers(s: Services): Handlers<PortraitMethods> {
  const store = analyticsStore(s.workspace);
  const input = async (group: GroupRef, base: GroupRef | undefined, job: JobContext): Promise<PortraitInput> => {
    const db = s.workspace.db;
    requireProfile(db);
    const env = loadRuleEnv(db);
    const snap = store.snapshot();
    return { snap, env, group: await resolveGroup(group, snap, env, job), base: await resolveGroup(base ?? ALL, snap, env, job) };
  };
  return {
    'portrait.describe': async (args, ctx) => describe(await input(args.group, args.base, ctx), args.options ?? {}, ctx),
    'portrait.topTags': async (args, ctx) => {
      const t0 = performance.now();
      const tags = await topTags(await input(args.group, args.base, ctx), args.limit ?? 10, args.minSupport ?? DEFAULT_MIN_SUPPORT, DEFAULT_ALPHA, ctx);
      return { tags, ms: performance.now() - t0 };
    },
    'portrait.radar': async (args, ctx) => radar(await input(args.group, args.base, ctx)),
    'portrait.compare': async (args, ctx) => {
      const a = await input(args.a, args.base, ctx);
      const b = await input(args.b, args.base, ctx);
      return {
        a: await describe(a, args.options ?? {}, ctx),
        b: await describe(b, args.options ?? {}, ctx),
        shared: a.group.set.intersection_size(b.group.set),
      };
    },
  };
}
