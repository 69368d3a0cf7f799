/**
 * The import wizard: files in → a preview per file (format, encoding, delimiter, header row, sheet, kind, the
 * column mapping) → `ingest.run` with progress and cancel (cancel rolls the batch back) → counts per file.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnMapping, MappingTemplate, MoneyUnit, ReadOptions } from '#shared/api/ingestTypes.ts';
import { isCancelled } from '#shared/api/errors.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useJob } from '#renderer/engine/hooks.tsx';
import { DropZone } from './DropZone.tsx';
import { FileCard } from './FileCard.tsx';
import { newEntry, previewArgs, setColumnField, setMoneyUnit, toImportRequest, type FileEntry, type ImportKind } from './importModel.ts';
import { ImportResultTable } from './ImportResultTable.tsx';

export function ImportView(): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [entries, setEntries] = useState<readonly FileEntry[]>([]);
  const [templates, setTemplates] = useState<readonly MappingTemplate[]>([]);
  const nextKey = useRef(1);
  const previews = useRef(new Map<number, AbortController>());
  const job = useJob('ingest.run', { keepOnUnmount: true });

  const update = useCallback((key: number, fn: (e: FileEntry) => FileEntry) => {
    setEntries((list) => list.map((e) => (e.key === key ? fn(e) : e)));
  }, []);

  const loadTemplates = useCallback(() => {
    engine.call('ingest.templates', {}).then(
      (list) => setTemplates(list),
      // Templates are a convenience: without them the wizard still works, so a failure only empties the list.
      () => setTemplates([]),
    );
  }, [engine]);

  useEffect(loadTemplates, [loadTemplates]);

  /** Previews a file with its current choices; a newer preview of the same file cancels the older one. */
  const preview = useCallback(
    (entry: FileEntry, adjust?: (m: ColumnMapping) => ColumnMapping) => {
      previews.current.get(entry.key)?.abort();
      const controller = new AbortController();
      previews.current.set(entry.key, controller);
      update(entry.key, (e) => ({ ...e, status: 'previewing', error: null }));
      engine.call('ingest.preview', previewArgs(entry), { signal: controller.signal }).then(
        (p) => update(entry.key, (e) => ({ ...e, preview: p, mapping: adjust ? adjust(p.mapping) : p.mapping, status: 'ready', error: null })),
        (err: unknown) => {
          if (!isCancelled(err)) update(entry.key, (e) => ({ ...e, status: 'failed', error: err }));
        },
      );
    },
    [engine, update],
  );

  useEffect(() => {
    const running = previews.current;
    return () => {
      for (const c of running.values()) c.abort();
    };
  }, []);

  const addFiles = (files: readonly File[]): void => {
    if (job.result || job.cancelled || job.error) job.reset();
    const added = files.map((f) => newEntry(nextKey.current++, f));
    setEntries((list) => [...list, ...added]);
    for (const e of added) preview(e);
  };

  const change = (entry: FileEntry, patch: Partial<Pick<FileEntry, 'read' | 'kind' | 'template'>>, adjust?: (m: ColumnMapping) => ColumnMapping): void => {
    const next = { ...entry, ...patch };
    update(entry.key, () => next);
    preview(next, adjust);
  };

  const editMapping = (key: number, fn: (m: ColumnMapping) => ColumnMapping): void => update(key, (e) => (e.mapping ? { ...e, mapping: fn(e.mapping) } : e));

  const remove = (key: number): void => {
    previews.current.get(key)?.abort();
    previews.current.delete(key);
    setEntries((list) => list.filter((e) => e.key !== key));
  };

  const start = async (): Promise<void> => {
    const result = await job.run({ files: entries.map(toImportRequest) });
    if (result) loadTemplates();
  };

  const startOver = (): void => {
    job.reset();
    setEntries([]);
  };

  const busy = job.running;
  const ready = entries.length > 0 && entries.every((e) => e.status === 'ready');
  const finished = job.result !== undefined;
  // The engine either throws a cancellation or reports every file as cancelled (the batch was rolled back).
  const cancelled = job.cancelled || (job.result?.files.some((f) => f.status === 'cancelled') ?? false);

  return (
    <section className="page" data-testid="view-import">
      <h1 className="page-title">{t('import.title')}</h1>
      {!finished ? <DropZone onFiles={addFiles} disabled={busy} /> : null}
      {!finished && entries.length === 0 ? <p className="muted">{t('import.noFiles')}</p> : null}
      {!finished
        ? entries.map((entry, i) => (
            <FileCard
              key={entry.key}
              index={i}
              entry={entry}
              templates={templates}
              disabled={busy}
              onRead={(patch: ReadOptions) => change(entry, { read: { ...entry.read, ...patch } })}
              onKind={(kind: ImportKind) => change(entry, { kind, template: null })}
              onTemplate={(name) => change(entry, { template: name })}
              onSaveTemplate={async (name) => {
                if (!entry.mapping) return;
                await engine.call('ingest.saveTemplate', { name, mapping: entry.mapping });
                loadTemplates();
              }}
              onField={(idx, field) => editMapping(entry.key, (m) => setColumnField(m, idx, field))}
              onOtherKindField={(idx, kind, field) => change(entry, { kind, template: null }, (m) => setColumnField(m, idx, field))}
              onMoneyUnit={(idx, unit: MoneyUnit) => editMapping(entry.key, (m) => setMoneyUnit(m, idx, unit))}
              onTableName={(name) => editMapping(entry.key, (m) => ({ ...m, tableName: name }))}
              onRemove={() => remove(entry.key)}
            />
          ))
        : null}
      {!finished && entries.length > 0 ? (
        <div className="action-bar">
          {busy ? (
            <JobProgress
              progress={job.progress}
              cancelling={job.cancelling}
              onCancel={job.cancel}
              label={t('import.running')}
              testId="import-progress"
              cancelTestId="import-cancel"
              cancelText={t('import.cancel')}
            />
          ) : (
            <button type="button" className="btn btn-primary btn-large" disabled={!ready} onClick={() => void start()} data-testid="import-start">
              {t('import.start')}
            </button>
          )}
        </div>
      ) : null}
      {cancelled ? (
        <div className="notice notice-info" role="status" data-testid="import-cancelled">
          {t('import.cancelledNote')}
        </div>
      ) : null}
      {job.error ? <ErrorNotice error={job.error} testId="import-error" /> : null}
      {job.result ? (
        <>
          <ImportResultTable result={job.result} />
          <div className="action-bar">
            <button type="button" className="btn" onClick={startOver} data-testid="import-more">
              {t('import.importMore')}
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
