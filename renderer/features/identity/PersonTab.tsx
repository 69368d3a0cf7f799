/**
 * Search by any identifier, and a person's identity graph: every record of the ONE_ID, the edge that brought each
 * one in, and the records in a table. Values are masked unless revealed with a reason.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { PersonGraph, PersonRecord, SearchHit } from '#shared/api/identityTypes.ts';
import { navigate, routeHash } from '#renderer/app/routes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { channelLabel, fieldLabel, idTypeLabel, methodLabel, sourceLabel } from './identityLabels.ts';
import { nodeChannel, personGraphOption, recordOfNodeName, CHANNEL_COLORS, type GraphLabels } from './personGraphChart.ts';
import { RevealControl, type Unmask } from './RevealDialog.tsx';

const GRAPH_HEIGHT = 520;

export function PersonTab({ oneId, version }: { readonly oneId: string | null; readonly version: number }): ReactNode {
  const { t } = useTranslation();
  return (
    <div data-testid="id-person-tab">
      <SearchBox />
      {oneId ? <PersonGraphPanel key={oneId} oneId={oneId} version={version} /> : <div className="empty-state">{t('identity.person.choose')}</div>}
    </div>
  );
}

function SearchBox(): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<{ readonly query: string; readonly hits: readonly SearchHit[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const search = async (): Promise<void> => {
    const q = query.trim();
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      const hits = await engine.call('identity.search', { query: q, limit: 50 });
      setResult({ query: q, hits });
      const ids = new Set(hits.map((h) => h.oneId));
      const only = hits[0];
      if (ids.size === 1 && only) navigate('identity', { tab: 'person', person: only.oneId });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label className="form-label" htmlFor="id-search">
          {t('identity.search.label')}
        </label>
        <input
          id="id-search"
          className="input id-search-input"
          value={query}
          placeholder={t('identity.search.placeholder')}
          onChange={(e) => setQuery(e.target.value)}
          autoComplete="off"
          data-testid="id-search-input"
        />
        <button type="submit" className="btn btn-primary" disabled={busy || query.trim() === ''} data-testid="id-search-go">
          {busy ? t('identity.search.searching') : t('identity.search.go')}
        </button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {result ? <SearchHits query={result.query} hits={result.hits} /> : null}
    </section>
  );
}

function matchText(t: TFunction, h: SearchHit): string {
  if (h.matchedType === 'one_id') return t('identity.search.oneIdMatch');
  if (h.matchedType === 'alias') return t('identity.search.aliasMatch');
  if (h.matchedType === 'record') return t('identity.search.recordMatch', { source: sourceLabel(t, h.source ?? ''), recordId: h.recordId ?? '' });
  return idTypeLabel(t, h.matchedType);
}

function SearchHits({ query, hits }: { readonly query: string; readonly hits: readonly SearchHit[] }): ReactNode {
  const { t } = useTranslation();
  if (hits.length === 0) {
    return (
      <p className="muted" data-testid="id-search-none">
        {t('identity.search.none', { query })}
      </p>
    );
  }
  return (
    <div data-testid="id-search-hits">
      <p className="muted small">{t('identity.search.hits', { count: hits.length })}</p>
      <table className="grid-table">
        <thead>
          <tr>
            <th>ONE_ID</th>
            <th>{t('identity.search.matched')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {hits.map((h, i) => (
            <tr key={`${h.oneId}/${h.matchedType}/${h.source ?? ''}/${h.recordId ?? ''}`}>
              <td className="id-mono">{h.oneId}</td>
              <td>{matchText(t, h)}</td>
              <td>
                <a className="btn btn-small" href={routeHash('identity', { tab: 'person', person: h.oneId })} data-testid={`id-hit-open-${i}`}>
                  {t('identity.search.open')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function recordTitle(t: TFunction, r: PersonRecord): string {
  return `${sourceLabel(t, r.source)} · ${r.recordId}`;
}

function graphLabels(t: TFunction): GraphLabels {
  const sep = t('identity.sep');
  return {
    channel: (c) => channelLabel(t, c === 'none' ? null : c),
    node: (r) => sourceLabel(t, r.source),
    nodeTooltip: (r) => [
      recordTitle(t, r),
      `${t('identity.person.channel')}${sep}${channelLabel(t, r.channel)}`,
      `${t('identity.person.method')}${sep}${methodLabel(t, r.method)}${r.weight !== null ? ` (w=${r.weight.toFixed(1)})` : ''}`,
      ...r.identifiers.map((x) => `${idTypeLabel(t, x.type)}${sep}${x.value}`),
      ...Object.entries(r.fields).map(([k, v]) => `${fieldLabel(t, k)}${sep}${v}`),
    ],
    edge: (e, value) => {
      if (e.method === 'probabilistic') return t('identity.person.edgeWeight', { weight: e.weight === null ? '?' : e.weight.toFixed(1) });
      if (e.idType) return `${idTypeLabel(t, e.idType)} ${value ?? ''}`.trim();
      return methodLabel(t, e.method);
    },
  };
}

function PersonGraphPanel({ oneId, version }: { readonly oneId: string; readonly version: number }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [unmask, setUnmask] = useState<Unmask | null>(null);
  const [loaded, setLoaded] = useState<{ readonly key: string; readonly graph: PersonGraph } | null>(null);
  const [failed, setFailed] = useState<{ readonly key: string; readonly error: unknown } | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const key = `${oneId}/${unmask?.reason ?? ''}/${version}`;

  useEffect(() => {
    let live = true;
    engine.call('identity.person', { oneId, ...(unmask ? { unmask } : {}) }).then(
      (graph) => live && setLoaded({ key, graph }),
      (error: unknown) => live && setFailed({ key, error }),
    );
    return () => {
      live = false;
    };
  }, [engine, oneId, unmask, key]);

  const graph = loaded?.graph ?? null;
  const view = useMemo(() => (graph ? personGraphOption(graph, graphLabels(t)) : null), [graph, t]);

  if (failed?.key === key) return <ErrorNotice error={failed.error} testId="id-person-error" />;
  if (!graph || !view) return <p className="muted">{t('common.loading')}</p>;
  const chosen = selected !== null ? graph.records[selected] : undefined;
  return (
    <section className="card" data-testid="id-person">
      <div className="card-head">
        <h2 className="card-title" data-testid="id-person-title">
          {t('identity.person.title', { oneId: graph.oneId })}
        </h2>
        <span className="muted small" data-testid="id-person-count">
          {t('identity.person.records', { count: graph.records.length })}
        </span>
        {graph.aliases.length > 0 ? <span className="muted small">{t('identity.person.aliases', { ids: graph.aliases.join(' · ') })}</span> : null}
        <div className="header-spacer" />
        <RevealControl unmask={unmask} onChange={setUnmask} testId="id-person-reveal" />
      </div>
      <p className="muted small">{t('identity.person.graphHint')}</p>
      {view.shown.length < view.total ? <p className="muted small">{t('identity.person.shown', { shown: view.shown.length, total: view.total })}</p> : null}
      <div className="id-graph-layout">
        <ChartView
          option={view.option}
          height={GRAPH_HEIGHT}
          label={t('identity.person.graph', { oneId: graph.oneId })}
          testId="id-person-graph"
          onClick={(p) => {
            const i = recordOfNodeName(p.name);
            if (i !== null) setSelected(i);
          }}
        />
        <aside className="id-record-card" aria-live="polite" data-testid="id-person-selected">
          <h3 className="card-title">{t('identity.person.selected')}</h3>
          {chosen ? <RecordDetail record={chosen} /> : <p className="muted small">{t('identity.person.clickNode')}</p>}
        </aside>
      </div>
      <h3 className="section-title">{t('identity.person.recordsTable')}</h3>
      <div className="table-wrap id-scroll">
        <table className="grid-table" data-testid="id-person-records">
          <thead>
            <tr>
              <th>{t('identity.person.source')}</th>
              <th>{t('identity.person.recordId')}</th>
              <th>{t('identity.person.channel')}</th>
              <th>{t('identity.person.method')}</th>
              <th>{t('identity.person.identifiers')}</th>
              <th>{t('identity.person.fields')}</th>
            </tr>
          </thead>
          <tbody>
            {graph.records.map((r, i) => (
              <tr key={`${r.source}/${r.recordId}`} className={i === selected ? 'id-selected' : undefined} onClick={() => setSelected(i)} data-testid={`id-person-record-${i}`}>
                <td>
                  <span className="id-dot" style={{ background: CHANNEL_COLORS[nodeChannel(r)] }} aria-hidden="true" />
                  {sourceLabel(t, r.source)}
                </td>
                <td className="id-mono">{r.recordId}</td>
                <td>{channelLabel(t, r.channel)}</td>
                <td>
                  {methodLabel(t, r.method)}
                  {r.weight !== null ? <span className="muted"> w={r.weight.toFixed(1)}</span> : null}
                </td>
                <td className="id-mono small">{r.identifiers.map((x) => `${idTypeLabel(t, x.type)} ${x.value}`).join(' · ')}</td>
                <td className="small">{Object.entries(r.fields).map(([k, v]) => `${fieldLabel(t, k)} ${v}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {graph.history.length > 0 ? (
        <>
          <h3 className="section-title">{t('identity.person.history')}</h3>
          <ul className="small" data-testid="id-person-history">
            {graph.history.map((h, i) => (
              <li key={i}>
                #{h.runId} {new Date(h.at).toLocaleString()} · {historyText(t, h.event, h.otherId)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function historyText(t: TFunction, event: string, other: string | null): string {
  if (event === 'merge' || event === 'alias' || event === 'split') return t(`identity.person.event.${event}`, { other: other ?? '—' });
  return `${event} ${other ?? ''}`;
}

function RecordDetail({ record }: { readonly record: PersonRecord }): ReactNode {
  const { t } = useTranslation();
  const rows: (readonly [string, string, boolean])[] = [
    [t('identity.person.source'), sourceLabel(t, record.source), false],
    [t('identity.person.recordId'), record.recordId, true],
    [t('identity.person.channel'), channelLabel(t, record.channel), false],
    [t('identity.person.method'), `${methodLabel(t, record.method)}${record.weight !== null ? ` (w=${record.weight.toFixed(1)})` : ''}`, false],
    ...record.identifiers.map((x) => [idTypeLabel(t, x.type), x.value, true] as const),
    ...Object.entries(record.fields).map(([k, v]) => [fieldLabel(t, k), v, false] as const),
  ];
  return (
    <dl className="id-dl small">
      {rows.map(([label, value, mono], i) => (
        <div key={i} className="id-dl-row">
          <dt>{label}</dt>
          <dd className={mono ? 'id-mono' : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
