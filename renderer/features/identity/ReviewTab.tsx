/**
 * The review queue: pairs between the two match thresholds and pairs joined by an identifier over its cap, each
 * shown side by side with field-by-field evidence and the weight; accept / reject / split decisions are stored
 * and win over every later run. Batch review goes through a CSV exported here and imported back.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { IdentitySettings, ReviewApplyResult, ReviewDecision, ReviewItem, ReviewPage, ReviewStatus } from '#shared/api/identityTypes.ts';
import { usePlatform } from '#renderer/app/appContext.tsx';
import { routeHash } from '#renderer/app/routes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { fieldLabel, idTypeLabel, levelLabel, sourceLabel } from './identityLabels.ts';
import { compareRows, type CompareRow } from './reviewCompare.ts';
import { RevealControl, type Unmask } from './RevealDialog.tsx';
import { signedWeight } from './summaryData.ts';

const PAGE = 10;
const STATUSES: readonly ReviewStatus[] = ['pending', 'accepted', 'rejected'];
const DECISIONS: readonly ReviewDecision[] = ['accept', 'reject', 'split'];

type Notice = { readonly kind: 'decided'; readonly decision: ReviewDecision } | { readonly kind: 'applied'; readonly result: ReviewApplyResult } | { readonly kind: 'exported'; readonly where: string };

export function ReviewTab({ version }: { readonly version: number }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const platform = usePlatform();
  const [status, setStatus] = useState<ReviewStatus>('pending');
  const [offset, setOffset] = useState(0);
  const [unmask, setUnmask] = useState<Unmask | null>(null);
  const [reload, setReload] = useState(0);
  const [page, setPage] = useState<ReviewPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | 'batch' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [settings, setSettings] = useState<IdentitySettings | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    engine.call('identity.reviewList', { status, offset, limit: PAGE, ...(unmask ? { unmask } : {}) }).then(
      (p) => {
        if (!live) return;
        // The last item of the last page was decided: show the page before instead of an empty one.
        if (p.items.length === 0 && p.offset > 0 && p.total > 0) setOffset(Math.max(0, Math.floor((p.total - 1) / PAGE) * PAGE));
        else {
          setPage(p);
          setError(null);
        }
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, status, offset, unmask, reload, version]);

  useEffect(() => {
    let live = true;
    engine.call('identity.settings', {}).then(
      (s) => live && setSettings(s),
      // The thresholds only explain the weights; the queue works without them.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [engine, version]);

  const decideItem = async (item: ReviewItem, decision: ReviewDecision): Promise<void> => {
    setBusy(item.reviewId);
    try {
      await engine.call('identity.decide', { reviewId: item.reviewId, decision });
      setNotice({ kind: 'decided', decision });
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const exportCsv = async (): Promise<void> => {
    setBusy('batch');
    try {
      const bytes = await engine.call('identity.reviewExport', {});
      const where = await platform.saveFile(t('identity.review.fileName'), bytes, 'text/csv;charset=utf-8');
      if (where) setNotice({ kind: 'exported', where });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const applyCsv = async (file: File): Promise<void> => {
    setBusy('batch');
    try {
      const result = await engine.call('identity.reviewApply', { bytes: new Uint8Array(await file.arrayBuffer()) });
      setNotice({ kind: 'applied', result });
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const total = page?.total ?? 0;
  return (
    <div data-testid="id-review-tab">
      <p className="muted">{t('identity.review.intro')}</p>
      <div className="toolbar id-wrap">
        <div className="id-segmented" role="radiogroup" aria-label={t('identity.tabs.review')}>
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={status === s}
              className={`btn btn-small${status === s ? ' btn-primary' : ''}`}
              onClick={() => {
                setStatus(s);
                setOffset(0);
              }}
              data-testid={`id-review-status-${s}`}
            >
              {t(`identity.review.status.${s}`)}
            </button>
          ))}
        </div>
        <span className="muted" data-testid="id-review-total">
          {t('identity.review.total', { count: total })}
        </span>
        <div className="header-spacer" />
        <RevealControl unmask={unmask} onChange={setUnmask} testId="id-review-reveal" />
        <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void exportCsv()} data-testid="id-review-export">
          {t('identity.review.export')}
        </button>
        <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => fileInput.current?.click()} data-testid="id-review-apply">
          {t('identity.review.apply')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,text/csv"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void applyCsv(file);
          }}
          data-testid="id-review-apply-input"
        />
      </div>
      <p className="muted small">{t('identity.review.batchHint')}</p>
      {notice ? <NoticeLine notice={notice} onDismiss={() => setNotice(null)} /> : null}
      {error ? <ErrorNotice error={error} testId="id-review-error" /> : null}
      {page && page.items.length === 0 ? <div className="empty-state">{t('identity.review.empty')}</div> : null}
      {page?.items.map((item) => (
        <ReviewCard key={item.reviewId} item={item} masked={page.masked} settings={settings} busy={busy !== null} onDecide={(d) => void decideItem(item, d)} />
      ))}
      {page && total > PAGE ? (
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

function NoticeLine({ notice, onDismiss }: { readonly notice: Notice; readonly onDismiss: () => void }): ReactNode {
  const { t } = useTranslation();
  let body: ReactNode;
  if (notice.kind === 'decided') body = t('identity.review.decided', { decision: t(`identity.review.${notice.decision}`) });
  else if (notice.kind === 'exported') body = t('identity.review.exported', { where: notice.where });
  else {
    const r = notice.result;
    body = (
      <>
        {t('identity.review.applied', { applied: r.applied, unchanged: r.unchanged, errors: r.errors.length })}
        {r.errors.length > 0 ? (
          <ul>
            {r.errors.slice(0, 20).map((e) => (
              <li key={e.line}>{t('identity.review.line', { line: e.line, message: e.message })}</li>
            ))}
          </ul>
        ) : null}
      </>
    );
  }
  return (
    <div className={`notice ${notice.kind === 'applied' && notice.result.errors.length > 0 ? 'notice-warning' : 'notice-info'}`} role="status" data-testid={`id-review-${notice.kind}`}>
      <div className="notice-body">{body}</div>
      <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}

function rowLabel(t: TFunction, r: CompareRow): string {
  return r.kind === 'identifier' ? idTypeLabel(t, r.label) : fieldLabel(t, r.label);
}

function ReviewCard({
  item,
  masked,
  settings,
  busy,
  onDecide,
}: {
  readonly item: ReviewItem;
  readonly masked: boolean;
  readonly settings: IdentitySettings | null;
  readonly busy: boolean;
  readonly onDecide: (d: ReviewDecision) => void;
}): ReactNode {
  const { t } = useTranslation();
  const rows = compareRows(item);
  const weighed = item.evidence.length > 0;
  const persons = item.detail.persons;
  const cap = item.detail.cap;
  return (
    <article className="card id-review-card" data-testid={`id-review-item-${item.reviewId}`} aria-labelledby={`id-review-${item.reviewId}`}>
      <div className="card-head id-wrap">
        <h3 id={`id-review-${item.reviewId}`} className="card-title">
          #{item.reviewId} · {t(`identity.review.kind.${item.kind}`)}
        </h3>
        {item.weight !== null ? (
          <span className="badge" title={settings ? t('identity.review.weightHint', { link: settings.linkWeight, review: settings.reviewWeight }) : undefined} data-testid="id-review-weight">
            {t('identity.review.weight', { weight: item.weight.toFixed(2) })}
          </span>
        ) : null}
        {item.kind === 'over_cap' && item.idType ? (
          <span className="small">
            {t('identity.review.sharedValue', {
              type: idTypeLabel(t, item.idType),
              value: String(item.detail.value ?? ''),
              persons: typeof persons === 'number' ? persons : '?',
              cap: typeof cap === 'number' ? cap : '?',
            })}
          </span>
        ) : null}
        <div className="header-spacer" />
        {item.status === 'pending' ? (
          DECISIONS.map((d) => (
            <button
              key={d}
              type="button"
              className={`btn btn-small${d === 'accept' ? ' btn-primary' : ''}`}
              disabled={busy}
              title={t(`identity.review.${d}Hint`)}
              onClick={() => onDecide(d)}
              data-testid={`id-review-${d}-${item.reviewId}`}
            >
              {t(`identity.review.${d}`)}
            </button>
          ))
        ) : (
          <span className="badge">{t(`identity.review.status.${item.status}`)}</span>
        )}
      </div>
      <div className="table-wrap">
        <table className="grid-table id-compare">
          <thead>
            <tr>
              <th>{t('identity.review.row')}</th>
              <th>
                {t('identity.review.a')} <SideHead side={item.a} />
              </th>
              <th>
                {t('identity.review.b')} <SideHead side={item.b} />
              </th>
              <th>{t('identity.review.compare')}</th>
              {weighed ? <th className="num">{t('identity.review.evidence')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={r.shared ? 'id-shared' : undefined}>
                <td>{rowLabel(t, r)}</td>
                <td className="id-mono">{r.a || '—'}</td>
                <td className="id-mono">{r.b || '—'}</td>
                <td>
                  {r.evidence ? levelLabel(t, r.evidence.level) : r.comparison ? <span className={`id-cmp id-cmp-${r.comparison}`}>{t(`identity.review.${r.comparison}`)}</span> : '—'}
                </td>
                {weighed ? <td className={`num${r.evidence && r.evidence.weight < 0 ? ' warn-text' : ''}`}>{r.evidence ? signedWeight(r.evidence.weight) : ''}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {masked ? <p className="muted small">{t('identity.review.maskedNote')}</p> : null}
    </article>
  );
}

function SideHead({ side }: { readonly side: ReviewItem['a'] }): ReactNode {
  const { t } = useTranslation();
  return (
    <span className="id-side">
      <span>
        {sourceLabel(t, side.source)} · <span className="id-mono">{side.recordId}</span>
      </span>
      {side.oneId ? (
        <a className="id-mono" href={routeHash('identity', { tab: 'person', person: side.oneId })}>
          {side.oneId}
        </a>
      ) : null}
    </span>
  );
}
