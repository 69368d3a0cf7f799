/**
 * 触达策略: channel habit tags from the touch log, the journey designer (step list with the first-loan template
 * and a JSON editor), simulation on history shown as a Sankey with step counts, and per-step export through the
 * audience export with the plan manifest.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressEvent } from '#shared/api/engineApi.ts';
import { REACH_ACTIONS, REACH_CHANNELS, type PlanProblem, type ReachHabitSummary, type ReachPlan, type ReachStep } from '#shared/api/reachTypes.ts';
import { usePlatform } from '#renderer/app/appContext.tsx';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useEngineEvent, useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { editStep, insertSendAfter, removeSend, sankeyOption } from './reachModel.ts';
import './reach.css';

type StepWord = 'read' | 'tags' | 'simulate';

/** The engine's `reach.*` progress steps in this page's words. */
function useStepProgress(): (p: ProgressEvent | null) => ProgressEvent | null {
  const { t } = useTranslation();
  return (p) => {
    if (!p || !p.step.startsWith('reach.')) return p;
    const word = p.step.slice('reach.'.length) as StepWord;
    return { ...p, step: t(`reach.steps.${word}`) };
  };
}

export function ReachView(): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [summary, setSummary] = useState<ReachHabitSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [plan, setPlan] = useState<ReachPlan | null>(null);
  useEngineEvent('workspace.changed', () => setVersion((v) => v + 1));

  useEffect(() => {
    let live = true;
    engine.call('reach.summary', {}).then(
      (s) => {
        if (live) setSummary(s);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [engine, version]);

  return (
    <section className="page" data-testid="view-reach">
      <h1 className="page-title">{t('reach.title')}</h1>
      <p className="muted">{t('reach.intro')}</p>
      {error ? <ErrorNotice error={error} testId="reach-error" /> : null}
      <HabitPanel summary={summary} />
      <PlanPanel plan={plan} onChange={setPlan} />
      {plan ? <SimulationPanel plan={plan} /> : null}
      {plan ? <LiftPanel planKey={plan.key} /> : null}
    </section>
  );
}

function HabitPanel({ summary }: { readonly summary: ReachHabitSummary | null }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const job = useJob('reach.tags');
  const stepProgress = useStepProgress();
  const run = summary?.run ?? null;
  return (
    <section className="card" data-testid="reach-habits">
      <h2 className="card-title">{t('reach.habits.title')}</h2>
      <p className="muted">{t('reach.habits.shrinkHint')}</p>
      <div className="toolbar">
        <button type="button" className="btn btn-primary" data-testid="reach-run-tags" disabled={job.running} onClick={() => void job.run({})}>
          {t('reach.habits.run')}
        </button>
      </div>
      {job.running ? <JobProgress progress={stepProgress(job.progress)} cancelling={job.cancelling} onCancel={job.cancel} label={t('reach.habits.running')} testId="reach-tags-progress" /> : null}
      {job.error ? <ErrorNotice error={job.error} testId="reach-tags-error" /> : null}
      {run === null ? (
        <div className="empty-state" data-testid="reach-no-habits">
          {t('reach.habits.none')}
        </div>
      ) : (
        <>
          <p data-testid="reach-habit-summary">{t('reach.habits.summary', { asOf: run.asOfDate, customers: run.customersWithHistory, rows: run.touchRows, unowned: run.unownedRows })}</p>
          <div className="reach-columns">
            <table className="grid-table" data-testid="reach-habit-tags">
              <thead>
                <tr>
                  <th>{t('reach.habits.tag')}</th>
                  <th className="num">{t('reach.habits.members')}</th>
                </tr>
              </thead>
              <tbody>
                {summary?.tags.map((tag) => (
                  <tr key={tag.tag} data-testid={`reach-tag-${tag.tag}`}>
                    <td title={tag.tag}>{en ? tag.en : tag.zh}</td>
                    <td className="num">{tag.members}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="grid-table" data-testid="reach-priors">
              <thead>
                <tr>
                  <th>{t('reach.habits.channel')}</th>
                  <th className="num">{t('reach.habits.mean')}</th>
                  <th className="num">{t('reach.habits.strength')}</th>
                  <th className="num">{t('reach.habits.customers')}</th>
                  <th className="num">{t('reach.habits.messages')}</th>
                  <th className="num">{t('reach.habits.responses')}</th>
                </tr>
              </thead>
              <tbody>
                {run.priors
                  .filter((p) => p.messages > 0)
                  .map((p) => (
                    <tr key={p.channel}>
                      <td>{t(`reach.plan.channels.${p.channel}`)}</td>
                      <td className="num">{`${(p.mean * 100).toFixed(1)}%`}</td>
                      <td className="num">{(p.alpha + p.beta).toFixed(1)}</td>
                      <td className="num">{p.customers}</td>
                      <td className="num">{p.messages}</td>
                      <td className="num">{p.responses}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function PlanPanel({ plan, onChange }: { readonly plan: ReachPlan | null; readonly onChange: (p: ReachPlan) => void }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [problems, setProblems] = useState<readonly PlanProblem[]>([]);
  // The JSON editor's text: the analyst's draft while it belongs to the plan shown, else the plan itself.
  const [draft, setDraft] = useState<{ readonly plan: ReachPlan | null; readonly text: string } | null>(null);
  const json = draft && draft.plan === plan ? draft.text : plan ? JSON.stringify(plan, null, 2) : '';
  const setJson = (text: string): void => setDraft({ plan, text });
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!plan) return undefined;
    let live = true;
    engine.call('reach.validate', { plan }).then(
      (r) => {
        if (live) setProblems(r.problems);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [engine, plan]);

  const loadTemplate = async (): Promise<void> => {
    try {
      onChange(await engine.call('reach.template', {}));
    } catch (e) {
      setError(e);
    }
  };
  const applyJson = (): void => {
    try {
      onChange(JSON.parse(json) as ReachPlan);
      setJsonError(null);
    } catch (e) {
      setJsonError(t('reach.plan.badJson', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <section className="card" data-testid="reach-plan">
      <h2 className="card-title">{t('reach.plan.title')}</h2>
      <div className="toolbar">
        <button type="button" className="btn" data-testid="reach-load-template" onClick={() => void loadTemplate()}>
          {t('reach.plan.template')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} testId="reach-plan-error" /> : null}
      {!plan ? (
        <div className="empty-state">{t('reach.plan.empty')}</div>
      ) : (
        <>
          <div className="reach-plan-head">
            <label className="form-field">
              <span className="form-label">{t('reach.plan.name')}</span>
              <input className="input" data-testid="reach-plan-name" value={plan.name} onChange={(e) => onChange({ ...plan, name: e.target.value })} />
            </label>
            <label className="form-field">
              <span className="form-label">{t('reach.plan.key')}</span>
              <input className="input" data-testid="reach-plan-key" value={plan.key} onChange={(e) => onChange({ ...plan, key: e.target.value })} />
            </label>
            <label className="form-field">
              <span className="form-label">{t('reach.plan.holdout')}</span>
              <input className="input input-num" inputMode="decimal" data-testid="reach-plan-holdout" value={plan.holdoutPercent ?? 0} onChange={(e) => onChange({ ...plan, holdoutPercent: Number(e.target.value) })} />
            </label>
            <span className="form-field">
              <span className="form-label">{t('reach.plan.entry')}</span>
              <span>{t(`reach.plan.entryTypes.${plan.entry.type}`)}</span>
            </span>
          </div>
          <StepList plan={plan} onChange={onChange} />
          {problems.length === 0 ? (
            <p className="muted" data-testid="reach-plan-valid">
              {t('reach.plan.valid')}
            </p>
          ) : (
            <div className="reach-problems" data-testid="reach-problems">
              <p>{t('reach.plan.problems', { count: problems.length })}</p>
              <ul>
                {problems.map((p) => (
                  <li key={`${p.code}:${p.path}`}>
                    <code>{p.path || '(plan)'}</code> {p.zh} <span className="muted">{p.message}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <details className="reach-json">
            <summary>{t('reach.plan.json')}</summary>
            <textarea className="input reach-json-text" data-testid="reach-plan-json" value={json} onChange={(e) => setJson(e.target.value)} rows={14} />
            <button type="button" className="btn" data-testid="reach-apply-json" onClick={applyJson}>
              {t('reach.plan.applyJson')}
            </button>
            {jsonError ? <p className="muted" role="alert">{jsonError}</p> : null}
          </details>
        </>
      )}
    </section>
  );
}

function StepList({ plan, onChange }: { readonly plan: ReachPlan; readonly onChange: (p: ReachPlan) => void }): ReactNode {
  const { t } = useTranslation();
  const label = (id: string): string => plan.steps.find((s) => s.id === id)?.label ?? id;
  const detail = (s: ReachStep): ReactNode => {
    switch (s.type) {
      case 'send':
        return (
          <span className="reach-inline">
            <select className="select" data-testid={`reach-step-channel-${s.id}`} value={s.channel} onChange={(e) => onChange(editStep(plan, s.id, { channel: e.target.value }))}>
              {REACH_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`reach.plan.channels.${c}`)}
                </option>
              ))}
            </select>
            <input className="input input-time" type="time" aria-label={t('reach.plan.time')} data-testid={`reach-step-time-${s.id}`} value={s.time ?? '10:00'} onChange={(e) => onChange(editStep(plan, s.id, { time: e.target.value }))} />
          </span>
        );
      case 'wait':
        return (
          <span className="reach-inline">
            <input className="input input-num" aria-label={t('reach.plan.days')} data-testid={`reach-step-days-${s.id}`} value={s.days} onChange={(e) => onChange(editStep(plan, s.id, { days: Number(e.target.value) }))} />
            <span>{t('reach.plan.days')}</span>
            <select className="select" aria-label={t('reach.plan.waitFor')} value={s.action} onChange={(e) => onChange(editStep(plan, s.id, { action: e.target.value }))}>
              {REACH_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`reach.plan.actions.${a}`)}
                </option>
              ))}
            </select>
          </span>
        );
      case 'tag':
        return <code>{s.tag}</code>;
      case 'handover':
        return <span>{s.journey}</span>;
      case 'exit':
        return null;
    }
  };
  const next = (s: ReachStep): string => {
    switch (s.type) {
      case 'send':
      case 'tag':
        return `→ ${label(s.next)}`;
      case 'wait':
        return [
          ...(s.branches ?? []).map((b) => `${t(`reach.plan.channels.${b.channel}`)} ${t('reach.plan.responded')} → ${label(b.next)}`),
          `${t('reach.plan.responded')} → ${label(s.next)}`,
          `${t('reach.plan.timeout')} → ${label(s.timeout)}`,
        ].join('；');
      default:
        return '';
    }
  };
  return (
    <table className="grid-table reach-steps" data-testid="reach-step-list">
      <thead>
        <tr>
          <th>{t('reach.plan.step')}</th>
          <th>{t('reach.plan.type')}</th>
          <th>{t('reach.plan.detail')}</th>
          <th>{t('reach.plan.next')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {plan.steps.map((s) => (
          <tr key={s.id} data-testid={`reach-step-${s.id}`}>
            <td>
              <strong>{s.label ?? s.id}</strong> <span className="muted">{s.id}</span>
            </td>
            <td>{t(`reach.plan.types.${s.type}`)}</td>
            <td>{detail(s)}</td>
            <td className="reach-next">{next(s)}</td>
            <td>
              {s.type === 'send' || s.type === 'tag' ? (
                <button type="button" className="btn btn-small" data-testid={`reach-add-send-${s.id}`} onClick={() => onChange(insertSendAfter(plan, s.id, 'sms'))}>
                  {t('reach.plan.addSend')}
                </button>
              ) : null}
              {s.type === 'send' ? (
                <button type="button" className="btn btn-small" data-testid={`reach-remove-${s.id}`} onClick={() => onChange(removeSend(plan, s.id))}>
                  {t('reach.plan.remove')}
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SimulationPanel({ plan }: { readonly plan: ReachPlan }): ReactNode {
  const { t } = useTranslation();
  const platform = usePlatform();
  const engine = useEngine();
  const [mode, setMode] = useState<'deterministic' | 'monte_carlo'>('deterministic');
  const [runs, setRuns] = useState(200);
  const sim = useJob('reach.simulate');
  const exporter = useJob('reach.exportStep');
  const [exportedStep, setExportedStep] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const stepProgress = useStepProgress();
  const r = sim.result;

  const exportStep = async (step: string): Promise<void> => {
    setExportedStep(step);
    await exporter.run({ plan, step });
  };
  const downloadManifest = async (): Promise<void> => {
    try {
      const m = await engine.call('reach.manifest', { plan });
      await platform.saveFile(`${plan.key}.plan-manifest.json`, m.bytes.slice(), 'application/json');
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="card" data-testid="reach-simulation">
      <h2 className="card-title">{t('reach.sim.title')}</h2>
      <div className="toolbar">
        <label className="form-field">
          <span className="form-label">{t('reach.sim.mode')}</span>
          <select className="select" data-testid="reach-sim-mode" value={mode} onChange={(e) => setMode(e.target.value === 'monte_carlo' ? 'monte_carlo' : 'deterministic')}>
            <option value="deterministic">{t('reach.sim.modes.deterministic')}</option>
            <option value="monte_carlo">{t('reach.sim.modes.monte_carlo')}</option>
          </select>
        </label>
        {mode === 'monte_carlo' ? (
          <label className="form-field">
            <span className="form-label">{t('reach.sim.runs')}</span>
            <input className="input input-num" data-testid="reach-sim-runs" value={runs} onChange={(e) => setRuns(Number(e.target.value))} />
          </label>
        ) : null}
        <button type="button" className="btn btn-primary" data-testid="reach-simulate" disabled={sim.running} onClick={() => void sim.run({ plan, mode, runs })}>
          {t('reach.sim.run')}
        </button>
        <button type="button" className="btn" data-testid="reach-download-manifest" onClick={() => void downloadManifest()}>
          {t('reach.sim.manifest')}
        </button>
      </div>
      {sim.running ? <JobProgress progress={stepProgress(sim.progress)} cancelling={sim.cancelling} onCancel={sim.cancel} label={t('reach.sim.running')} testId="reach-sim-progress" /> : null}
      {sim.error ? <ErrorNotice error={sim.error} testId="reach-sim-error" /> : null}
      {error ? <ErrorNotice error={error} testId="reach-manifest-error" /> : null}
      {r ? (
        <>
          <p data-testid="reach-sim-entry">{t('reach.sim.entry', { entry: r.entry, holdout: r.holdout, asOf: r.asOfDate })}</p>
          <ChartView option={sankeyOption(r)} height={380} label={t('reach.sim.sankey')} testId="reach-sankey" />
          <table className="grid-table" data-testid="reach-sim-steps">
            <thead>
              <tr>
                <th>{t('reach.sim.stepCol')}</th>
                <th className="num">{t('reach.sim.entered')}</th>
                <th>{t('reach.sim.dropped')}</th>
                {r.mode === 'monte_carlo' ? <th className="num">{t('reach.sim.interval')}</th> : null}
                <th />
              </tr>
            </thead>
            <tbody>
              {r.steps.map((s) => (
                <tr key={s.id} data-testid={`reach-sim-step-${s.id}`}>
                  <td>{s.label}</td>
                  <td className="num" data-testid={`reach-sim-count-${s.id}`}>
                    {s.entered}
                  </td>
                  <td>
                    {Object.entries(s.droppedByReason)
                      .map(([k, v]) => `${t(`reach.sim.reasons.${k as 'cap' | 'unreachable'}`)} ${v}`)
                      .join('，')}
                  </td>
                  {r.mode === 'monte_carlo' ? <td className="num">{`${(s.low ?? 0).toFixed(0)}–${(s.high ?? 0).toFixed(0)}`}</td> : null}
                  <td>
                    {s.entered > 0 && s.type !== 'wait' ? (
                      <button type="button" className="btn btn-small" data-testid={`reach-export-${s.id}`} disabled={exporter.running} onClick={() => void exportStep(s.id)}>
                        {t('reach.sim.export')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('reach.sim.sends', { sends: Object.entries(r.sends).map(([c, n]) => `${t(`reach.plan.channels.${c as (typeof REACH_CHANNELS)[number]}`)} ${n}`).join('，') })}</p>
        </>
      ) : null}
      {exporter.running ? <JobProgress progress={exporter.progress} cancelling={exporter.cancelling} onCancel={exporter.cancel} label={t('reach.sim.exporting')} testId="reach-export-progress" /> : null}
      {exporter.error ? <ErrorNotice error={exporter.error} testId="reach-export-error" /> : null}
      {exporter.result && exportedStep ? (
        <div className="reach-export-result" data-testid="reach-export-result">
          <p>
            <strong>{exportedStep}</strong>{' '}
            {t('reach.sim.exported', { rows: exporter.result.manifest.counts.exported, holdout: exporter.result.manifest.counts.holdout, excluded: exporter.result.manifest.counts.excluded })}
          </p>
          <button type="button" className="btn" data-testid="reach-download-file" onClick={() => void platform.saveFile(exporter.result?.fileName ?? 'reach.csv', exporter.result?.bytes.slice() ?? new Uint8Array(), exporter.result?.mime ?? 'text/csv')}>
            {t('reach.sim.downloadFile')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function LiftPanel({ planKey }: { readonly planKey: string }): ReactNode {
  const { t } = useTranslation();
  const job = useJob('reach.lift');
  const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  return (
    <section className="card" data-testid="reach-lift">
      <h2 className="card-title">{t('reach.lift.title')}</h2>
      <p className="muted">{t('reach.lift.hint')}</p>
      <div className="toolbar">
        <button type="button" className="btn" data-testid="reach-lift-run" disabled={job.running} onClick={() => void job.run({ planKey })}>
          {t('reach.lift.run')}
        </button>
      </div>
      {job.error ? <ErrorNotice error={job.error} testId="reach-lift-error" /> : null}
      {job.result ? (
        <table className="grid-table" data-testid="reach-lift-table">
          <thead>
            <tr>
              <th>{t('reach.lift.step')}</th>
              <th className="num">{t('reach.lift.treated')}</th>
              <th className="num">{t('reach.lift.control')}</th>
              <th className="num">{t('reach.lift.lift')}</th>
            </tr>
          </thead>
          <tbody>
            {job.result.rows.map((r) => (
              <tr key={r.exportId}>
                <td>{r.step}</td>
                <td className="num">{`${r.treatedActed} / ${r.treated}`}</td>
                <td className="num">{`${r.controlActed} / ${r.control}`}</td>
                <td className="num">{r.lift === null ? '—' : `${pct(r.lift)} (${pct(r.low)} – ${pct(r.high)})`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
