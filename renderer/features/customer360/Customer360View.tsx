/**
 * Customer 360 (`#/customer?id=P000000123`): find a person by any identifier, then one page with their
 * identifiers by channel (masked unless revealed with a reason), profile, lifecycle group, tags with reasons,
 * value and risk charts and a timeline of transactions, events, touches and notes.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '#shared/api/identityTypes.ts';
import type { Customer360 } from '#shared/api/tagTypes.ts';
import { navigate } from '#renderer/app/routes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine, useEngineEvent } from '#renderer/engine/hooks.tsx';
import { RevealControl, type Unmask } from '#renderer/features/identity/RevealDialog.tsx';
import { familyKey } from '#renderer/features/tags/TagListTab.tsx';
import { monthlyFlowOption, scoreRadarOption } from './customer360Charts.ts';
import { InterestDriftCard } from '#renderer/features/behaviour/InterestDriftCard.tsx';
import '#renderer/features/tags/tags.css';

const KEY_FIGURES = ['aum_fen', 'deposit_fen', 'investment_fen', 'loan_balance_fen', 'income_fen', 'age', 'gender', 'city', 'occupation', 'tenure_months', 'vip_level', 'risk_level'];
type Kind = Customer360['timeline'][number]['kind'];
const KINDS: readonly Kind[] = ['transaction', 'event', 'touch', 'note'];

function yuan(fen: number): string {
  return `¥${(fen / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}`;
}

export function Customer360View({ oneId }: { readonly oneId: string | null }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="page" data-testid="view-customer">
      <div className="page-head">
        <h1 className="page-title">{t('customer360.title')}</h1>
      </div>
      <p className="muted">{t('customer360.intro')}</p>
      <SearchBox />
      {oneId ? <Person key={oneId} oneId={oneId} /> : <div className="empty-state">{t('customer360.choose')}</div>}
    </section>
  );
}

function SearchBox(): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<readonly SearchHit[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const search = async (): Promise<void> => {
    const q = query.trim();
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      const found = await engine.call('identity.search', { query: q, limit: 50 });
      const ids = [...new Set(found.map((h) => h.oneId))];
      setHits(found);
      if (ids.length === 1 && ids[0]) navigate('customer', { id: ids[0] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const ids = hits ? [...new Set(hits.map((h) => h.oneId))] : [];
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
        <label className="form-label" htmlFor="c360-search">
          {t('customer360.search.label')}
        </label>
        <input id="c360-search" className="input" style={{ minWidth: 320 }} value={query} placeholder={t('customer360.search.placeholder')} onChange={(e) => setQuery(e.target.value)} autoComplete="off" data-testid="c360-search-input" />
        <button type="submit" className="btn btn-primary" disabled={busy || query.trim() === ''} data-testid="c360-search-go">
          {busy ? t('customer360.search.searching') : t('customer360.search.go')}
        </button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {hits !== null && ids.length === 0 ? <p className="muted">{t('customer360.search.none')}</p> : null}
      {ids.length > 1 ? (
        <p className="small" data-testid="c360-hits">
          {t('customer360.search.hits', { count: ids.length })}:{' '}
          {ids.map((id) => (
            <button key={id} type="button" className="tg-link" style={{ marginRight: 8 }} onClick={() => navigate('customer', { id })}>
              {id}
            </button>
          ))}
        </p>
      ) : null}
    </section>
  );
}

function Person({ oneId }: { readonly oneId: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const [unmask, setUnmask] = useState<Unmask | null>(null);
  const [data, setData] = useState<Customer360 | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const [allColumns, setAllColumns] = useState(false);
  const [version, setVersion] = useState(0);
  useEngineEvent('workspace.changed', () => setVersion((v) => v + 1));

  useEffect(() => {
    let live = true;
    engine.call('customer.get', { oneId, ...(unmask ? { unmask } : {}) }).then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, oneId, unmask, version]);

  const en = i18n.language.startsWith('en');
  const flow = useMemo(
    () => (data ? monthlyFlowOption(data.monthly, { inflow: t('customer360.scores.inflow'), outflow: t('customer360.scores.outflow'), txns: t('customer360.scores.txns') }) : null),
    [data, t],
  );
  const radar = useMemo(
    () => (data ? scoreRadarOption(data.scores, { r: t('customer360.scores.r'), f: t('customer360.scores.f'), m: t('customer360.scores.m'), alive: t('customer360.scores.alive'), name: data.oneId }) : null),
    [data, t],
  );
  if (error) return <ErrorNotice error={error} testId="c360-error" />;
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  if (!data.found) return <div className="empty-state">{t('customer360.notFound', { id: oneId })}</div>;

  const figure = (column: string): Customer360['profile'][number] | undefined => data.profile.find((p) => p.column === column);
  const show = (p: Customer360['profile'][number]): string => (p.value === null ? '—' : p.column.endsWith('_fen') && typeof p.value === 'number' ? yuan(p.value) : String(p.value));
  const families = [...new Set(data.tags.map((x) => familyKey(x.family)))];
  const timeline = data.timeline.filter((e) => kind === 'all' || e.kind === kind);
  return (
    <div data-testid="c360-person">
      <section className="card">
        <div className="card-head">
          <h2 className="card-title" data-testid="c360-oneid">
            {data.oneId}
          </h2>
          {data.lifecycle ? (
            <span className="tg-lifecycle" data-testid="c360-lifecycle" title={data.lifecycle.reason ?? ''}>
              {en ? data.lifecycle.en : data.lifecycle.zh}
            </span>
          ) : (
            <span className="muted">{t('customer360.noLifecycle')}</span>
          )}
          <RevealControl unmask={unmask} onChange={setUnmask} testId="c360-reveal" />
        </div>
        {data.lifecycle?.reason ? <p className="small" data-testid="c360-lifecycle-reason">{data.lifecycle.reason}</p> : null}
        <div className="tg-stats">
          {(allColumns ? data.profile.map((p) => p.column) : KEY_FIGURES).map((c) => {
            const p = figure(c);
            return p ? (
              <div key={c} className="tg-stat" data-testid={`c360-figure-${c}`}>
                <div className="tg-stat-label">{en ? p.en : p.zh}</div>
                <div className="tg-stat-value">{show(p)}</div>
              </div>
            ) : null;
          })}
        </div>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setAllColumns(!allColumns)}>
          {allColumns ? t('customer360.profile.less') : t('customer360.profile.more')}
        </button>
      </section>

      <section className="card">
        <h2 className="card-title">{t('customer360.scores.title')}</h2>
        {data.scores ? (
          <div className="tg-stats" data-testid="c360-scores">
            <div className="tg-stat">
              <div className="tg-stat-label">{t('customer360.scores.rfm')}</div>
              <div className="tg-stat-value">
                {data.scores.rfmR}/{data.scores.rfmF}/{data.scores.rfmM} · {data.scores.rfmScore}
              </div>
            </div>
            <div className="tg-stat">
              <div className="tg-stat-label">{t('customer360.scores.pAlive')}</div>
              <div className="tg-stat-value">{data.scores.pAlive === null ? '—' : data.scores.pAlive.toFixed(2)}</div>
            </div>
            <div className="tg-stat">
              <div className="tg-stat-label">{t('customer360.scores.expTxn')}</div>
              <div className="tg-stat-value">{data.scores.expTxn12m ?? '—'}</div>
            </div>
            <div className="tg-stat">
              <div className="tg-stat-label">{t('customer360.scores.clv')}</div>
              <div className="tg-stat-value">{data.scores.clv12mFen === null ? '—' : yuan(data.scores.clv12mFen)}</div>
            </div>
            <div className="tg-stat">
              <div className="tg-stat-label">{t('customer360.scores.contribution')}</div>
              <div className="tg-stat-value">{data.scores.contributionFen === null ? '—' : yuan(data.scores.contributionFen)}</div>
            </div>
          </div>
        ) : null}
        <div className="tg-grid2">
          {flow ? <ChartView option={flow} height={260} label={t('customer360.scores.monthly')} testId="c360-flow-chart" /> : null}
          {radar ? <ChartView option={radar} height={260} label={t('customer360.scores.radar')} testId="c360-radar-chart" /> : null}
        </div>
      </section>

      <InterestDriftCard oneId={oneId} />

      <div className="tg-grid2">
        <section className="card">
          <h2 className="card-title">{t('customer360.identifiers.title')}</h2>
          {data.identifiers.length === 0 ? (
            <p className="muted">{t('customer360.identifiers.empty')}</p>
          ) : (
            <table className="grid-table" data-testid="c360-identifiers">
              <thead>
                <tr>
                  <th>{t('customer360.identifiers.channel')}</th>
                  <th>{t('customer360.identifiers.source')}</th>
                  <th>{t('customer360.identifiers.type')}</th>
                  <th>{t('customer360.identifiers.value')}</th>
                </tr>
              </thead>
              <tbody>
                {data.identifiers.map((i, k) => (
                  <tr key={k}>
                    <td>{i.channel}</td>
                    <td>{i.source}</td>
                    <td>{i.type}</td>
                    <td data-testid="c360-identifier-value">{i.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" data-testid="c360-tags">
          <h2 className="card-title">{t('customer360.tags.title')}</h2>
          {data.tags.length === 0 ? <p className="muted">{t('customer360.tags.empty')}</p> : null}
          {families.map((f) => (
            <div key={f}>
              <div className="tg-family">{t(`tags.families.${f}`)}</div>
              {data.tags
                .filter((x) => familyKey(x.family) === f)
                .map((x) => (
                  <div key={x.tag} className="tg-tag-row" data-testid={`c360-tag-${x.tag}`}>
                    <span>{en ? x.en : x.zh}</span>
                    <strong>{x.value}</strong>
                    <span className="muted">{x.reason}</span>
                  </div>
                ))}
            </div>
          ))}
        </section>
      </div>

      <section className="card" data-testid="c360-timeline">
        <div className="card-head">
          <h2 className="card-title">{t('customer360.timeline.title')}</h2>
          <div className="tg-chips">
            {(['all', ...KINDS] as const).map((k) => (
              <button key={k} type="button" className={`tg-chip${k === kind ? ' active' : ''}`} onClick={() => setKind(k)} aria-pressed={k === kind} data-testid={`c360-kind-${k}`}>
                {t(`customer360.timeline.${k}`)}
              </button>
            ))}
          </div>
        </div>
        {timeline.length === 0 ? (
          <p className="muted">{t('customer360.timeline.empty')}</p>
        ) : (
          <div className="table-wrap" style={{ maxHeight: 420, overflow: 'auto' }}>
            <table className="grid-table">
              <thead>
                <tr>
                  <th>{t('customer360.timeline.time')}</th>
                  <th>{t('customer360.timeline.kind')}</th>
                  <th>{t('customer360.timeline.what')}</th>
                  <th className="num">{t('customer360.timeline.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {timeline.map((e, k) => (
                  <tr key={k} data-testid="c360-timeline-row">
                    <td>{e.time}</td>
                    <td>{t(`customer360.timeline.${e.kind}`)}</td>
                    <td>
                      {e.title}
                      {e.detail ? <span className="muted small"> · {e.detail}</span> : null}
                    </td>
                    <td className={`num${e.amountFen !== null && e.amountFen < 0 ? ' tg-amount-out' : ''}`}>{e.amountFen === null ? '' : yuan(e.amountFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
