/**
 * 社交裂变与资金网络: computes graph scores (seeded), shows invitation trees per generation, communities, the most
 * influential people and the social-circle candidates with their reasons, and a neighbourhood graph (ECharts
 * force layout, at most 80 people) that re-centres on a clicked person.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkNodeRow, NetworkSummary, RelationKind } from '#shared/api/behaviourTypes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useJob } from '#renderer/engine/hooks.tsx';
import { navigate } from '#renderer/app/routes.ts';
import { graphOption } from './networkCharts.ts';

const MAX_NODES = 80;

function yuan(fen: number): string {
  return (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 0 });
}

export function NetworkView(): ReactNode {
  const { t } = useTranslation();
  const summaryJob = useJob('network.summary');
  const runJob = useJob('network.run', { keepOnUnmount: true });
  const [seed, setSeed] = useState(42);
  const [centre, setCentre] = useState('');
  const loadSummary = summaryJob.run;
  useEffect(() => {
    void loadSummary({});
  }, [loadSummary]);
  const summary: NetworkSummary | null = runJob.result ?? summaryJob.result ?? null;

  return (
    <section className="page" data-testid="view-network">
      <div className="page-head">
        <h1 className="page-title">{t('network.title')}</h1>
      </div>
      <p className="muted">{t('network.intro')}</p>
      <section className="card">
        <div className="form-row">
          <label className="form-field">
            <span className="form-label">{t('network.seed')}</span>
            <input className="input input-num" type="number" value={seed} onChange={(e) => setSeed(Math.trunc(Number(e.target.value) || 0))} data-testid="network-seed" />
          </label>
          <button type="button" className="btn btn-primary" disabled={runJob.running} onClick={() => void runJob.run({}, { seed })} data-testid="network-run">
            {t('network.run')}
          </button>
        </div>
        {runJob.running ? <JobProgress progress={runJob.progress} cancelling={runJob.cancelling} onCancel={runJob.cancel} label={t('network.run')} testId="network-progress" /> : null}
        {runJob.error ? <ErrorNotice error={runJob.error} testId="network-error" /> : null}
        {summaryJob.error ? <ErrorNotice error={summaryJob.error} /> : null}
        {summary === null && !summaryJob.running ? <p className="empty-state">{t('network.notRun')}</p> : null}
      </section>
      {summary ? <Summary summary={summary} onPick={setCentre} /> : null}
      {summary ? <Graph key={centre} centre={centre} onCentre={setCentre} runId={summary.runId} /> : null}
    </section>
  );
}

function Summary({ summary, onPick }: { readonly summary: NetworkSummary; readonly onPick: (oneId: string) => void }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<unknown>(null);
  // A community's group portrait: its members (tag net_community = C<id>) as a segment, shown on 客群画像.
  const openPortrait = async (community: number): Promise<void> => {
    setOpening(true);
    setOpenError(null);
    try {
      const name = `社群 C${community}`;
      const rule = { type: 'tag', tag: 'net_community', values: [`C${community}`] } as const;
      const existing = (await engine.call('segments.list', {})).find((x) => x.name === name);
      const saved = await engine.call('segments.save', { ...(existing ? { segmentId: existing.segmentId } : {}), name, rule });
      navigate('portraits', { segment: saved.segmentId });
    } catch (e) {
      setOpenError(e);
    } finally {
      setOpening(false);
    }
  };
  return (
    <>
      <section className="card" data-testid="network-summary">
        <p data-testid="network-stats">
          {t('network.stats', { nodes: summary.nodes, customers: summary.customers, invite: summary.edges.invite, share: summary.edges.share, transfer: summary.edges.transfer, unresolved: summary.unresolved })}
        </p>
        <p>{t('network.trees', { count: summary.trees.count, depth: summary.trees.maxDepth, breadth: summary.trees.maxBreadth })}</p>
        <table className="grid-table small" data-testid="network-generations">
          <thead>
            <tr>
              <th />
              <th>{t('network.invited')}</th>
              <th>{t('network.converted')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.trees.generations.map((g) => (
              <tr key={g.generation}>
                <td>{t('network.generation', { n: g.generation })}</td>
                <td className="num">{g.invited}</td>
                <td className="num">{`${g.converted} (${g.invited === 0 ? 0 : Math.round((100 * g.converted) / g.invited)}%)`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t('network.tags', { list: Object.entries(summary.tags).map(([k, v]) => `${k} ${v}`).join('、') })}</p>
      </section>
      <PeopleTable title={t('network.influencers')} rows={summary.influencers} onPick={onPick} testId="network-influencers" />
      <PeopleTable title={t('network.potentialHighValue')} rows={summary.potentialHighValue} onPick={onPick} testId="network-potential-hv" />
      <PeopleTable title={t('network.potentialLoyal')} rows={summary.potentialLoyal} onPick={onPick} testId="network-potential-loyal" />
      <section className="card" data-testid="network-communities">
        <h2 className="card-title">{t('network.communities', { count: summary.communities.count, modularity: summary.communities.modularity.toFixed(3) })}</h2>
        {openError ? <ErrorNotice error={openError} /> : null}
        <table className="grid-table small">
          <thead>
            <tr>
              <th>{t('network.community')}</th>
              <th>{t('network.size')}</th>
              <th>{t('network.customers')}</th>
              <th>{t('network.transfer')}</th>
              <th>{t('network.mainKind')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {summary.communities.top.map((c) => (
              <tr key={c.community}>
                <td>{`C${c.community}`}</td>
                <td className="num">{c.size}</td>
                <td className="num">{c.customers}</td>
                <td className="num">{yuan(c.transferFen)}</td>
                <td>{t(`network.kinds.${c.kind}`)}</td>
                <td>
                  <button type="button" className="btn btn-small" disabled={opening} onClick={() => void openPortrait(c.community)} data-testid={`network-community-portrait-${c.community}`}>
                    {t('network.portrait')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function PeopleTable(props: { readonly title: string; readonly rows: readonly NetworkNodeRow[]; readonly onPick: (oneId: string) => void; readonly testId: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid={props.testId}>
      <h2 className="card-title">{props.title}</h2>
      <table className="grid-table small">
        <thead>
          <tr>
            <th>ONE_ID</th>
            <th>{t('network.name')}</th>
            <th>{t('network.pagerank')}</th>
            <th>{t('network.invites')}</th>
            <th>{t('network.downstream')}</th>
            <th>{t('network.community')}</th>
            <th>{t('network.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.slice(0, 10).map((r) => (
            <tr key={r.oneId}>
              <td>
                <button type="button" className="table-link" onClick={() => props.onPick(r.oneId)}>
                  {r.oneId}
                </button>
              </td>
              <td>{r.name ?? '-'}</td>
              <td className="num">{r.pagerank.toFixed(4)}</td>
              <td className="num">{r.invites}</td>
              <td className="num">{r.downstreamConverted}</td>
              <td>{r.community === null ? '-' : `C${r.community}`}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Graph({ centre, onCentre, runId }: { readonly centre: string; readonly onCentre: (oneId: string) => void; readonly runId: number }): ReactNode {
  const { t } = useTranslation();
  const job = useJob('network.neighbourhood');
  const [draft, setDraft] = useState(centre);
  const [hops, setHops] = useState(2);
  const load = job.run;
  useEffect(() => {
    void load({ ...(centre ? { oneId: centre } : {}), hops, maxNodes: MAX_NODES });
  }, [load, centre, hops, runId]);
  const nb = job.result;
  const option = useMemo(() => (nb ? graphOption(nb, (k: RelationKind) => t(`network.kinds.${k}`)) : null), [nb, t]);
  return (
    <section className="card" data-testid="network-graph">
      <h2 className="card-title">{t('network.graph')}</h2>
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('network.centre')}</span>
          <input className="input" value={draft} onChange={(e) => setDraft(e.target.value.trim())} data-testid="network-centre" />
        </label>
        <label className="form-field">
          <span className="form-label">{t('network.hops')}</span>
          <select className="select" value={hops} onChange={(e) => setHops(Number(e.target.value))}>
            {[1, 2, 3].map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => onCentre(draft)} data-testid="network-show">
          {t('network.show')}
        </button>
      </div>
      {job.error ? <ErrorNotice error={job.error} testId="network-graph-error" /> : null}
      {nb?.truncated ? <p className="muted">{t('network.truncated', { count: MAX_NODES })}</p> : null}
      {nb && option ? (
        <ChartView
          option={option}
          height={460}
          label={t('network.graph')}
          testId="network-graph-chart"
          onClick={(p) => {
            // Edge clicks carry an edge index: only a click whose name is the node's label re-centres.
            const node = nb.nodes[p.dataIndex];
            if (node && p.name === node.label) onCentre(node.id);
          }}
        />
      ) : null}
    </section>
  );
}
