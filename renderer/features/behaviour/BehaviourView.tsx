/**
 * 行为分析: funnel, retention, paths (Sankey), trends, dynamic interest tags with a customer's drift, and what
 * changed since the last refresh. Every computation runs in the engine worker; windows end at the as-of date.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FunnelGroupBy, RetentionPeriod } from '#shared/api/behaviourTypes.ts';
import { usePlatform, useWorkspace } from '#renderer/app/appContext.tsx';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { refreshDerived } from './appendRefresh.ts';
import { funnelOption, sankeyOption, trendsOption } from './behaviourCharts.ts';
import { DropFolderCard } from './DropFolderCard.tsx';
import { InterestDriftCard } from './InterestDriftCard.tsx';

const TABS = ['funnel', 'retention', 'paths', 'trends', 'interest', 'changes'] as const;
type Tab = (typeof TABS)[number];

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** Default funnel: the first of each pattern that the log has, else its three most frequent events. */
function defaultSteps(events: readonly string[]): string[] {
  const pick = (re: RegExp): string | undefined => events.find((e) => re.test(e));
  const guess = [pick(/登录|login/i), pick(/浏览.*理财|浏览|view/i), pick(/购买|申请|buy|purchase/i)].filter((e): e is string => e !== undefined);
  return new Set(guess).size === 3 ? guess : events.slice(0, 3);
}

export function BehaviourView(): ReactNode {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const [tab, setTab] = useState<Tab>('funnel');
  const [gap, setGap] = useState(30);
  const overview = useJob('behaviour.overview');
  const loadOverview = overview.run;
  const version = workspace.info?.savedAt ?? '';
  useEffect(() => {
    void loadOverview({ gapMinutes: gap });
  }, [loadOverview, gap, version]);
  const ov = overview.result;
  const events = useMemo(() => ov?.events.map((e) => e.name) ?? [], [ov]);

  return (
    <section className="page" data-testid="view-behaviour">
      <div className="page-head">
        <h1 className="page-title">{t('behaviour.title')}</h1>
      </div>
      <p className="muted">{t('behaviour.intro', { asOf: workspace.info?.asOfDate ?? '-' })}</p>
      {overview.running ? <JobProgress progress={overview.progress} cancelling={overview.cancelling} onCancel={overview.cancel} label={t('behaviour.title')} testId="behaviour-load-progress" /> : null}
      {overview.error ? <ErrorNotice error={overview.error} testId="behaviour-error" /> : null}
      {ov ? (
        <section className="card">
          <div className="form-row">
            <span data-testid="behaviour-summary">
              {t('behaviour.summary', { rows: ov.rows, owned: ov.owned, sessions: ov.sessions.sessions, gap: ov.sessions.gapMinutes, events: ov.sessions.meanEvents.toFixed(1) })}
            </span>
            <label className="form-field">
              <span className="form-label">{t('behaviour.gap')}</span>
              <input className="input input-num" type="number" min={1} value={gap} onChange={(e) => setGap(Math.max(1, Number(e.target.value) || 30))} data-testid="behaviour-gap" />
            </label>
          </div>
          {ov.owned < ov.rows / 2 ? (
            <p className="warn-text" data-testid="behaviour-unowned">
              {t('behaviour.unowned', { rows: ov.rows - ov.owned })}
            </p>
          ) : null}
          <div className="toolbar" role="tablist">
            {TABS.map((x) => (
              <button key={x} type="button" role="tab" aria-selected={tab === x} className={`btn btn-small${tab === x ? ' btn-primary' : ''}`} onClick={() => setTab(x)} data-testid={`behaviour-tab-${x}`}>
                {t(`behaviour.tabs.${x}`)}
              </button>
            ))}
          </div>
        </section>
      ) : null}
      {ov && tab === 'funnel' ? <FunnelTab events={events} /> : null}
      {ov && tab === 'retention' ? <RetentionTab events={events} /> : null}
      {ov && tab === 'paths' ? <PathsTab events={events} gap={gap} /> : null}
      {ov && tab === 'trends' ? <TrendsTab /> : null}
      {ov && tab === 'interest' ? <InterestTab /> : null}
      {ov && tab === 'changes' ? <ChangesTab /> : null}
    </section>
  );
}

function EventSelect(props: { readonly value: string; readonly events: readonly string[]; readonly onChange: (v: string) => void; readonly testId: string; readonly any?: string }): ReactNode {
  return (
    <select className="select" value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      {props.any !== undefined ? <option value="">{props.any}</option> : null}
      {props.events.map((e) => (
        <option key={e} value={e}>
          {e}
        </option>
      ))}
    </select>
  );
}

function FunnelTab({ events }: { readonly events: readonly string[] }): ReactNode {
  const { t } = useTranslation();
  const job = useJob('behaviour.funnel');
  const [steps, setSteps] = useState<string[]>(() => defaultSteps(events));
  const [windowDays, setWindowDays] = useState(7);
  const [days, setDays] = useState(90);
  const [groupBy, setGroupBy] = useState<FunnelGroupBy>('channel');
  const r = job.result;
  const option = useMemo(() => (r ? funnelOption(r) : null), [r]);
  return (
    <section className="card" data-testid="behaviour-funnel">
      <div className="form-row">
        {steps.map((s, i) => (
          <label key={i} className="form-field">
            <span className="form-label">{t('behaviour.step', { n: i + 1 })}</span>
            <EventSelect value={s} events={events} onChange={(v) => setSteps((xs) => xs.map((x, k) => (k === i ? v : x)))} testId={`funnel-step-${i}`} />
          </label>
        ))}
        <button type="button" className="btn btn-small" disabled={steps.length >= 8} onClick={() => setSteps((xs) => [...xs, events[0] ?? ''])}>
          {t('behaviour.addStep')}
        </button>
        <button type="button" className="btn btn-small" disabled={steps.length <= 2} onClick={() => setSteps((xs) => xs.slice(0, -1))}>
          {t('behaviour.removeStep')}
        </button>
      </div>
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('behaviour.window')}</span>
          <input className="input input-num" type="number" min={1} value={windowDays} onChange={(e) => setWindowDays(Math.max(1, Number(e.target.value) || 7))} />
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.days')}</span>
          <input className="input input-num" type="number" min={1} value={days} onChange={(e) => setDays(Math.max(1, Number(e.target.value) || 90))} />
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.groupBy')}</span>
          <select className="select" value={groupBy} onChange={(e) => setGroupBy(e.target.value as FunnelGroupBy)} data-testid="funnel-group-by">
            {(['none', 'channel', 'lifecycle'] as const).map((g) => (
              <option key={g} value={g}>
                {t(`behaviour.groupBys.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" disabled={job.running} onClick={() => void job.run({ steps, windowSeconds: windowDays * 86_400, days, groupBy })} data-testid="funnel-run">
          {t('behaviour.run')}
        </button>
      </div>
      {job.error ? <ErrorNotice error={job.error} testId="funnel-error" /> : null}
      {r && option ? (
        <>
          <ChartView option={option} height={60 + 40 * r.steps.length} label={t('behaviour.chart.funnel')} testId="funnel-chart" />
          <table className="grid-table small" data-testid="funnel-table">
            <thead>
              <tr>
                <th>{t('behaviour.event')}</th>
                <th>{t('behaviour.customers')}</th>
                <th>{t('behaviour.fromPrevious')}</th>
                <th>{t('behaviour.fromFirst')}</th>
                <th>{t('behaviour.median')}</th>
              </tr>
            </thead>
            <tbody>
              {r.steps.map((s) => (
                <tr key={s.event}>
                  <td>{s.event}</td>
                  <td className="num">{s.customers}</td>
                  <td className="num">{pct(s.fromPrevious)}</td>
                  <td className="num">{pct(s.fromFirst)}</td>
                  <td className="num">{duration(s.medianSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.groups.length > 0 ? (
            <table className="grid-table small" data-testid="funnel-groups">
              <thead>
                <tr>
                  <th>{t('behaviour.group')}</th>
                  {r.steps.map((s, i) => (
                    <th key={i}>{s.event}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.groups.map((g) => (
                  <tr key={g.key}>
                    <td>{g.key}</td>
                    {g.steps.map((s, i) => (
                      <td key={i} className="num">{`${s.customers} (${pct(s.fromFirst)})`}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function RetentionTab({ events }: { readonly events: readonly string[] }): ReactNode {
  const { t } = useTranslation();
  const job = useJob('behaviour.retention');
  const [period, setPeriod] = useState<RetentionPeriod>('week');
  const [cohorts, setCohorts] = useState(8);
  const [cohortEvent, setCohortEvent] = useState('');
  const [returnEvent, setReturnEvent] = useState('');
  const r = job.result;
  return (
    <section className="card" data-testid="behaviour-retention">
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('behaviour.period')}</span>
          <select className="select" value={period} onChange={(e) => setPeriod(e.target.value as RetentionPeriod)} data-testid="retention-period">
            {(['day', 'week', 'month'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`behaviour.periods.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.cohorts')}</span>
          <input className="input input-num" type="number" min={1} max={60} value={cohorts} onChange={(e) => setCohorts(Math.min(60, Math.max(1, Number(e.target.value) || 8)))} />
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.cohortEvent')}</span>
          <EventSelect value={cohortEvent} events={events} onChange={setCohortEvent} testId="retention-cohort-event" any={t('behaviour.anyEvent')} />
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.returnEvent')}</span>
          <EventSelect value={returnEvent} events={events} onChange={setReturnEvent} testId="retention-return-event" any={t('behaviour.anyEvent')} />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={job.running}
          onClick={() => void job.run({ period, cohorts, ...(cohortEvent ? { cohortEvent } : {}), ...(returnEvent ? { returnEvent } : {}) })}
          data-testid="retention-run"
        >
          {t('behaviour.run')}
        </button>
      </div>
      {job.error ? <ErrorNotice error={job.error} /> : null}
      {r ? (
        <table className="grid-table small" data-testid="retention-table">
          <thead>
            <tr>
              <th>{t('behaviour.cohort')}</th>
              <th>{t('behaviour.size')}</th>
              {r.cohorts[0]?.retained.map((_, k) => (
                <th key={k}>{`+${k + 1}`}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.cohorts.map((c) => (
              <tr key={c.start}>
                <td>{c.start}</td>
                <td className="num">{c.size}</td>
                {c.retained.map((x, k) => {
                  const share = x === null || c.size === 0 ? null : x / c.size;
                  return (
                    <td key={k} className="num" style={share === null ? undefined : { background: `rgba(31, 95, 160, ${Math.min(0.8, share).toFixed(2)})`, color: share > 0.4 ? '#fff' : undefined }}>
                      {share === null ? '' : pct(share)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function PathsTab({ events, gap }: { readonly events: readonly string[]; readonly gap: number }): ReactNode {
  const { t } = useTranslation();
  const job = useJob('behaviour.paths');
  const [start, setStart] = useState(events[0] ?? '');
  const [depth, setDepth] = useState(3);
  const [top, setTop] = useState(5);
  const r = job.result;
  const option = useMemo(() => (r ? sankeyOption(r) : null), [r]);
  return (
    <section className="card" data-testid="behaviour-paths">
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('behaviour.start')}</span>
          <EventSelect value={start} events={events} onChange={setStart} testId="paths-start" any={t('behaviour.sessionStart')} />
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.depth')}</span>
          <input className="input input-num" type="number" min={1} max={6} value={depth} onChange={(e) => setDepth(Math.min(6, Math.max(1, Number(e.target.value) || 3)))} />
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.top')}</span>
          <input className="input input-num" type="number" min={1} max={20} value={top} onChange={(e) => setTop(Math.min(20, Math.max(1, Number(e.target.value) || 5)))} />
        </label>
        <button type="button" className="btn btn-primary" disabled={job.running} onClick={() => void job.run({ ...(start ? { start } : {}), depth, top, gapMinutes: gap })} data-testid="paths-run">
          {t('behaviour.run')}
        </button>
      </div>
      {job.error ? <ErrorNotice error={job.error} /> : null}
      {r && option ? (
        <>
          <p className="muted" data-testid="paths-count">
            {t('behaviour.pathsCount', { count: r.paths })}
          </p>
          <ChartView option={option} height={420} label={t('behaviour.chart.paths')} testId="paths-chart" />
        </>
      ) : null}
    </section>
  );
}

function TrendsTab(): ReactNode {
  const { t } = useTranslation();
  const job = useJob('behaviour.trends');
  const run = job.run;
  const [granularity, setGranularity] = useState<'day' | 'week'>('week');
  const [measure, setMeasure] = useState<'rows' | 'customers'>('rows');
  const [days, setDays] = useState(90);
  useEffect(() => {
    void run({ granularity, days });
  }, [run, granularity, days]);
  const r = job.result;
  const option = useMemo(() => (r ? trendsOption(r, measure) : null), [r, measure]);
  return (
    <section className="card" data-testid="behaviour-trends">
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('behaviour.granularity')}</span>
          <select className="select" value={granularity} onChange={(e) => setGranularity(e.target.value as 'day' | 'week')} data-testid="trends-granularity">
            {(['day', 'week'] as const).map((g) => (
              <option key={g} value={g}>
                {t(`behaviour.granularities.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.measure')}</span>
          <select className="select" value={measure} onChange={(e) => setMeasure(e.target.value as 'rows' | 'customers')}>
            {(['rows', 'customers'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`behaviour.measures.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.days')}</span>
          <input className="input input-num" type="number" min={7} value={days} onChange={(e) => setDays(Math.max(7, Number(e.target.value) || 90))} />
        </label>
      </div>
      {job.error ? <ErrorNotice error={job.error} /> : null}
      {option ? <ChartView option={option} height={340} label={t('behaviour.chart.trends')} testId="trends-chart" /> : null}
    </section>
  );
}

function InterestTab(): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const job = useJob('behaviour.interestRun', { keepOnUnmount: true });
  const [halfLife, setHalfLife] = useState(30);
  const [minScore, setMinScore] = useState(1);
  const [oneId, setOneId] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const r = job.result;
  return (
    <section className="card" data-testid="behaviour-interest">
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('behaviour.halfLife')}</span>
          <input className="input input-num" type="number" min={1} value={halfLife} onChange={(e) => setHalfLife(Math.max(1, Number(e.target.value) || 30))} data-testid="interest-half-life" />
        </label>
        <label className="form-field">
          <span className="form-label">{t('behaviour.minScore')}</span>
          <input className="input input-num" type="number" min={0.1} step={0.1} value={minScore} onChange={(e) => setMinScore(Math.max(0.1, Number(e.target.value) || 1))} />
        </label>
        <button type="button" className="btn btn-primary" disabled={job.running} onClick={() => void job.run({ halfLifeDays: halfLife, minScore })} data-testid="interest-run">
          {t('behaviour.runInterest')}
        </button>
      </div>
      {job.running ? <JobProgress progress={job.progress} cancelling={job.cancelling} onCancel={job.cancel} label={t('behaviour.runInterest')} testId="interest-progress" /> : null}
      {job.error ? <ErrorNotice error={job.error} /> : null}
      {r ? (
        <table className="grid-table small" data-testid="interest-table">
          <thead>
            <tr>
              <th>{t('behaviour.topic')}</th>
              <th>{t('behaviour.tagged')}</th>
              <th>{t('behaviour.rising')}</th>
              <th>{t('behaviour.falling')}</th>
            </tr>
          </thead>
          <tbody>
            {r.topics.map((x) => (
              <tr key={x.key}>
                <td>{en ? x.en : x.zh}</td>
                <td className="num">{x.customers}</td>
                <td className="num">{x.rising}</td>
                <td className="num">{x.falling}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('behaviour.driftFor')}</span>
          <input className="input" value={oneId} onChange={(e) => setOneId(e.target.value.trim())} placeholder="P000000001" data-testid="drift-one-id" />
        </label>
        <button type="button" className="btn" disabled={oneId === ''} onClick={() => setShown(oneId)} data-testid="drift-show">
          {t('behaviour.showDrift')}
        </button>
      </div>
      {shown ? <InterestDriftCard key={`${shown}:${halfLife}`} oneId={shown} halfLifeDays={halfLife} /> : null}
    </section>
  );
}

function ChangesTab(): ReactNode {
  const { t } = useTranslation();
  const job = useJob('behaviour.changes');
  const mark = useJob('behaviour.markRefreshed');
  const engine = useEngine();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<unknown>(null);
  const load = job.run;
  useEffect(() => {
    void load({});
  }, [load]);
  const dropFolder = usePlatform().dropFolder;
  const reload = useCallback(() => void load({}), [load]);
  // The same refresh `kequn import --append` runs after an import.
  const refresh = async (): Promise<void> => {
    setRefreshing(true);
    setRefreshError(null);
    try {
      await refreshDerived(engine);
      await load({});
    } catch (e) {
      setRefreshError(e);
    } finally {
      setRefreshing(false);
    }
  };
  const c = job.result;
  const changed = c ? c.tables.filter((x) => x.before !== x.now) : [];
  return (
    <section className="card" data-testid="behaviour-changes">
      {dropFolder ? <DropFolderCard engine={engine} bridge={dropFolder} onImported={reload} /> : null}
      {job.error ? <ErrorNotice error={job.error} /> : null}
      {c ? (
        <>
          <p className="muted" data-testid="changes-since">
            {c.since ? t('behaviour.since', { at: c.since }) : t('behaviour.never')}
          </p>
          {changed.length === 0 && c.tags.length === 0 ? <p data-testid="changes-none">{t('behaviour.noChanges')}</p> : null}
          {changed.length > 0 ? (
            <table className="grid-table small" data-testid="changes-tables">
              <thead>
                <tr>
                  <th>{t('behaviour.table')}</th>
                  <th>{t('behaviour.before')}</th>
                  <th>{t('behaviour.now')}</th>
                  <th>{t('behaviour.change')}</th>
                </tr>
              </thead>
              <tbody>
                {changed.map((x) => (
                  <tr key={x.table}>
                    <td>{x.table}</td>
                    <td className="num">{x.before}</td>
                    <td className="num">{x.now}</td>
                    <td className="num">{x.now - x.before > 0 ? `+${x.now - x.before}` : x.now - x.before}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {c.newEvents.length > 0 ? <p>{`${t('behaviour.newEvents')}: ${c.newEvents.slice(0, 10).map((e) => `${e.name} ${e.rows}`).join('、')}`}</p> : null}
          {c.tags.length > 0 ? <p>{`${t('behaviour.tagChanges')}: ${c.tags.map((x) => `${x.zh} ${x.before}→${x.now}`).join('、')}`}</p> : null}
          <button type="button" className="btn btn-primary" disabled={refreshing || mark.running} onClick={() => void refresh()} data-testid="changes-refresh">
            {refreshing ? t('behaviour.refreshing') : t('behaviour.refresh')}
          </button>
          {refreshError ? <ErrorNotice error={refreshError} /> : null}
          <button
            type="button"
            className="btn"
            disabled={refreshing || mark.running}
            onClick={() => {
              void mark.run({}).then(() => load({}));
            }}
            data-testid="changes-mark"
          >
            {t('behaviour.markRefreshed')}
          </button>
        </>
      ) : null}
    </section>
  );
}
