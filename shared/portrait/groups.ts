/**
 * Resolves a group reference (all customers, a saved segment, a lifecycle group, a cluster or a whole
 * clustering run, a tag, a branch, an unsaved rule) to its customer set and a label.
 */
import type { GroupRef } from '#shared/api/portraitTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import { emptySet, fullSet, setWhere, type CustomerSet } from '#shared/analytics/bitsets.ts';
import type { AnalyticsSnapshot } from '#shared/analytics/analyticsStore.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { evaluateRule } from '#shared/segments/evaluate.ts';
import { readBack } from '#shared/segments/readBack.ts';
import { checkRule } from '#shared/segments/ruleCheck.ts';
import type { RuleEnv } from '#shared/segments/ruleEnv.ts';

export interface ResolvedGroup {
  readonly label: string;
  /** A set the caller must not change (it may be the snapshot's own). */
  readonly set: CustomerSet;
}

function clusterRunOf(ref: { readonly runId?: number }, env: RuleEnv): number {
  const run = ref.runId ?? env.latestClusterRun;
  if (run === null || !env.clusterRuns.has(run)) {
    throw new ExpectedError('NOT_FOUND', run === null ? 'There is no clustering run over customers yet.' : `Clustering run ${run} does not exist.`, { run: run ?? -1 });
  }
  return run;
}

export async function resolveGroup(ref: GroupRef, snap: AnalyticsSnapshot, env: RuleEnv, job: JobContext): Promise<ResolvedGroup> {
  const n = snap.universe.n;
  switch (ref.kind) {
    case 'all':
      return { label: '全部客户', set: snap.derived('all', () => fullSet(n)) };
    case 'segment': {
      const info = env.segments.get(ref.segmentId);
      if (!info) throw new ExpectedError('NOT_FOUND', `There is no segment ${ref.segmentId}.`, { segmentId: ref.segmentId });
      return { label: info.name, set: snap.segment(ref.segmentId) };
    }
    case 'lifecycle': {
      const g = env.lifecycle.get(ref.group);
      if (!g) throw new ExpectedError('NOT_FOUND', `Lifecycle group "${ref.group}" does not exist.`, { group: ref.group });
      return { label: g.zh, set: snap.tag(ref.group).all };
    }
    case 'tag': {
      const t = env.tags.get(ref.tag);
      if (!t) throw new ExpectedError('NOT_FOUND', `Tag "${ref.tag}" does not exist.`, { tag: ref.tag });
      return { label: t.zh, set: snap.tag(ref.tag).all };
    }
    case 'cluster': {
      const run = clusterRunOf(ref, env);
      const codes = snap.cluster(run).codes;
      const name = env.clusterRuns.get(run)?.clusters.get(ref.cluster)?.name ?? `第${ref.cluster}簇`;
      return { label: `${name}（聚类批次${run}）`, set: snap.derived(`cluster:${run}:${ref.cluster}`, () => setWhere(n, (i) => codes[i] === ref.cluster)) };
    }
    case 'clusterRun': {
      const run = clusterRunOf(ref, env);
      const codes = snap.cluster(run).codes;
      return { label: `聚类批次${run}的全部客户`, set: snap.derived(`clusterRun:${run}`, () => setWhere(n, (i) => (codes[i] ?? -1) >= 0)) };
    }
    case 'branch': {
      const col = snap.columnByName('branch');
      if (col?.kind !== 'text') return { label: ref.branch, set: emptySet(n) };
      const code = col.dict.indexOf(ref.branch);
      return { label: `网点：${ref.branch}`, set: snap.derived(`branch:${ref.branch}`, () => setWhere(n, (i) => code >= 0 && col.codes[i] === code)) };
    }
    case 'rule': {
      const c = checkRule(ref.rule, env);
      if (!c.rule) {
        const p = c.problems[0];
        throw new ExpectedError('RULE_INVALID', `${p?.zh ?? ''} — ${p?.message ?? 'the rule is invalid'}`, { problems: c.problems.length });
      }
      return { label: readBack(c.rule, env).zh, set: await evaluateRule(c.rule, { snap, env, job }) };
    }
  }
}
