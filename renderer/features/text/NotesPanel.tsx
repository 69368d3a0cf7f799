/** The notes behind a chart element (personal data masked by the engine), with labels for classifier training. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteRow, SentimentLabel } from '#shared/api/textTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import type { DrillDown } from './textFilter.ts';

const PAGE = 50;
const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

export function NotesPanel({ drill, onClear }: { readonly drill: DrillDown | null; readonly onClear: () => void }): ReactNode {
  const { t } = useTranslation();
  const [page0, setPage0] = useState<{ drill: DrillDown | null; offset: number }>({ drill, offset: 0 });
  // A new drill-down starts at its first page (state derived while rendering, not in an effect).
  const offset = page0.drill === drill ? page0.offset : 0;
  const setOffset = (o: number): void => setPage0({ drill, offset: o });
  const job = useJob('text.notes');
  const { run } = job;
  const [labels, setLabels] = useState<Readonly<Record<number, SentimentLabel | null>>>({});
  const labelJob = useJob('text.label');

  useEffect(() => {
    void run({ filter: drill?.filter ?? {}, offset, limit: PAGE });
  }, [run, drill, offset]);

  const label = async (row: NoteRow, l: SentimentLabel): Promise<void> => {
    const current = labels[row.rowId] !== undefined ? labels[row.rowId] : row.label;
    const next = current === l ? null : l;
    if (await labelJob.run({ noteRowId: row.rowId, label: next })) setLabels((m) => ({ ...m, [row.rowId]: next }));
  };

  const page = job.result;
  return (
    <div className="card" data-testid="text-notes">
      <h2 className="section-title">{t('text.notes.title')}</h2>
      {drill ? (
        <div className="toolbar" data-testid="text-notes-filter">
          <span>{t('text.notes.filter', { filter: drill.caption })}</span>
          <button type="button" className="btn btn-small" onClick={onClear}>
            {t('text.notes.clear')}
          </button>
        </div>
      ) : null}
      {job.error ? <ErrorNotice error={job.error} /> : null}
      {labelJob.error ? <ErrorNotice error={labelJob.error} /> : null}
      {page ? (
        <>
          <div className="muted small" data-testid="text-notes-total">
            {t('text.notes.total', { total: page.total })}
          </div>
          <table className="grid-table small">
            <thead>
              <tr>
                <th>{t('text.notes.time')}</th>
                <th>{t('text.notes.channel')}</th>
                <th>{t('text.notes.text')}</th>
                <th>{t('text.notes.sentiment')}</th>
                <th>{t('text.notes.label')}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => {
                const mine = labels[r.rowId] !== undefined ? labels[r.rowId] : r.label;
                return (
                  <tr key={r.rowId} data-testid="text-note-row">
                    <td>{r.time ?? ''}</td>
                    <td>{r.channel ?? ''}</td>
                    <td data-testid="text-note-text">{r.text}</td>
                    <td>{r.sentiment ? t(`text.sentiment.labels.${r.sentiment}`) : ''}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>
                      {LABELS.map((l) => (
                        <button key={l} type="button" className={`btn btn-small${mine === l ? ' btn-primary' : ''}`} onClick={() => void label(r, l)} data-testid={`text-label-${l}`}>
                          {t(`text.sentiment.labels.${l}`)}
                        </button>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="toolbar">
            <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('text.notes.prev')}
            </button>
            <button type="button" className="btn btn-small" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)} data-testid="text-notes-next">
              {t('text.notes.more')}
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
