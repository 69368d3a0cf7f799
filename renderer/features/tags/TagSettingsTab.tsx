/** The tag settings other than the lifecycle thresholds: RFM weights (SPSS 100/10/1 by default), value-model and tag thresholds. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagSettings, TagSettingsPatch } from '#shared/api/tagTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';

type NumberField = readonly [label: string, get: (s: TagSettings) => number, set: (v: number) => TagSettingsPatch];

const FIELDS: readonly NumberField[] = [
  ['tags.settings.clvMonths', (s) => s.value.clvMonths, (v) => ({ value: { clvMonths: v } })],
  ['tags.settings.margin', (s) => s.value.margin, (v) => ({ value: { margin: v } })],
  ['tags.settings.discount', (s) => s.value.monthlyDiscount, (v) => ({ value: { monthlyDiscount: v } })],
  ['tags.settings.aumSpread', (s) => s.value.aumSpread, (v) => ({ value: { aumSpread: v } })],
  ['tags.settings.loanSpread', (s) => s.value.loanSpread, (v) => ({ value: { loanSpread: v } })],
  ['tags.settings.fitSample', (s) => s.value.fitSample, (v) => ({ value: { fitSample: v } })],
  ['tags.settings.interestMin', (s) => s.interest.minTransactions, (v) => ({ interest: { minTransactions: v } })],
  ['tags.settings.outflowMin', (s) => s.risk.outflowMinYuan, (v) => ({ risk: { outflowMinYuan: v } })],
  ['tags.settings.dormantGap', (s) => s.risk.dormantGapDays, (v) => ({ risk: { dormantGapDays: v } })],
  ['tags.settings.reactivatedWithin', (s) => s.risk.reactivatedWithinDays, (v) => ({ risk: { reactivatedWithinDays: v } })],
  ['tags.settings.fatigue', (s) => s.marketing.fatigueTouches30d, (v) => ({ marketing: { fatigueTouches30d: v } })],
  ['tags.settings.unresponsive', (s) => s.marketing.unresponsiveMinSends, (v) => ({ marketing: { unresponsiveMinSends: v } })],
];

const PRESETS: Readonly<Record<'spss' | 'equal', readonly [number, number, number]>> = { spss: [100, 10, 1], equal: [1, 1, 1] };

export function TagSettingsTab(): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [settings, setSettings] = useState<TagSettings | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [weights, setWeights] = useState<string[]>(['', '', '']);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = (s: TagSettings): void => {
    setSettings(s);
    setValues(Object.fromEntries(FIELDS.map(([label, get]) => [label, String(get(s))])));
    setWeights(s.rfm.weights.map(String));
  };
  useEffect(() => {
    let live = true;
    engine.call('tags.settings', {}).then(
      (s) => live && load(s),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine]);

  const save = async (): Promise<void> => {
    setError(null);
    try {
      let patch: TagSettingsPatch = { rfm: { weights: [Number(weights[0]), Number(weights[1]), Number(weights[2])] } };
      for (const [label, , set] of FIELDS) {
        const part = set(Number(values[label]));
        patch = { ...patch, ...Object.fromEntries(Object.entries(part).map(([k, v]) => [k, { ...((patch as Record<string, object>)[k] ?? {}), ...(v) }])) };
      }
      load(await engine.call('tags.settings', { settings: patch }));
      setMessage(t('tags.settings.saved'));
    } catch (e) {
      setError(e);
    }
  };

  if (!settings) return error ? <ErrorNotice error={error} /> : <p className="muted">{t('common.loading')}</p>;
  const preset = (Object.keys(PRESETS) as ('spss' | 'equal')[]).find((k) => PRESETS[k].every((w, i) => String(w) === weights[i])) ?? 'custom';
  return (
    <section className="card" data-testid="tags-settings">
      <h2 className="card-title">{t('tags.settings.title')}</h2>
      <div className="tg-form">
        <label>
          <span>{t('tags.settings.rfm')}</span>
          <select
            className="select"
            value={preset}
            onChange={(e) => {
              const p = e.target.value;
              if (p === 'spss' || p === 'equal') setWeights(PRESETS[p].map(String));
            }}
            data-testid="rfm-preset"
          >
            <option value="spss">{t('tags.settings.spss')}</option>
            <option value="equal">{t('tags.settings.equal')}</option>
            <option value="custom">{t('tags.settings.custom')}</option>
          </select>
        </label>
        <label>
          <span>R / F / M</span>
          <span>
            {weights.map((w, i) => (
              <input key={i} className="input input-num" style={{ width: 60 }} value={w} onChange={(e) => setWeights(weights.map((x, j) => (j === i ? e.target.value : x)))} data-testid={`rfm-weight-${i}`} />
            ))}
          </span>
        </label>
        {FIELDS.map(([label]) => (
          <label key={label}>
            <span>{t(label as 'tags.settings.clvMonths')}</span>
            <input className="input input-num" value={values[label] ?? ''} onChange={(e) => setValues({ ...values, [label]: e.target.value })} />
          </label>
        ))}
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={() => void save()} data-testid="tags-settings-save">
          {t('tags.settings.save')}
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() =>
            void engine.call('tags.settings', { reset: true }).then(
              (s) => load(s),
              (e: unknown) => setError(e),
            )
          }
        >
          {t('tags.settings.reset')}
        </button>
      </div>
      {message ? <p className="notice notice-info">{message}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
