/**
 * Search over the notes: BM25 on segmented words without any model; semantic search once the analyst picks a
 * local model folder (a folder input in a browser, the native picker on the desktop). Also computes and caches
 * note vectors and lists duplicate notes.
 */
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelSource } from '#shared/api/textTypes.ts';
import { usePlatform } from '#renderer/app/appContext.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';

/** Where the desktop app serves the folder the user chose (electron/common/desktopApi.ts chooseModelFolder). */
const DESKTOP_MODEL_BASE = '/model/';

export function SearchPanel(): ReactNode {
  const { t } = useTranslation();
  const platform = usePlatform();
  const [query, setQuery] = useState('');
  const [model, setModel] = useState<{ source: ModelSource; name: string } | null>(null);
  const folder = useRef<HTMLInputElement>(null);
  const search = useJob('text.search');
  const embed = useJob('text.embed');
  const dups = useJob('text.duplicates');

  const pickFolder = async (): Promise<void> => {
    if (platform.chooseModelFolder) {
      const path = await platform.chooseModelFolder();
      if (path) setModel({ source: { kind: 'url', base: DESKTOP_MODEL_BASE }, name: path });
    } else folder.current?.click();
  };
  const onFolder = (files: FileList | null): void => {
    const list = files ? [...files] : [];
    if (list.length > 0) setModel({ source: { kind: 'files', files: list }, name: list[0]?.webkitRelativePath.split('/')[0] ?? '' });
  };
  const go = (): void => {
    if (query.trim() !== '') void search.run({ query, limit: 50, ...(model ? { model: model.source } : {}) });
  };

  const r = search.result;
  return (
    <div className="card" data-testid="text-search">
      <h2 className="section-title">{t('text.search.title')}</h2>
      <div className="toolbar">
        <input
          className="input"
          style={{ minWidth: 320 }}
          value={query}
          placeholder={t('text.search.placeholder')}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') go();
          }}
          data-testid="text-search-input"
        />
        <button type="button" className="btn btn-primary" disabled={search.running} onClick={go} data-testid="text-search-go">
          {t('text.search.go')}
        </button>
        <span className="badge" data-testid="text-search-mode">
          {model ? t('text.search.modeSemantic') : t('text.search.modeBm25')}
        </span>
        <button type="button" className="btn" onClick={() => void pickFolder()} data-testid="text-model-choose">
          {t('text.search.chooseModel')}
        </button>
        <input ref={folder} type="file" hidden multiple {...{ webkitdirectory: '' }} onChange={(e) => onFolder(e.target.files)} data-testid="text-model-folder" />
        {model ? (
          <>
            <span className="small" data-testid="text-model-name">
              {t('text.search.modelReady', { name: model.name })}
            </span>
            <button type="button" className="btn btn-small" onClick={() => setModel(null)}>
              {t('text.search.dropModel')}
            </button>
            <button type="button" className="btn btn-small" disabled={embed.running} onClick={() => void embed.run({ model: model.source })} data-testid="text-embed">
              {t('text.search.embed')}
            </button>
          </>
        ) : null}
        <button type="button" className="btn btn-small" disabled={dups.running} onClick={() => void dups.run(model ? { model: model.source } : {})} data-testid="text-duplicates">
          {t('text.search.duplicates')}
        </button>
      </div>
      <p className="muted small">{t('text.search.modelHint')}</p>
      {embed.running ? <JobProgress progress={embed.progress} cancelling={embed.cancelling} onCancel={embed.cancel} label={t('text.search.embed')} /> : null}
      {embed.result ? (
        <p className="small" data-testid="text-embed-result">
          {t('text.search.embedded', { notes: embed.result.notes, computed: embed.result.computed, cached: embed.result.cached, ms: embed.result.msPerThousand ?? '—' })}
        </p>
      ) : null}
      {[search.error, embed.error, dups.error].map((e, i) => (e ? <ErrorNotice key={i} error={e} testId="text-search-error" /> : null))}
      {r ? (
        <div data-testid="text-search-result">
          <p className="small">{t('text.search.hits', { count: r.hits.length, customers: r.customers })}</p>
          <table className="grid-table small">
            <tbody>
              {r.hits.map((h) => (
                <tr key={h.rowId} data-testid="text-search-hit">
                  <td className="num">{h.score?.toFixed(3) ?? ''}</td>
                  <td>{h.oneId ?? ''}</td>
                  <td>{h.time ?? ''}</td>
                  <td>{h.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {dups.result ? (
        <div data-testid="text-duplicates-result">
          <p className="small">{t('text.search.duplicateGroups', { count: dups.result.length })}</p>
          <ul className="small">
            {dups.result.slice(0, 20).map((g, i) => (
              <li key={i}>
                {g.kind === 'exact' ? t('text.search.exact') : t('text.search.near', { similarity: g.similarity })} ×{g.notes.length}：{g.notes[0]?.text.slice(0, 80)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
