/**
 * The 文本 page: run the text pipeline over the imported notes, then explore it — segmentation preview with the
 * dictionary editor, keywords with a word cloud, topics (renamable, taggable) over time, sentiment by group, all
 * with drill-down to the masked notes behind them; classifier training, keyword or semantic search, and the
 * merchant category rules.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TextRunSummary } from '#shared/api/textTypes.ts';
import { useWorkspace } from '#renderer/app/appContext.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { KeywordsPanel } from './KeywordsPanel.tsx';
import { MerchantPanel } from './MerchantPanel.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import { SearchPanel } from './SearchPanel.tsx';
import { SegmentPanel } from './SegmentPanel.tsx';
import { SentimentPanel } from './SentimentPanel.tsx';
import type { DrillDown } from './textFilter.ts';
import { TopicsPanel } from './TopicsPanel.tsx';
import { TrainPanel } from './TrainPanel.tsx';

export function TextView(): ReactNode {
  const { t } = useTranslation();
  const state = useWorkspace();
  const summaryJob = useJob('text.summary');
  const runJob = useJob('text.run', { keepOnUnmount: true });
  const [summary, setSummary] = useState<TextRunSummary | null>(null);
  const [k, setK] = useState('');
  const [drill, setDrill] = useState<DrillDown | null>(null);
  const notesCount = state.info?.tables.find((x) => x.name === 'notes')?.rows ?? 0;
  const { run: loadSummary } = summaryJob;

  useEffect(() => {
    void loadSummary({}).then((s) => setSummary(s ?? null));
  }, [loadSummary, state.info?.workspaceId]);

  const runPipeline = useCallback(async () => {
    const s = await runJob.run(k === '' ? {} : { k: Number(k) });
    if (s) {
      setSummary(s);
      setDrill(null);
    }
  }, [runJob, k]);

  const showNotes = useCallback((d: DrillDown) => {
    setDrill(d);
    requestAnimationFrame(() => document.getElementById('text-notes')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  }, []);

  return (
    <section className="page" data-testid="view-text">
      <div className="page-head">
        <h1 className="page-title">{t('text.title')}</h1>
        <div className="header-spacer" />
        <label className="form-field">
          <span className="form-label">{t('text.k')}</span>
          <select className="select select-narrow" value={k} onChange={(e) => setK(e.target.value)} data-testid="text-k">
            <option value="">{t('text.kAuto')}</option>
            {[3, 4, 5, 6, 8, 10, 12, 15, 20].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" disabled={runJob.running || notesCount === 0} onClick={() => void runPipeline()} data-testid="text-run">
          {summary ? t('text.rerun') : t('text.run')}
        </button>
      </div>
      <p className="muted">{t('text.intro')}</p>
      {notesCount === 0 ? <div className="empty-state" data-testid="text-no-notes">{t('text.noNotes')}</div> : null}
      {runJob.running ? <JobProgress progress={runJob.progress} cancelling={runJob.cancelling} onCancel={runJob.cancel} label={t('text.run')} testId="text-progress" cancelTestId="text-cancel" /> : null}
      {runJob.cancelled ? <p className="muted">{t('common.cancelled')}</p> : null}
      {runJob.error ? <ErrorNotice error={runJob.error} testId="text-error" /> : null}
      {summary ? <RunSummary summary={summary} /> : notesCount > 0 && !runJob.running ? <p className="muted">{t('text.notRun')}</p> : null}
      <SegmentPanel />
      {summary ? (
        <div key={summary.runId}>
          <KeywordsPanel onDrill={showNotes} />
          <TopicsPanel onDrill={showNotes} />
          <SentimentPanel onDrill={showNotes} />
          <SearchPanel />
          <div id="text-notes">
            <NotesPanel drill={drill} onClear={() => setDrill(null)} />
          </div>
          <TrainPanel />
        </div>
      ) : null}
      <MerchantPanel />
    </section>
  );
}

function RunSummary({ summary }: { readonly summary: TextRunSummary }): ReactNode {
  const { t } = useTranslation();
  const issues = Object.entries(summary.issues).filter(([, n]) => n > 0);
  return (
    <div className="card" data-testid="text-summary">
      <div>
        {t('text.summary', {
          runId: summary.runId,
          notes: summary.notes,
          analysed: summary.analysed,
          tokens: summary.tokens,
          customers: summary.customers,
          tags: summary.tags,
          seconds: ((summary.ms.total ?? 0) / 1000).toFixed(1),
        })}
      </div>
      <div className="muted small">{t(`text.sentimentMethod.${summary.sentimentMethod === 'classifier' ? 'classifier' : 'lexicon'}`)}</div>
      {issues.length > 0 ? (
        <div className="small" data-testid="text-issues">
          {t('text.issues')}：{issues.map(([code, n]) => `${t(`text.issue.${code}`, { defaultValue: code })} ${n}`).join('，')}
        </div>
      ) : null}
    </div>
  );
}
