/** Past audience exports of the workspace, newest first (the export log the contact caps count from). */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportLogEntry } from '#shared/api/exportTypes.ts';
import { useEngine } from '#renderer/engine/hooks.tsx';

export function ExportLogTable({ version }: { readonly version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const [entries, setEntries] = useState<readonly ExportLogEntry[] | null>(null);

  useEffect(() => {
    let live = true;
    engine.call('export.log', { limit: 20 }).then(
      (e) => {
        if (live) setEntries(e);
      },
      // The log is a convenience below the form; without it exporting still works.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [engine, version]);

  if (!entries) return null;
  return (
    <section className="card" data-testid="export-log">
      <h2 className="card-title">{t('export.log.title')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('export.log.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('export.log.at')}</th>
                <th>{t('export.log.segment')}</th>
                <th>{t('export.log.campaign')}</th>
                <th>{t('export.log.channel')}</th>
                <th>{t('export.log.plannedAt')}</th>
                <th className="num">{t('export.log.rows')}</th>
                <th className="num">{t('export.log.holdout')}</th>
                <th>{t('export.log.file')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.exportId} data-testid={`export-log-${e.exportId}`}>
                  <td>{new Date(e.at).toLocaleString(i18n.language)}</td>
                  <td>{e.segmentName ?? ''}</td>
                  <td>{e.campaignKey ?? ''}</td>
                  <td>{t(`export.audience.channels.${e.channel}`)}</td>
                  <td>{e.plannedAt}</td>
                  <td className="num">{e.rows.toLocaleString()}</td>
                  <td className="num">{e.holdout.toLocaleString()}</td>
                  <td title={e.sha256}>{e.fileName ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
