/**
 * Lifecycle groups: sizes (chart and table with each group's rule), the editable thresholds (saved in the
 * workspace's tag settings) and a button to save and run the tags again.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LifecycleOverview } from '#shared/api/tagTypes.ts';
import { navigate } from '#renderer/app/routes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useJob } from '#renderer/engine/hooks.tsx';
import { formToPatch, thresholdsToForm, THRESHOLD_FIELDS, type ThresholdForm } from './lifecycleForm.ts';
import { horizontalBarOption } from './tagCharts.ts';

export function LifecycleTab({ version }: { readonly version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const run = useJob('tags.run', { keepOnUnmount: true });
  const [overview, setOverview] = useState<LifecycleOverview | null>(null);
  const [form, setForm] = useState<ThresholdForm | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [bad, setBad] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    engine.call('tags.lifecycle', {}).then(
      (o) => {
        if (!live) return;
        setOverview(o);
        setForm(thresholdsToForm(o.settings));
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, version, reload]);

  const en = i18n.language.startsWith('en');
  const option = useMemo(() => (overview ? horizontalBarOption(overview.groups.map((g) => ({ label: en ? g.en : g.zh, value: g.members })), t('tags.lifecycle.members')) : null), [overview, en, t]);

  const save = async (andRun: boolean): Promise<void> => {
    if (!form) return;
    const r = formToPatch(form);
    if ('bad' in r) {
      setBad(r.bad);
      return;
    }
    setBad(null);
    setError(null);
    try {
      await engine.call('tags.settings', { settings: { lifecycle: r.patch } });
      setMessage(t('tags.lifecycle.saved'));
      if (andRun) await run.run({});
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };
  const reset = async (): Promise<void> => {
    try {
      const defaults = await engine.call('tags.settings', { reset: true });
      setForm(thresholdsToForm(defaults.lifecycle));
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };

  if (error && !overview) return <ErrorNotice error={error} testId="tags-lifecycle-error" />;
  if (!overview || !form || !option) return <p className="muted">{t('common.loading')}</p>;
  const assigned = overview.groups.reduce((a, g) => a + g.members, 0);
  return (
    <div data-testid="tags-lifecycle">
      <div className="tg-grid2">
        <section className="card">
          <h2 className="card-title">{t('tags.lifecycle.chart')}</h2>
          <ChartView option={option} height={260} label={t('tags.lifecycle.chart')} testId="tags-lifecycle-chart" />
        </section>
        <section className="card">
          <table className="grid-table" data-testid="tags-lifecycle-table">
            <thead>
              <tr>
                <th>{t('tags.lifecycle.group')}</th>
                <th className="num">{t('tags.lifecycle.members')}</th>
                <th className="num">{t('tags.lifecycle.share')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {overview.groups.map((g) => (
                <tr key={g.group} data-testid={`lifecycle-row-${g.group}`}>
                  <td>
                    {en ? g.en : g.zh}
                    <div className="muted small">
                      <code>{g.tag}</code>
                    </div>
                  </td>
                  <td className="num" data-testid={`lifecycle-size-${g.group}`}>
                    {g.members.toLocaleString()}
                  </td>
                  <td className="num">{overview.customers > 0 ? `${((100 * g.members) / overview.customers).toFixed(1)}%` : ''}</td>
                  <td>
                    {g.members > 0 ? (
                      <button type="button" className="btn btn-small" onClick={() => navigate('portraits', { lifecycle: g.tag })} data-testid={`lifecycle-portrait-${g.group}`}>
                        {t('tags.lifecycle.portrait')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
              <tr>
                <td className="muted">{t('tags.lifecycle.none')}</td>
                <td className="num">{Math.max(0, overview.customers - assigned).toLocaleString()}</td>
                <td />
                <td />
              </tr>
            </tbody>
          </table>
        </section>
      </div>
      <section className="card" data-testid="tags-thresholds">
        <h2 className="card-title">{t('tags.lifecycle.thresholds')}</h2>
        <p className="muted small">
          {t('tags.lifecycle.order')}: {overview.settings.order.map((g) => (en ? overview.groups.find((x) => x.group === g)?.en : overview.groups.find((x) => x.group === g)?.zh) ?? g).join(' → ')}
        </p>
        <div className="tg-form">
          {THRESHOLD_FIELDS.map(([group, field]) => {
            const key = `${group}.${field}`;
            return (
              <label key={key} className={bad === key ? 'warn-text' : undefined}>
                <span>{t(`tags.lifecycle.fields.${group}.${field}` as 'tags.lifecycle.fields.stableDormant.minInactiveDays')}</span>
                <input className="input input-num" inputMode="decimal" value={form[key] ?? ''} onChange={(e) => setForm({ ...form, [key]: e.target.value })} data-testid={`threshold-${key}`} />
              </label>
            );
          })}
        </div>
        <div className="toolbar">
          <button type="button" className="btn" onClick={() => void save(false)} disabled={run.running} data-testid="thresholds-save">
            {t('tags.lifecycle.save')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void save(true)} disabled={run.running} data-testid="thresholds-save-run">
            {t('tags.lifecycle.saveAndRun')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => void reset()} disabled={run.running}>
            {t('tags.lifecycle.reset')}
          </button>
        </div>
        {run.running ? <JobProgress progress={run.progress} cancelling={run.cancelling} onCancel={run.cancel} label={t('tags.run.running')} testId="thresholds-run-progress" /> : null}
        {message && !run.running ? (
          <p className="notice notice-info" data-testid="thresholds-saved">
            {message}
          </p>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}
        {run.error ? <ErrorNotice error={run.error} /> : null}
      </section>
    </div>
  );
}
