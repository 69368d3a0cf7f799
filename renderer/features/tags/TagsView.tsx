/**
 * The 标签 page: the wide table and tag run panel on top, then tabs for the tag list (families, definitions,
 * coverage, members with reasons), lifecycle groups with editable thresholds, run history with the changes of
 * each run, custom rule tags and the tag settings. The tab lives in the route (`#/tags?tab=lifecycle`).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileStatus } from '#shared/api/profileTypes.ts';
import type { TagRunSummary } from '#shared/api/tagTypes.ts';
import { routeHash } from '#renderer/app/routes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useEngineEvent, useJob } from '#renderer/engine/hooks.tsx';
import { CustomTagsTab } from './CustomTagsTab.tsx';
import { LifecycleTab } from './LifecycleTab.tsx';
import { RunsTab } from './RunsTab.tsx';
import { TagListTab } from './TagListTab.tsx';
import { TagSettingsTab } from './TagSettingsTab.tsx';
import './tags.css';

export type TagsTab = 'list' | 'lifecycle' | 'runs' | 'custom' | 'settings';
const TABS: readonly TagsTab[] = ['list', 'lifecycle', 'runs', 'custom', 'settings'];

export function parseTagsTab(v: string | null): TagsTab {
  return TABS.find((t) => t === v) ?? 'list';
}

export function TagsView({ params }: { readonly params: URLSearchParams }): ReactNode {
  const { t } = useTranslation();
  const tab = parseTagsTab(params.get('tab'));
  // Bumped on every workspace change (a run, an import, another workspace): the tabs reload with it.
  const [version, setVersion] = useState(0);
  useEngineEvent('workspace.changed', () => setVersion((v) => v + 1));
  return (
    <section className="page" data-testid="view-tags">
      <div className="page-head">
        <h1 className="page-title">{t('tags.title')}</h1>
      </div>
      <p className="muted">{t('tags.intro')}</p>
      <RunPanel version={version} />
      <nav className="tg-tabs" role="tablist" aria-label={t('tags.tabs.label')}>
        {TABS.map((id) => (
          <a key={id} role="tab" aria-selected={id === tab} className={`tg-tab${id === tab ? ' active' : ''}`} href={routeHash('tags', { tab: id })} data-testid={`tags-tab-${id}`}>
            {t(`tags.tabs.${id}`)}
          </a>
        ))}
      </nav>
      <div role="tabpanel" className="tg-panel">
        {tab === 'list' ? <TagListTab version={version} /> : null}
        {tab === 'lifecycle' ? <LifecycleTab version={version} /> : null}
        {tab === 'runs' ? <RunsTab version={version} /> : null}
        {tab === 'custom' ? <CustomTagsTab version={version} /> : null}
        {tab === 'settings' ? <TagSettingsTab /> : null}
      </div>
    </section>
  );
}

/** Wide-table status and build, and the tag run with progress and cancel; both keep running off the page. */
function RunPanel({ version }: { readonly version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const build = useJob('profile.build', { keepOnUnmount: true });
  const run = useJob('tags.run', { keepOnUnmount: true });
  const [status, setStatus] = useState<ProfileStatus | null>(null);
  const [last, setLast] = useState<TagRunSummary | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    Promise.all([engine.call('profile.status', {}), engine.call('tags.runs', { limit: 1 })]).then(
      ([s, runs]) => {
        if (!live) return;
        setStatus(s);
        setLast(runs[0] ?? null);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, version]);

  const busy = build.running || run.running;
  const time = (iso: string | null): string => (iso ? new Date(iso).toLocaleString(i18n.language) : '');
  return (
    <section className="card" aria-labelledby="tg-run-title" data-testid="tags-run-panel">
      <div className="card-head">
        <h2 id="tg-run-title" className="card-title">
          {t('tags.run.title')}
        </h2>
        <button type="button" className="btn" disabled={busy} onClick={() => void build.run({})} data-testid="tags-build-profile">
          {t('tags.profile.build')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run.run({})} data-testid="tags-run-start">
          {t('tags.run.start')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} testId="tags-status-error" /> : null}
      <p className="muted small" data-testid="tags-profile-status">
        {status === null ? t('common.loading') : !status.built ? t('tags.profile.notBuilt') : t('tags.profile.status', { rows: status.rows.toLocaleString(), columns: status.columns, asOf: status.asOf ?? '', time: time(status.builtAt) })}
        {status?.built && status.stale ? <span className="warn-text"> · {t('tags.profile.stale')}</span> : null}
      </p>
      <p className="muted small" data-testid="tags-last-run">
        {last === undefined ? '' : last === null ? t('tags.run.never') : t('tags.run.lastRun', { runId: last.runId, time: time(last.finishedAt ?? last.startedAt), asOf: last.asOf })}
      </p>
      {build.running ? (
        <JobProgress progress={build.progress} cancelling={build.cancelling} onCancel={build.cancel} label={t('tags.profile.building')} testId="tags-build-progress" cancelTestId="tags-build-cancel" />
      ) : null}
      {run.running ? (
        <JobProgress progress={run.progress} cancelling={run.cancelling} onCancel={run.cancel} label={t('tags.run.running')} cancelText={t('tags.run.cancel')} testId="tags-run-progress" cancelTestId="tags-run-cancel" />
      ) : null}
      {run.cancelled || build.cancelled ? (
        <p className="notice notice-info" data-testid="tags-run-cancelled">
          {t('tags.run.cancelled')}
        </p>
      ) : null}
      {build.error ? <ErrorNotice error={build.error} testId="tags-build-error" /> : null}
      {run.error ? <ErrorNotice error={run.error} testId="tags-run-error" /> : null}
      {build.result && !run.running ? (
        <p className="notice notice-info" data-testid="tags-build-done">
          {t('tags.profile.done', { rows: build.result.rows.toLocaleString(), seconds: (build.result.ms / 1000).toFixed(1) })}
        </p>
      ) : null}
      {run.result ? (
        <p className="notice notice-info" data-testid="tags-run-done">
          {t('tags.run.done', { runId: run.result.runId, customers: run.result.customers.toLocaleString(), rows: run.result.rows.toLocaleString(), seconds: ((run.result.ms ?? 0) / 1000).toFixed(1) })}
          {run.result.prevRunId !== null ? ` · ${run.result.diff.length > 0 ? t('tags.run.changes', { count: run.result.diff.length }) : t('tags.run.noChanges')}` : ''}
        </p>
      ) : null}
    </section>
  );
}
