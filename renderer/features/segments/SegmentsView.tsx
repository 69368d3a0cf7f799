/**
 * 人群圈选: the rule tree builder with a live exact count after every edit (earlier counts are cancelled when a
 * newer edit arrives), the Chinese read-back sentence, problems shown on the condition they concern, overlap
 * with saved segments, saving as a new segment or a new version; then the saved segments with versions and
 * refresh, set operations with an UpSet chart, a two-segment comparison and the why-in/why-out trace.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleProblem, SegmentCatalog, SegmentDetail, SegmentRule } from '#shared/api/segmentTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngineEvent, useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { RuleEditor } from './RuleEditor.tsx';
import { conditionCount, emptyDraft, fromRule, toRule, type DraftGroup } from './ruleDraft.ts';
import { SavedSegments } from './SavedSegments.tsx';
import { SetOpsPanel } from './SetOpsPanel.tsx';
import { WhyPanel } from './WhyPanel.tsx';
import './segments.css';

/** Quiet time after an edit before counting, so typing a number does not count every digit. */
const COUNT_DELAY_MS = 150;

interface Editing {
  readonly segmentId: number;
  readonly name: string;
  readonly version: number;
}

export function SegmentsView(): ReactNode {
  const { t } = useTranslation();
  const catalogJob = useJob('segments.catalog');
  const listJob = useJob('segments.list');
  const buildJob = useJob('profile.build', { keepOnUnmount: true });
  const warmJob = useJob('analytics.warm');
  const [draft, setDraft] = useState<DraftGroup>(emptyDraft);
  const [editing, setEditing] = useState<Editing | null>(null);
  const loadCatalog = catalogJob.run;
  const loadList = listJob.run;

  const reload = useCallback((): void => {
    void loadCatalog({});
    void loadList({});
  }, [loadCatalog, loadList]);
  useEffect(reload, [reload]);
  useEngineEvent('workspace.changed', reload);

  // Keep showing the last catalog while a newer one loads, so the builder (and what is typed in it) stays.
  const [catalog, setCatalog] = useState<SegmentCatalog | null>(null);
  if (catalogJob.result && catalogJob.result !== catalog) setCatalog(catalogJob.result);

  // Load the columnar view and the behaviour index in the background, so the counts after edits are fast; the
  // engine yields between pieces, so counts run meanwhile.
  const warm = warmJob.run;
  const profileBuilt = catalog?.profileBuilt ?? false;
  useEffect(() => {
    if (profileBuilt) void warm({ behaviour: true });
  }, [profileBuilt, warm]);
  const open = (d: SegmentDetail): void => {
    setDraft(fromRule(d.rule));
    setEditing({ segmentId: d.segmentId, name: d.name, version: d.version });
    window.scrollTo({ top: 0 });
  };
  const useRule = (rule: SegmentRule): void => {
    setDraft(fromRule(rule));
    setEditing(null);
    window.scrollTo({ top: 0 });
  };

  return (
    <section className="page" data-testid="view-segments">
      <div className="page-head">
        <h1 className="page-title">{t('segments.title')}</h1>
      </div>
      <p className="muted">{t('segments.intro')}</p>
      {catalogJob.error ? <ErrorNotice error={catalogJob.error} /> : null}
      {catalog && !catalog.profileBuilt ? (
        <div className="notice notice-warning" data-testid="segments-no-profile">
          <span>{t('segments.noProfile')}</span>{' '}
          <button type="button" className="btn btn-primary" disabled={buildJob.running} onClick={() => void buildJob.run({}).then(reload)} data-testid="build-profile">
            {t('segments.buildProfile')}
          </button>
          {buildJob.running ? <JobProgress progress={buildJob.progress} cancelling={buildJob.cancelling} onCancel={buildJob.cancel} label={t('segments.building')} /> : null}
          {buildJob.error ? <ErrorNotice error={buildJob.error} /> : null}
        </div>
      ) : null}
      {warmJob.running ? (
        <JobProgress progress={warmJob.progress} cancelling={warmJob.cancelling} onCancel={warmJob.cancel} label={t('segments.warming')} testId="analytics-warm" />
      ) : null}
      {catalog ? (
        <Builder
          draft={draft}
          onDraft={setDraft}
          editing={editing}
          onSaved={(d) => {
            setEditing({ segmentId: d.segmentId, name: d.name, version: d.version });
            reload();
          }}
          onNew={() => {
            setDraft(emptyDraft());
            setEditing(null);
          }}
          catalog={catalog}
          onLoadBehavior={() => void loadCatalog({ behavior: true })}
          loadingBehavior={catalogJob.running}
        />
      ) : null}
      <SavedSegments list={listJob.result ?? []} onOpen={open} onChanged={reload} />
      {listJob.result && listJob.result.length > 0 ? <SetOpsPanel segments={listJob.result} onUseRule={useRule} /> : null}
      {catalog?.profileBuilt ? <WhyPanel rule={toRule(draft).rule} enabled={conditionCount(draft) > 0} /> : null}
    </section>
  );
}

interface BuilderProps {
  readonly draft: DraftGroup;
  readonly onDraft: (d: DraftGroup) => void;
  readonly editing: Editing | null;
  readonly onSaved: (d: SegmentDetail) => void;
  readonly onNew: () => void;
  readonly catalog: SegmentCatalog;
  readonly onLoadBehavior: () => void;
  readonly loadingBehavior: boolean;
}

function Builder({ draft, onDraft, editing, onSaved, onNew, catalog, onLoadBehavior, loadingBehavior }: BuilderProps): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const countJob = useJob('segments.count');
  const sqlJob = useJob('segments.count');
  const saveJob = useJob('segments.save', { keepOnUnmount: true });
  const [name, setName] = useState(editing?.name ?? '');
  const [description, setDescription] = useState('');
  /** The note after a save, shown while the rule is the one saved. */
  const [savedNote, setSavedNote] = useState<{ readonly text: string; readonly rule: string } | null>(null);
  const converted = useMemo(() => toRule(draft), [draft]);
  const ruleJson = JSON.stringify(converted.rule);
  const empty = conditionCount(draft) === 0;
  const runCount = countJob.run;
  const resetCount = countJob.reset;

  useEffect(() => {
    if (empty) {
      resetCount();
      return undefined;
    }
    const timer = setTimeout(() => void runCount({ rule: JSON.parse(ruleJson) as SegmentRule }), COUNT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [ruleJson, empty, runCount, resetCount]);

  // Opening another segment (or a new rule) resets the name field and the saved note.
  const [shownFor, setShownFor] = useState(editing);
  if (shownFor !== editing) {
    setShownFor(editing);
    setName(editing?.name ?? '');
  }

  const outcome = countJob.result;
  const problems = useMemo(() => (outcome && !outcome.ok ? outcome.problems : []), [outcome]);
  const byNode = useMemo(() => {
    const m = new Map<string, RuleProblem[]>();
    for (const p of problems) {
      const id = converted.paths.get(p.path) ?? draft.id;
      m.set(id, [...(m.get(id) ?? []), p]);
    }
    return m;
  }, [problems, converted, draft.id]);

  const save = async (asNew: boolean): Promise<void> => {
    setSavedNote(null);
    const d = await saveJob.run({ name, description, rule: converted.rule, ...(editing && !asNew ? { segmentId: editing.segmentId } : {}) });
    if (d) {
      setSavedNote({ text: t('segments.saved', { name: d.name, version: d.version, n: d.count.toLocaleString() }), rule: ruleJson });
      onSaved(d);
    }
  };

  return (
    <section className="card segments-builder" data-testid="segments-builder">
      <div className="card-head">
        <h2 className="card-title">{editing ? t('segments.editing', { name: editing.name, version: editing.version }) : t('segments.builder')}</h2>
        {editing ? (
          <button type="button" className="btn btn-small" onClick={onNew} data-testid="rule-new">
            {t('segments.newRule')}
          </button>
        ) : null}
      </div>
      <div className="segments-split">
        <div className="segments-editor">
          <RuleEditor draft={draft} onChange={onDraft} catalog={catalog} problems={byNode} onLoadBehavior={onLoadBehavior} />
          {loadingBehavior ? <p className="muted small">{t('common.loading')}</p> : null}
        </div>
        <aside className="segments-live" aria-live="polite">
          <div className="form-label">{t('segments.count')}</div>
          {empty ? <p className="muted">{t('segments.emptyRule')}</p> : null}
          {countJob.running ? (
            <JobProgress progress={countJob.progress} cancelling={countJob.cancelling} onCancel={countJob.cancel} label={t('segments.counting')} testId="count-progress" />
          ) : null}
          {countJob.error ? <ErrorNotice error={countJob.error} /> : null}
          {outcome?.ok && !empty ? (
            <div data-testid="live-count">
              <div className="segments-count" data-testid="count-value" data-count={outcome.count}>
                {t('segments.countOf', { n: outcome.count.toLocaleString() })}
              </div>
              <div className="muted small">
                {t('segments.ofTotal', { total: outcome.total.toLocaleString(), pct: outcome.total > 0 ? ((100 * outcome.count) / outcome.total).toFixed(1) : '0' })}
                {' · '}
                {t('segments.countMs', { ms: outcome.ms.toFixed(1) })}
                {outcome.loadMs > 0 ? ` · ${t('segments.loadMs', { ms: Math.round(outcome.loadMs) })}` : ''}
              </div>
              <div className="form-label">{t('segments.readBack')}</div>
              <p className="segments-readback" data-testid="read-back">
                {en ? outcome.readBack.en : outcome.readBack.zh}
              </p>
              {outcome.overlaps.length > 0 ? (
                <table className="grid-table small" data-testid="overlaps">
                  <thead>
                    <tr>
                      <th>{t('segments.overlap')}</th>
                      <th className="num">{t('segments.overlapShared')}</th>
                      <th className="num">{t('segments.overlapShare')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {outcome.overlaps.map((o) => (
                      <tr key={o.segmentId}>
                        <td>{o.name}</td>
                        <td className="num">{o.shared.toLocaleString()}</td>
                        <td className="num">{o.size > 0 ? `${((100 * o.shared) / o.size).toFixed(1)}%` : '-'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              <button type="button" className="btn btn-small btn-ghost" disabled={sqlJob.running} onClick={() => void sqlJob.run({ rule: converted.rule, engine: 'sql', overlaps: false })} data-testid="sql-check">
                {t('segments.sqlCount')}
              </button>
              {sqlJob.result?.ok ? (
                <span className="small" data-testid="sql-count">
                  {' '}
                  {t('segments.sqlResult', { n: sqlJob.result.count.toLocaleString(), ms: sqlJob.result.ms.toFixed(0) })}
                </span>
              ) : null}
            </div>
          ) : null}
          {problems.length > 0 ? (
            <div className="notice notice-warning" data-testid="rule-problems">
              <strong>{t('segments.problems')}</strong>
              <ul>
                {problems.map((p, k) => (
                  <li key={k}>{en ? p.message : p.zh}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="segments-save">
            <label className="form-field">
              <span className="form-label">{t('segments.name')}</span>
              <input className="input" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="segment-name" />
            </label>
            <label className="form-field">
              <span className="form-label">{t('segments.description')}</span>
              <input className="input" value={description} onChange={(e) => setDescription(e.target.value)} />
            </label>
            <div className="toolbar">
              {editing ? (
                <button type="button" className="btn btn-primary" disabled={saveJob.running || empty || name.trim() === ''} onClick={() => void save(false)} data-testid="segment-save-version">
                  {t('segments.saveVersion')}
                </button>
              ) : null}
              <button type="button" className={editing ? 'btn' : 'btn btn-primary'} disabled={saveJob.running || empty || name.trim() === ''} onClick={() => void save(true)} data-testid="segment-save">
                {t('segments.saveAsNew')}
              </button>
            </div>
            {saveJob.running ? <JobProgress progress={saveJob.progress} cancelling={saveJob.cancelling} onCancel={saveJob.cancel} label={t('common.working')} /> : null}
            {saveJob.error ? <ErrorNotice error={saveJob.error} testId="segment-save-error" /> : null}
            {savedNote?.rule === ruleJson ? (
              <p className="notice notice-info" data-testid="segment-saved">
                {savedNote.text}
              </p>
            ) : null}
          </div>
        </aside>
      </div>
    </section>
  );
}
