/**
 * The ONE_ID page: the run panel on top, then tabs for the summary and channel overlap, search and a person's
 * identity graph, the review queue, identifier issues and the settings. The tab and the person shown live in the
 * route (`#/identity?tab=person&person=P000000001`), so links and the back button work.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentitySummary } from '#shared/api/identityTypes.ts';
import { routeHash } from '#renderer/app/routes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine, useEngineEvent } from '#renderer/engine/hooks.tsx';
import { IssuesTab } from './IssuesTab.tsx';
import { OverviewTab } from './OverviewTab.tsx';
import { PersonTab } from './PersonTab.tsx';
import { ReviewTab } from './ReviewTab.tsx';
import { RunPanel } from './RunPanel.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import './identity.css';

export type IdentityTab = 'overview' | 'person' | 'review' | 'issues' | 'settings';
const TABS: readonly IdentityTab[] = ['overview', 'person', 'review', 'issues', 'settings'];

export function parseTab(v: string | null): IdentityTab {
  return TABS.find((t) => t === v) ?? 'overview';
}

export function IdentityView({ params }: { readonly params: URLSearchParams }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const tab = parseTab(params.get('tab'));
  const person = params.get('person');
  // undefined: not loaded yet; null: identity resolution has never run.
  const [summary, setSummary] = useState<IdentitySummary | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  // Bumped on every workspace change (a run, a decision, an import, another workspace): the tabs reload with it.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    engine.call('identity.summary', {}).then(
      (s) => {
        if (!live) return;
        setSummary(s);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, version]);

  useEngineEvent('workspace.changed', () => setVersion((v) => v + 1));

  return (
    <section className="page" data-testid="view-identity">
      <div className="page-head">
        <h1 className="page-title">{t('identity.title')}</h1>
      </div>
      <p className="muted">{t('identity.intro')}</p>
      <RunPanel summary={summary ?? null} onDone={(s) => setSummary(s)} />
      {error ? <ErrorNotice error={error} testId="id-summary-error" /> : null}
      <nav className="id-tabs" role="tablist" aria-label={t('identity.tabs.label')}>
        {TABS.map((id) => (
          <a
            key={id}
            role="tab"
            aria-selected={id === tab}
            className={`id-tab${id === tab ? ' active' : ''}`}
            href={routeHash('identity', { tab: id, ...(id === 'person' && person ? { person } : {}) })}
            data-testid={`id-tab-${id}`}
          >
            {t(`identity.tabs.${id}`)}
            {id === 'review' && summary && summary.review.pending > 0 ? <span className="id-count">{summary.review.pending.toLocaleString()}</span> : null}
          </a>
        ))}
      </nav>
      <div role="tabpanel" className="id-panel">
        {summary === undefined && !error ? <p className="muted">{t('common.loading')}</p> : null}
        {summary !== undefined && tab === 'overview' ? <OverviewTab summary={summary} /> : null}
        {tab === 'person' ? <PersonTab oneId={person} version={version} /> : null}
        {tab === 'review' ? <ReviewTab version={version} /> : null}
        {summary !== undefined && tab === 'issues' ? <IssuesTab summary={summary} version={version} /> : null}
        {tab === 'settings' ? <SettingsTab /> : null}
      </div>
    </section>
  );
}
