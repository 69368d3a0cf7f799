/**
 * The workspace's marketing-compliance rules: exclusions with their status words, DND lists, product
 * suitability, contact caps across campaigns and quiet hours. Saved in the workspace; every export applies them.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplianceSettings } from '#shared/api/exportTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';

type Exclusions = ComplianceSettings['exclusions'];
type WordKey = 'deceasedWords' | 'frozenWords' | 'closedWords';

const words = (text: string): string[] =>
  text
    .split(/[,，、;；\n]/)
    .map((w) => w.trim())
    .filter((w) => w !== '');

const capValue = (text: string): number | null => (text.trim() === '' ? null : Math.max(0, Math.round(Number(text))));

export function ComplianceSettingsPanel({ dndRows }: { readonly dndRows: number }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [draft, setDraft] = useState<ComplianceSettings | null>(null);
  const [wordText, setWordText] = useState<Record<WordKey, string>>({ deceasedWords: '', frozenWords: '', closedWords: '' });
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = (s: ComplianceSettings): void => {
    setDraft(s);
    setWordText({ deceasedWords: s.exclusions.deceasedWords.join('，'), frozenWords: s.exclusions.frozenWords.join('，'), closedWords: s.exclusions.closedWords.join('，') });
  };

  useEffect(() => {
    let live = true;
    engine.call('compliance.settings', {}).then(
      (s) => {
        if (live) load(s);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [engine]);

  if (!draft) return error ? <ErrorNotice error={error} /> : null;

  const x = draft.exclusions;
  const setX = (patch: Partial<Exclusions>): void => {
    setSaved(false);
    setDraft({ ...draft, exclusions: { ...x, ...patch } });
  };
  const setD = (patch: Partial<ComplianceSettings>): void => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const save = async (reset: boolean): Promise<void> => {
    setError(null);
    try {
      const settings = { ...draft, exclusions: { ...x, deceasedWords: words(wordText.deceasedWords), frozenWords: words(wordText.frozenWords), closedWords: words(wordText.closedWords) } };
      load(await engine.call('compliance.settings', reset ? { reset: true } : { settings }));
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  const check = (key: 'staff' | 'deceased' | 'frozen' | 'closed' | 'minors'): ReactNode => (
    <label className="form-field">
      <input type="checkbox" data-testid={`compliance-${key}`} checked={x[key]} onChange={(e) => setX({ [key]: e.target.checked })} />
      {t(`export.compliance.${key}`)}
    </label>
  );
  const wordInput = (key: WordKey): ReactNode => (
    <label className="form-field" title={t('export.compliance.wordsHint')}>
      <span className="form-label">{t(`export.compliance.${key}`)}</span>
      <input className="input export-wide" value={wordText[key]} onChange={(e) => {
          setSaved(false);
          setWordText({ ...wordText, [key]: e.target.value });
        }} />
    </label>
  );

  return (
    <section className="card" data-testid="compliance-settings">
      <h2 className="card-title">{t('export.compliance.title')}</h2>
      <p className="muted small">{t('export.compliance.intro')}</p>
      <h3 className="section-title">{t('export.compliance.exclusions')}</h3>
      <div className="form-row">
        {check('staff')}
        {check('deceased')}
        {check('frozen')}
        {check('closed')}
        {check('minors')}
        <label className="form-field">
          <span className="form-label">{t('export.compliance.minorAge')}</span>
          <input className="input input-num" type="number" min={0} max={30} value={x.minorAge} onChange={(e) => setX({ minorAge: Math.round(Number(e.target.value)) })} />
        </label>
      </div>
      <div className="form-row">
        {wordInput('deceasedWords')}
        {wordInput('frozenWords')}
        {wordInput('closedWords')}
      </div>
      <div className="form-row">
        <label className="form-field">
          <input type="checkbox" data-testid="compliance-dnd" checked={draft.dnd} onChange={(e) => setD({ dnd: e.target.checked })} />
          {t('export.compliance.dnd')}
        </label>
        <span className="muted small" data-testid="compliance-dnd-rows">
          {t('export.compliance.dndRows', { count: dndRows })}
        </span>
      </div>
      <div className="form-row">
        <label className="form-field">
          <input type="checkbox" checked={draft.suitability.enabled} onChange={(e) => setD({ suitability: { ...draft.suitability, enabled: e.target.checked } })} />
          {t('export.compliance.suitability')}
        </label>
        <label className="form-field">
          <input type="checkbox" checked={draft.suitability.excludeUnassessed} onChange={(e) => setD({ suitability: { ...draft.suitability, excludeUnassessed: e.target.checked } })} />
          {t('export.compliance.excludeUnassessed')}
        </label>
        <label className="form-field">
          <input type="checkbox" checked={draft.suitability.excludeExpired} onChange={(e) => setD({ suitability: { ...draft.suitability, excludeExpired: e.target.checked } })} />
          {t('export.compliance.excludeExpired')}
        </label>
      </div>
      <div className="form-row" title={t('export.compliance.noCap')}>
        <label className="form-field">
          <input type="checkbox" data-testid="compliance-caps" checked={draft.caps.enabled} onChange={(e) => setD({ caps: { ...draft.caps, enabled: e.target.checked } })} />
          {t('export.compliance.caps')}
        </label>
        <label className="form-field">
          <span className="form-label">{t('export.compliance.max7d')}</span>
          <input className="input input-num" data-testid="compliance-max7d" value={draft.caps.max7d ?? ''} onChange={(e) => setD({ caps: { ...draft.caps, max7d: capValue(e.target.value) } })} />
          {t('export.compliance.times')}
        </label>
        <label className="form-field">
          <span className="form-label">{t('export.compliance.max30d')}</span>
          <input className="input input-num" data-testid="compliance-max30d" value={draft.caps.max30d ?? ''} onChange={(e) => setD({ caps: { ...draft.caps, max30d: capValue(e.target.value) } })} />
          {t('export.compliance.times')}
        </label>
      </div>
      <div className="form-row">
        <label className="form-field">
          <input type="checkbox" data-testid="compliance-quiet" checked={draft.quietHours.enabled} onChange={(e) => setD({ quietHours: { ...draft.quietHours, enabled: e.target.checked } })} />
          {t('export.compliance.quietHours')}
        </label>
        <label className="form-field">
          {t('export.compliance.from')}
          <input type="time" className="input" data-testid="compliance-quiet-start" value={draft.quietHours.start} onChange={(e) => setD({ quietHours: { ...draft.quietHours, start: e.target.value } })} />
        </label>
        <label className="form-field">
          {t('export.compliance.to')}
          <input type="time" className="input" data-testid="compliance-quiet-end" value={draft.quietHours.end} onChange={(e) => setD({ quietHours: { ...draft.quietHours, end: e.target.value } })} />
        </label>
      </div>
      {error ? <ErrorNotice error={error} testId="compliance-error" /> : null}
      <div className="toolbar">
        <button type="button" className="btn btn-primary" data-testid="compliance-save" onClick={() => void save(false)}>
          {t('export.compliance.save')}
        </button>
        <button type="button" className="btn" data-testid="compliance-reset" onClick={() => void save(true)}>
          {t('export.compliance.reset')}
        </button>
        {saved ? (
          <span className="muted" role="status" data-testid="compliance-saved">
            {t('export.compliance.saved')}
          </span>
        ) : null}
      </div>
    </section>
  );
}
