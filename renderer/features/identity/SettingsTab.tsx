/**
 * The identity settings editor: per identifier type its priority, person cap, record cap and whether it links;
 * the review slack, both match-weight thresholds and the probabilistic stage. Saved settings apply from the next
 * run; "restore defaults" asks first.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { EngineArgs } from '#shared/api/engineApi.ts';
import type { IdentifierType, IdentitySettings } from '#shared/api/identityTypes.ts';
import { ConfirmDialog } from '#renderer/components/ConfirmDialog.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { idTypeLabel } from './identityLabels.ts';
import { checkForm, isEmptyPatch, toForm, type FieldError, type RuleForm, type SettingsForm } from './settingsForm.ts';

type GeneralField = 'reviewSlack' | 'linkWeight' | 'reviewWeight' | 'maxBlockSize' | 'emIterations';
const GENERAL: readonly GeneralField[] = ['linkWeight', 'reviewWeight', 'reviewSlack', 'maxBlockSize', 'emIterations'];

export function SettingsTab(): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [base, setBase] = useState<IdentitySettings | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);

  useEffect(() => {
    let live = true;
    engine.call('identity.settings', {}).then(
      (s) => {
        if (!live) return;
        setBase(s);
        setForm(toForm(s));
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine]);

  if (!base || !form) return error ? <ErrorNotice error={error} /> : <p className="muted">{t('common.loading')}</p>;
  const checked = checkForm(base, form);
  const dirty = checked.patch === null || !isEmptyPatch(checked.patch);

  const apply = async (args: EngineArgs<'identity.settings'>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const next = await engine.call('identity.settings', args);
      setBase(next);
      setForm(toForm(next));
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const edit = (next: SettingsForm): void => {
    setForm(next);
    setSaved(false);
  };
  const editRule = (type: IdentifierType, change: Partial<RuleForm>): void => edit({ ...form, rules: form.rules.map((r) => (r.type === type ? { ...r, ...change } : r)) });
  const problem = (key: string): string | null => errorText(t, checked.errors.get(key));

  return (
    <form
      data-testid="id-settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (checked.patch && !isEmptyPatch(checked.patch)) void apply({ settings: checked.patch });
      }}
    >
      <p className="muted">{t('identity.settings.intro')}</p>
      <section className="card">
        <h2 className="card-title">{t('identity.settings.rules')}</h2>
        <div className="table-wrap">
          <table className="grid-table id-settings-table">
            <thead>
              <tr>
                <th>{t('identity.settings.type')}</th>
                <th>{t('identity.settings.enabled')}</th>
                <th>{t('identity.settings.priority')}</th>
                <th>{t('identity.settings.cap')}</th>
                <th>{t('identity.settings.maxRecords')}</th>
              </tr>
            </thead>
            <tbody>
              {form.rules.map((r) => (
                <tr key={r.type} data-testid={`id-rule-${r.type}`}>
                  <td>{idTypeLabel(t, r.type)}</td>
                  <td>
                    <input type="checkbox" checked={r.enabled} onChange={(e) => editRule(r.type, { enabled: e.target.checked })} aria-label={`${idTypeLabel(t, r.type)} ${t('identity.settings.enabled')}`} />
                  </td>
                  {(['priority', 'cap', 'maxRecords'] as const).map((field) => (
                    <td key={field}>
                      <NumberInput
                        value={r[field]}
                        label={`${idTypeLabel(t, r.type)} ${t(`identity.settings.${field}`)}`}
                        problem={problem(`rules.${r.type}.${field}`)}
                        onChange={(v) => editRule(r.type, { [field]: v })}
                        testId={`id-rule-${r.type}-${field}`}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2 className="card-title">{t('identity.settings.general')}</h2>
        <div className="id-settings-grid">
          {GENERAL.map((field) => (
            <label key={field} className="id-settings-field">
              <span className="form-label">{t(`identity.settings.${field}`)}</span>
              <NumberInput value={form[field]} label={t(`identity.settings.${field}`)} problem={problem(field)} onChange={(v) => edit({ ...form, [field]: v })} testId={`id-setting-${field}`} />
            </label>
          ))}
          <label className="id-settings-check">
            <input type="checkbox" checked={form.probabilistic} onChange={(e) => edit({ ...form, probabilistic: e.target.checked })} data-testid="id-setting-probabilistic" />
            <span>{t('identity.settings.probabilistic')}</span>
          </label>
        </div>
      </section>
      {error ? <ErrorNotice error={error} testId="id-settings-error" /> : null}
      {saved && !dirty ? (
        <p className="notice notice-info" data-testid="id-settings-saved">
          {t('identity.settings.saved')}
        </p>
      ) : null}
      <div className="toolbar">
        <button type="submit" className="btn btn-primary" disabled={busy || !dirty || checked.patch === null} data-testid="id-settings-save">
          {t('identity.settings.save')}
        </button>
        <button type="button" className="btn" disabled={busy || !dirty} onClick={() => edit(toForm(base))}>
          {t('identity.settings.revert')}
        </button>
        <div className="header-spacer" />
        <button type="button" className="btn" disabled={busy} onClick={() => setConfirmReset(true)} data-testid="id-settings-reset">
          {t('identity.settings.reset')}
        </button>
      </div>
      <ConfirmDialog
        open={confirmReset}
        message={t('identity.settings.resetConfirm')}
        confirmText={t('identity.settings.reset')}
        onCancel={() => setConfirmReset(false)}
        onConfirm={() => {
          setConfirmReset(false);
          void apply({ reset: true });
        }}
      />
    </form>
  );
}

function errorText(t: TFunction, e: FieldError | undefined): string | null {
  if (!e) return null;
  return e.kind === 'order' ? t('identity.settings.weightOrder') : t('identity.settings.invalidNumber', { min: e.min.toLocaleString(), max: e.max.toLocaleString() });
}

function NumberInput({ value, label, problem, onChange, testId }: { readonly value: string; readonly label: string; readonly problem: string | null; readonly onChange: (v: string) => void; readonly testId: string }): ReactNode {
  return (
    <span className="id-num-field">
      <input
        className={`input input-num${problem ? ' id-invalid' : ''}`}
        inputMode="decimal"
        value={value}
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        title={problem ?? undefined}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
      {problem ? <span className="small warn-text">{problem}</span> : null}
    </span>
  );
}
