/**
 * Start-up: language, platform (browser or Electron, once), the engine worker, the workspace controller, then
 * React. If the worker cannot even be constructed, the fatal screen says so; the engine never runs here.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ExpectedError } from '#shared/api/errors.ts';
import { App } from '#renderer/app/App.tsx';
import { AppProviders } from '#renderer/app/appContext.tsx';
import { FatalScreen } from '#renderer/app/FatalScreen.tsx';
import { WorkspaceController } from '#renderer/app/workspaceController.ts';
import { EngineProvider } from '#renderer/engine/hooks.tsx';
import { startEngineWorker, type EngineClient } from '#renderer/engine/engineClient.ts';
import { initI18n } from '#renderer/i18n/i18n.ts';
import { choosePlatform } from '#renderer/platform/choosePlatform.ts';
import './app/app.css';

const i18n = initI18n();
const platform = choosePlatform(window);
const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root');
const root = createRoot(rootEl);

let client: EngineClient | null = null;
let startError: unknown = null;
try {
  client = startEngineWorker(platform.workspaceFile);
} catch (e) {
  startError = new ExpectedError('WORKER_FAILED', e instanceof Error ? e.message : String(e), {}, { cause: e });
}

if (!client) {
  root.render(
    <I18nextProvider i18n={i18n}>
      <FatalScreen error={startError} />
    </I18nextProvider>,
  );
} else {
  const controller = new WorkspaceController({ engine: client, ready: client.ready, defaultName: () => i18n.t('header.defaultName') });
  void controller.start();
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <EngineProvider client={client}>
          <AppProviders platform={platform} controller={controller}>
            <App />
          </AppProviders>
        </EngineProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
