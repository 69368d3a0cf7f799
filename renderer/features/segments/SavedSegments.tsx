/** The saved segments: size, version, as-of date and staleness, with edit, versions (joined/left), refresh, delete and a link to the portrait. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentDetail, SegmentSummary } from '#shared/api/segmentTypes.ts';
import { routeHash } from '#renderer/app/routes.ts';
import { ConfirmDialog } from '#renderer/components/ConfirmDialog.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';

export interface SavedSegmentsProps {
  readonly list: readonly SegmentSummary[];
  readonly onOpen: (d: SegmentDetail) => void;
  readonly onChanged: () => void;
}

export function SavedSegments({ list, onOpen, onChanged }: SavedSegmentsProps): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const getJob = useJob('segments.get');
  const versionsJob = useJob('segments.get');
  const refreshJob = useJob('segments.refresh', { keepOnUnmount: true });
  const deleteJob = useJob('segments.delete');
  const [confirm, setConfirm] = useState<SegmentSummary | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const versions = versionsJob.result;

  const refresh = async (segmentId?: number): Promise<void> => {
    setNote(null);
    const r = await refreshJob.run(segmentId === undefined ? {} : { segmentId });
    if (r) {
      const changed = r.filter((x) => x.changed).length;
      setNote(t('segments.refreshed', { changed, same: r.length - changed }));
      onChanged();
    }
  };

  return (
    <section className="card" data-testid="segments-list">
      <div className="card-head">
        <h2 className="card-title">{t('segments.list')}</h2>
        {list.length > 0 ? (
          <button type="button" className="btn btn-small" disabled={refreshJob.running} onClick={() => void refresh()} data-testid="segments-refresh-all">
            {t('segments.refreshAll')}
          </button>
        ) : null}
      </div>
      {refreshJob.running ? <JobProgress progress={refreshJob.progress} cancelling={refreshJob.cancelling} onCancel={refreshJob.cancel} label={t('segments.refresh')} /> : null}
      {note ? <p className="notice notice-info" data-testid="segments-refresh-note">{note}</p> : null}
      {[getJob.error, refreshJob.error, deleteJob.error].map((e, k) => (e ? <ErrorNotice key={k} error={e} /> : null))}
      {list.length === 0 ? (
        <p className="muted">{t('segments.listEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('segments.name')}</th>
                <th className="num">{t('segments.count')}</th>
                <th className="num">{t('segments.version')}</th>
                <th>{t('segments.asOf')}</th>
                <th>{t('segments.readBack')}</th>
                <th>{t('segments.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.segmentId} data-testid="segment-row" data-name={s.name}>
                  <td>
                    {s.name}
                    {s.stale ? <span className="badge badge-dirty" title={t('segments.stale')}>{t('segments.stale')}</span> : null}
                  </td>
                  <td className="num">{s.count.toLocaleString()}</td>
                  <td className="num">{s.version}</td>
                  <td>{s.asOf ?? '-'}</td>
                  <td className="small">{en ? s.readBack.en : s.readBack.zh}</td>
                  <td className="segments-actions">
                    <button type="button" className="btn btn-small" onClick={() => void getJob.run({ segmentId: s.segmentId }).then((d) => d && onOpen(d))} data-testid="segment-edit">
                      {t('segments.edit')}
                    </button>
                    <button type="button" className="btn btn-small" onClick={() => void versionsJob.run({ segmentId: s.segmentId })} data-testid="segment-versions">
                      {t('segments.versions')}
                    </button>
                    <button type="button" className="btn btn-small" disabled={refreshJob.running} onClick={() => void refresh(s.segmentId)} data-testid="segment-refresh">
                      {t('segments.refresh')}
                    </button>
                    <a className="btn btn-small" href={routeHash('portraits', { segment: s.segmentId })} data-testid="segment-portrait">
                      {t('segments.portrait')}
                    </a>
                    <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirm(s)} data-testid="segment-delete">
                      {t('segments.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {versions ? (
        <div className="segments-versions" data-testid="segment-version-table">
          <h3 className="section-title">{`${versions.name} · ${t('segments.versions')}`}</h3>
          <table className="grid-table small">
            <thead>
              <tr>
                <th className="num">{t('segments.version')}</th>
                <th>{t('segments.updatedAt')}</th>
                <th>{t('segments.asOf')}</th>
                <th className="num">{t('segments.count')}</th>
                <th className="num">{t('segments.joined')}</th>
                <th className="num">{t('segments.left')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.versions.map((v) => (
                <tr key={v.version}>
                  <td className="num">{v.version}</td>
                  <td>{new Date(v.refreshedAt).toLocaleString(i18n.language)}</td>
                  <td>{v.asOf ?? '-'}</td>
                  <td className="num">{v.count.toLocaleString()}</td>
                  <td className="num">{v.joined === null ? '-' : `+${v.joined.toLocaleString()}`}</td>
                  <td className="num">{v.left === null ? '-' : `−${v.left.toLocaleString()}`}</td>
                  <td>{t(`segments.reason.${v.reason}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {versions.problems.length > 0 ? (
            <ul className="rule-problems">
              {versions.problems.map((p, k) => (
                <li key={k}>{en ? p.message : p.zh}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        message={t('segments.deleteConfirm', { name: confirm?.name ?? '' })}
        confirmText={t('segments.delete')}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const s = confirm;
          setConfirm(null);
          if (s) void deleteJob.run({ segmentId: s.segmentId }).then((r) => r && onChanged());
        }}
      />
    </section>
  );
}
