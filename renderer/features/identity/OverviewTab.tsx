/**
 * The last run at a glance: records, persons and merge rate; merging by source; the channel overlap as an UpSet
 * chart; how records joined their person; and the probabilistic model the run estimated.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOverlap, IdentitySummary } from '#shared/api/identityTypes.ts';
import { routeHash } from '#renderer/app/routes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { upsetColumns, upsetHeight, upsetOption } from '#renderer/charts/upset.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { channelLabel, levelLabel, fieldLabel, methodLabel, percent, sourceLabel } from './identityLabels.ts';
import { modelRows, overlapUpSet, signedWeight } from './summaryData.ts';

const MAX_COLUMNS = 20;

export function OverviewTab({ summary }: { readonly summary: IdentitySummary | null }): ReactNode {
  const { t } = useTranslation();
  if (!summary) {
    return (
      <div className="empty-state" data-testid="id-never-run">
        {t('identity.run.never')}
      </div>
    );
  }
  const issues = summary.issues.reduce((s, i) => s + i.count, 0);
  return (
    <div data-testid="id-summary">
      <div className="id-stats">
        <Stat label={t('identity.summary.records')} value={summary.records.toLocaleString()} testId="id-stat-records" />
        <Stat label={t('identity.summary.persons')} value={summary.persons.toLocaleString()} testId="id-stat-persons" />
        <Stat label={t('identity.summary.mergeRate')} value={percent(summary.mergeRate)} hint={t('identity.summary.mergeRateHint')} testId="id-stat-merge-rate" />
        <Stat label={t('identity.summary.pending')} value={summary.review.pending.toLocaleString()} href={routeHash('identity', { tab: 'review' })} testId="id-stat-pending" />
        <Stat label={t('identity.summary.issues')} value={issues.toLocaleString()} href={routeHash('identity', { tab: 'issues' })} testId="id-stat-issues" />
      </div>
      <div className="id-two-col">
        <SourcesTable summary={summary} />
        <MethodsTable summary={summary} />
      </div>
      <OverlapCard runId={summary.runId} />
      <ModelCard summary={summary} />
    </div>
  );
}

function Stat({ label, value, hint, href, testId }: { readonly label: string; readonly value: string; readonly hint?: string; readonly href?: string; readonly testId: string }): ReactNode {
  return (
    <div className="id-stat" title={hint}>
      <div className="id-stat-label">{label}</div>
      <div className="id-stat-value" data-testid={testId}>
        {href ? <a href={href}>{value}</a> : value}
      </div>
    </div>
  );
}

function SourcesTable({ summary }: { readonly summary: IdentitySummary }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h2 className="card-title">{t('identity.summary.bySource')}</h2>
      <div className="table-wrap">
        <table className="grid-table" data-testid="id-by-source">
          <thead>
            <tr>
              <th>{t('identity.summary.source')}</th>
              <th>{t('identity.summary.channel')}</th>
              <th className="num">{t('identity.summary.sourceRecords')}</th>
              <th className="num">{t('identity.summary.sourcePersons')}</th>
              <th title={t('identity.summary.linkedShareHint')}>{t('identity.summary.linkedShare')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.bySource.map((s) => (
              <tr key={s.source}>
                <td>{sourceLabel(t, s.source)}</td>
                <td>{s.channel ? channelLabel(t, s.channel) : '—'}</td>
                <td className="num">{s.records.toLocaleString()}</td>
                <td className="num">{s.persons.toLocaleString()}</td>
                <td>
                  <span className="id-share">
                    <span className="id-share-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round(s.linkedShare * 100)}%` }} />
                    </span>
                    <span className="num">{percent(s.linkedShare)}</span>
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MethodsTable({ summary }: { readonly summary: IdentitySummary }): ReactNode {
  const { t } = useTranslation();
  const h = summary.history;
  return (
    <section className="card">
      <h2 className="card-title">{t('identity.summary.methods')}</h2>
      <table className="grid-table" data-testid="id-methods">
        <thead>
          <tr>
            <th>{t('identity.summary.method')}</th>
            <th className="num">{t('identity.summary.links')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.linksByMethod.map((m) => (
            <tr key={m.method}>
              <td>{methodLabel(t, m.method)}</td>
              <td className="num">{m.links.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {t('identity.summary.history')}
        {t('identity.sep')}
        {t('identity.summary.newIds', { count: h.newIds })} · {t('identity.summary.merges', { count: h.merges })} ·{' '}
        {t('identity.summary.splits', { count: h.splits })}
      </p>
    </section>
  );
}

function OverlapCard({ runId }: { readonly runId: number }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [loaded, setLoaded] = useState<{ readonly runId: number; readonly overlap: ChannelOverlap } | null>(null);
  const [failed, setFailed] = useState<{ readonly runId: number; readonly error: unknown } | null>(null);

  useEffect(() => {
    let live = true;
    engine.call('identity.overlap', {}).then(
      (overlap) => live && setLoaded({ runId, overlap }),
      (error: unknown) => live && setFailed({ runId, error }),
    );
    return () => {
      live = false;
    };
  }, [engine, runId]);

  const overlap = loaded?.overlap ?? null;
  const data = useMemo(() => (overlap ? overlapUpSet(overlap, (c) => channelLabel(t, c)) : null), [overlap, t]);
  const option = useMemo(
    () =>
      data
        ? upsetOption(
            data,
            {
              title: t('identity.overlap.title'),
              size: t('identity.overlap.size'),
              column: (names, n) => t('identity.overlap.column', { channels: names.join(' + '), n: n.toLocaleString() }),
              set: (name, n) => t('identity.overlap.set', { channel: name, n: n.toLocaleString() }),
            },
            { maxColumns: MAX_COLUMNS },
          )
        : null,
    [data, t],
  );
  if (failed?.runId === runId) return <ErrorNotice error={failed.error} />;
  if (!overlap || !data || !option) return null;
  if (overlap.persons === 0) return <div className="empty-state">{t('identity.overlap.empty')}</div>;
  const { hidden, hiddenSize } = upsetColumns(data, { maxColumns: MAX_COLUMNS });
  const channelsOf = (sets: readonly number[]): string => sets.map((i) => data.sets[i]?.label ?? '').join(' + ');
  return (
    <section className="card" data-testid="id-overlap">
      <ChartView option={option} height={upsetHeight(data.sets.length, { title: 'x' })} label={t('identity.overlap.title')} testId="id-overlap-chart" />
      {hidden > 0 ? <p className="muted small">{t('identity.overlap.hidden', { count: hidden, persons: hiddenSize.toLocaleString() })}</p> : null}
      <details>
        <summary>{t('identity.overlap.table')}</summary>
        <div className="table-wrap id-scroll">
          <table className="grid-table" data-testid="id-overlap-table">
            <thead>
              <tr>
                <th>{t('identity.overlap.channels')}</th>
                <th className="num">{t('identity.overlap.persons')}</th>
                <th className="num">{t('identity.overlap.share')}</th>
              </tr>
            </thead>
            <tbody>
              {upsetColumns(data, { maxColumns: Number.MAX_SAFE_INTEGER }).columns.map((c) => (
                <tr key={c.sets.join()}>
                  <td>{channelsOf(c.sets)}</td>
                  <td className="num">{c.size.toLocaleString()}</td>
                  <td className="num">{percent(c.size / overlap.persons)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

function ModelCard({ summary }: { readonly summary: IdentitySummary }): ReactNode {
  const { t } = useTranslation();
  const model = summary.model;
  return (
    <section className="card" data-testid="id-model">
      <h2 className="card-title">{t('identity.summary.model')}</h2>
      {!model ? (
        <p className="muted">{t('identity.summary.modelNone')}</p>
      ) : (
        <>
          <p className="small">
            {t('identity.summary.lambda')} {model.lambda.toExponential(2)} · {t('identity.summary.iterations')} {model.iterations} ({model.converged ? t('identity.summary.converged') : t('identity.summary.notConverged')}) ·{' '}
            {t('identity.summary.candidatePairs')} {model.candidatePairs.toLocaleString()} · {t('identity.summary.skippedBlocks')} {model.skippedBlocks.toLocaleString()}
          </p>
          <details>
            <summary>{t('identity.summary.weight')}</summary>
            <table className="grid-table">
              <thead>
                <tr>
                  <th>{t('identity.summary.field')}</th>
                  <th>{t('identity.summary.level')}</th>
                  <th className="num">{t('identity.summary.m')}</th>
                  <th className="num">{t('identity.summary.u')}</th>
                  <th className="num">{t('identity.summary.weight')}</th>
                </tr>
              </thead>
              <tbody>
                {modelRows(model).map((r) => (
                  <tr key={`${r.field}.${r.level}`}>
                    <td>{fieldLabel(t, r.field)}</td>
                    <td>{levelLabel(t, r.level)}</td>
                    <td className="num">{r.m.toFixed(3)}</td>
                    <td className="num">{r.u.toFixed(4)}</td>
                    <td className="num">{r.weight === null ? '—' : signedWeight(r.weight)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
