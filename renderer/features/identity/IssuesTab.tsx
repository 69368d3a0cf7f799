/**
 * Identifiers the last run did not link on, with counts: invalid or placeholder values, over-shared values (a
 * call-centre number, a public device), values over their cap, conflicts between ID documents, ambiguous values.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentitySummary, IssueKind, IssuePage } from '#shared/api/identityTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { cellIssueLabel } from '#renderer/i18n/messages.ts';
import { idTypeLabel, sourceLabel } from './identityLabels.ts';

const PAGE = 100;
const KINDS: readonly IssueKind[] = ['invalid', 'over_shared', 'over_cap', 'conflict', 'ambiguous'];

export function IssuesTab({ summary, version }: { readonly summary: IdentitySummary | null; readonly version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const [kind, setKind] = useState<IssueKind | null>(null);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<IssuePage | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    engine.call('identity.issues', { ...(kind ? { kind } : {}), offset, limit: PAGE }).then(
      (p) => {
        if (!live) return;
        setPage(p);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, kind, offset, version]);

  if (!summary) return <div className="empty-state">{t('identity.issues.noRun')}</div>;
  const total = page?.total ?? 0;
  return (
    <div data-testid="id-issues-tab">
      <p className="muted">{t('identity.issues.intro')}</p>
      <section className="card">
        <h2 className="card-title">{t('identity.issues.summary')}</h2>
        {summary.issues.length === 0 ? (
          <p className="muted">{t('identity.issues.empty')}</p>
        ) : (
          <table className="grid-table" data-testid="id-issue-counts">
            <thead>
              <tr>
                <th>{t('identity.issues.kindLabel')}</th>
                <th>{t('identity.issues.type')}</th>
                <th className="num">{t('identity.issues.count')}</th>
                <th className="num">{t('identity.issues.records')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.issues.map((c) => (
                <tr key={`${c.kind}/${c.idType ?? ''}`}>
                  <td>{t(`identity.issues.kind.${c.kind}`)}</td>
                  <td>{idTypeLabel(t, c.idType)}</td>
                  <td className="num">{c.count.toLocaleString()}</td>
                  <td className="num">{c.records.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="toolbar">
        <label className="form-label" htmlFor="id-issue-kind">
          {t('identity.issues.kindLabel')}
        </label>
        <select
          id="id-issue-kind"
          className="select"
          value={kind ?? ''}
          onChange={(e) => {
            const v = e.target.value;
            setKind(KINDS.find((k) => k === v) ?? null);
            setOffset(0);
          }}
          data-testid="id-issue-kind"
        >
          <option value="">{t('identity.issues.all')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`identity.issues.kind.${k}`)}
            </option>
          ))}
        </select>
        <span className="muted">{t('identity.issues.total', { count: total })}</span>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {page && page.rows.length > 0 ? (
        <div className="table-wrap">
          <table className="grid-table" data-testid="id-issue-rows">
            <thead>
              <tr>
                <th>{t('identity.issues.kindLabel')}</th>
                <th>{t('identity.issues.type')}</th>
                <th>{t('identity.issues.value')}</th>
                <th>{t('identity.issues.code')}</th>
                <th className="num">{t('identity.issues.records')}</th>
                <th className="num">{t('identity.issues.persons')}</th>
                <th>{t('identity.issues.source')}</th>
                <th>{t('identity.issues.record')}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r, i) => (
                <tr key={offset + i}>
                  <td>{t(`identity.issues.kind.${r.kind}`)}</td>
                  <td>{idTypeLabel(t, r.idType)}</td>
                  <td className="id-mono">{r.value ?? '—'}</td>
                  <td>{r.code ? cellIssueLabel(i18n, r.code) : ''}</td>
                  <td className="num">{r.records.toLocaleString()}</td>
                  <td className="num">{r.persons === null ? '' : r.persons.toLocaleString()}</td>
                  <td>{r.source ? sourceLabel(t, r.source) : ''}</td>
                  <td className="id-mono">{r.recordId ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {total > PAGE ? (
        <div className="toolbar">
          <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('identity.review.prev')}
          </button>
          <span className="muted small">{t('identity.review.range', { from: offset + 1, to: Math.min(total, offset + PAGE), total })}</span>
          <button type="button" className="btn btn-small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            {t('identity.review.next')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
