/**
 * Desktop only: the drop folder on the 更新变化 tab. The watch and its import queue live outside the component
 * (one per engine), so files that arrive while another page is open are still imported, one batch at a time.
 */
import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import type { EngineClient } from '#renderer/engine/engineClient.ts';
import type { DropFolderBridge } from '#renderer/platform/platform.ts';
import { importAppend } from './appendRefresh.ts';
import { createDropImportQueue, type DropImportQueue } from './dropImportQueue.ts';

const sessions = new WeakMap<EngineClient, DropImportQueue<File>>();

function dropQueueFor(engine: EngineClient, bridge: DropFolderBridge): DropImportQueue<File> {
  let queue = sessions.get(engine);
  if (!queue) {
    const created = createDropImportQueue<File>((files) => importAppend(engine, files));
    bridge.onFiles((files) => created.arrive(files));
    sessions.set(engine, created);
    queue = created;
  }
  return queue;
}

export function DropFolderCard({ engine, bridge, onImported }: { readonly engine: EngineClient; readonly bridge: DropFolderBridge; readonly onImported: () => void }): ReactNode {
  const { t } = useTranslation();
  const queue = dropQueueFor(engine, bridge);
  const state = useSyncExternalStore(queue.subscribe, queue.getState);
  const [bridgeError, setBridgeError] = useState<unknown>(null);
  const batch = state.last?.batch ?? 0;
  useEffect(() => {
    if (batch > 0) onImported();
  }, [batch, onImported]);

  const act = (action: () => Promise<void>): void => {
    setBridgeError(null);
    action().catch((e: unknown) => setBridgeError(e));
  };
  const choose = (): void =>
    act(async () => {
      const folder = await bridge.choose();
      if (folder !== null) queue.setFolder(folder);
    });
  const stop = (): void =>
    act(async () => {
      await bridge.stop();
      queue.setFolder(null);
    });

  return (
    <div className="card" data-testid="drop-folder">
      <h3>{t('behaviour.drop.title')}</h3>
      <p className="muted">{t('behaviour.drop.hint')}</p>
      <p data-testid="drop-folder-path">{state.folder === null ? t('behaviour.drop.off') : t('behaviour.drop.watching', { folder: state.folder })}</p>
      <button type="button" className="btn" onClick={choose} data-testid="drop-folder-choose">
        {state.folder === null ? t('behaviour.drop.choose') : t('behaviour.drop.change')}
      </button>
      {state.folder !== null ? (
        <button type="button" className="btn" onClick={stop} data-testid="drop-folder-stop">
          {t('behaviour.drop.stop')}
        </button>
      ) : null}
      {state.importing.length > 0 ? <p data-testid="drop-folder-importing">{t('behaviour.drop.importing', { files: state.importing.join('、') })}</p> : null}
      {state.waiting.length > 0 ? <p className="muted">{t('behaviour.drop.waiting', { files: state.waiting.join('、') })}</p> : null}
      {state.last ? (
        <div data-testid="drop-folder-last">
          <p>{t('behaviour.drop.last', { batch: state.last.batch })}</p>
          <ul>
            {state.last.files.map((f) => (
              <li key={f.name}>{t('behaviour.drop.file', { ...f })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.error ? <ErrorNotice error={state.error} /> : null}
      {bridgeError ? <ErrorNotice error={bridgeError} /> : null}
    </div>
  );
}
