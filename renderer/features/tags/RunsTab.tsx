/** Run history, and for a run its changes against the previous one: customers in/out per tag value, and who. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagChangePage, TagRunSummary } from '#shared/api/tagTypes.ts';
import { navigate } from '#renderer/app/routes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';

export function RunsTab({ version }: { readonly version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const [runs, setRuns] = useState<readonly TagRunSummary[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    engine.call('tags.runs', { limit: 50 }).then(
      (r) => {
        if (!live) return;
        setRuns(r);
        setSelected((s) => s ?? r[0]?.runId ?? null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, version]);
  if (error) return <ErrorNotice error={error} />;
  if (!runs) return <p className="muted">{t('common.loading')}</p>;
  if (runs.length === 0) return <div className="empty-state">{t('tags.run.never')}</div>;
  return (
    <div data-testid="tags-runs">
      <div className="table-wrap">
        <table className="grid-table" data-testid="tags-runs-table">
          <thead>
            <tr>
              <th>{t('tags.runs.run')}</th>
              <th>{t('tags.runs.started')}</th>
              <th>{t('tags.runs.asOf')}</th>
              <th>{t('tags.runs.status')}</th>
              <th className="num">{t('tags.runs.seconds')}</th>
              <th className="num">{t('tags.runs.customers')}</th>
              <th className="num">{t('tags.runs.rows')}</th>
              <th>{t('tags.runs.compareWith')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.runId} className={r.runId === selected ? 'selected' : undefined}>
                <td>
                  <button type="button" className="tg-link" onClick={() => setSelected(r.runId)} data-testid={`tags-run-${r.runId}`}>
                    #{r.runId}
                  </button>
                </td>
                <td>{new Date(r.startedAt).toLocaleString(i18n.language)}</td>
                <td>{r.asOf}</td>
                <td>{r.status === 'done' || r.status === 'running' ? t(`tags.runs.statuses.${r.status}`) : r.status}</td>
                <td className="num">{r.ms === null ? '' : (r.ms / 1000).toFixed(1)}</td>
                <td className="num">{r.customers.toLocaleString()}</td>
                <td className="num">{r.rows.toLocaleString()}</td>
                <td>{r.prevRunId === null ? '—' : `#${r.prevRunId}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected !== null ? <Changes key={`${selected}|${version}`} runId={selected} /> : null}
    </div>
  );
}

function Changes({ runId }: { readonly runId: number }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [page, setPage] = useState<TagChangePage | null>(null);
  const [filter, setFilter] = useState<{ readonly tag: string; readonly value: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    engine.call('tags.changes', { runId, ...(filter ?? {}), limit: 100 }).then(
      (p) => live && setPage(p),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, runId, filter]);
  if (error) return <ErrorNotice error={error} />;
  if (!page) return <p className="muted">{t('common.loading')}</p>;
  return (
    <section className="card" data-testid="tags-changes">
      <h2 className="card-title">{page.prevRunId === null ? t('tags.runs.firstRun') : t('tags.runs.changesTitle', { runId, prev: page.prevRunId })}</h2>
      {page.prevRunId !== null && page.summary.length === 0 ? <p className="muted" data-testid="tags-no-changes">{t('tags.runs.noChanges')}</p> : null}
      {page.summary.length > 0 ? (
        <div className="table-wrap">
          <table className="grid-table" data-testid="tags-changes-table">
            <thead>
              <tr>
                <th>{t('tags.runs.tag')}</th>
                <th>{t('tags.runs.value')}</th>
                <th className="num">{t('tags.runs.before')}</th>
                <th className="num">{t('tags.runs.after')}</th>
                <th className="num">{t('tags.runs.joined')}</th>
                <th className="num">{t('tags.runs.left')}</th>
              </tr>
            </thead>
            <tbody>
              {page.summary.map((d) => (
                <tr key={`${d.tag}|${d.value}`}>
                  <td>
                    <button type="button" className="tg-link" onClick={() => setFilter({ tag: d.tag, value: d.value })}>
                      {d.tag}
                    </button>
                  </td>
                  <td>{d.value}</td>
                  <td className="num">{d.before.toLocaleString()}</td>
                  <td className="num">{d.after.toLocaleString()}</td>
                  <td className="num">+{d.joined.toLocaleString()}</td>
                  <td className="num">−{d.left.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page.rows.length > 0 ? (
        <>
          <h3 className="section-title">
            {t('tags.runs.who')} ({page.total.toLocaleString()})
          </h3>
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('tags.runs.tag')}</th>
                <th>{t('tags.runs.value')}</th>
                <th>{t('tags.runs.change')}</th>
                <th>ONE_ID</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={`${r.tag}|${r.value}|${r.change}|${r.oneId}`}>
                  <td>{r.tag}</td>
                  <td>{r.value}</td>
                  <td>{t(`tags.runs.${r.change}`)}</td>
                  <td>
                    <button type="button" className="tg-link" onClick={() => navigate('customer', { id: r.oneId })}>
                      {r.oneId}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
