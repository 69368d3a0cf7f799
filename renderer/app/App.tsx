import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '#renderer/components/ConfirmDialog.tsx';
import { PassphraseDialog } from '#renderer/components/PassphraseDialog.tsx';
import { ClustersView } from '#renderer/features/clusters/ClustersView.tsx';
import { PredictView } from '#renderer/features/predict/PredictView.tsx';
import { IdentityView } from '#renderer/features/identity/IdentityView.tsx';
import { ImportView } from '#renderer/features/import/ImportView.tsx';
import { PortraitsView } from '#renderer/features/portraits/PortraitsView.tsx';
import { SegmentsView } from '#renderer/features/segments/SegmentsView.tsx';
import { QualityView } from '#renderer/features/quality/QualityView.tsx';
import { RejectsView } from '#renderer/features/rejects/RejectsView.tsx';
import { TablesView } from '#renderer/features/tables/TablesView.tsx';
import { TextView } from '#renderer/features/text/TextView.tsx';
import { ExportView } from '#renderer/features/export/ExportView.tsx';
import { ReportsView } from '#renderer/features/reports/ReportsView.tsx';
import { TagsView } from '#renderer/features/tags/TagsView.tsx';
import { Customer360View } from '#renderer/features/customer360/Customer360View.tsx';
import { BehaviourView } from '#renderer/features/behaviour/BehaviourView.tsx';
import { NetworkView } from '#renderer/features/network/NetworkView.tsx';
import { DiagnosisView } from '#renderer/features/diagnosis/DiagnosisView.tsx';
import { ReachView } from '#renderer/features/reach/ReachView.tsx';
import { usePlatform, useWorkspace, useWorkspaceController } from './appContext.tsx';
import { ComingSoon } from './ComingSoon.tsx';
import { EncryptionDialog, EncryptionOffPanel } from './EncryptionDialog.tsx';
import { FatalScreen } from './FatalScreen.tsx';
import { Header } from './Header.tsx';
import { Nav } from './Nav.tsx';
import { Notices } from './Notices.tsx';
import { useRoute, type ViewId } from './routes.ts';
import { StartupScreen } from './StartupScreen.tsx';
import { downloadWorkspace, openWorkspaceFile, type AskPassphrase } from './workspaceActions.ts';

interface PassPrompt {
  readonly fileName: string;
  readonly error: unknown;
  readonly resolve: (passphrase: string | null) => void;
}

export function App(): ReactNode {
  const state = useWorkspace();
  if (state.phase === 'fatal') return <FatalScreen error={state.fatal} />;
  if (state.phase !== 'ready') return <StartupScreen />;
  return <Shell />;
}

function Shell(): ReactNode {
  const { t } = useTranslation();
  const state = useWorkspace();
  const controller = useWorkspaceController();
  const platform = usePlatform();
  const route = useRoute();
  const [confirmNew, setConfirmNew] = useState(false);
  const [encryption, setEncryption] = useState(false);
  const [passPrompt, setPassPrompt] = useState<PassPrompt | null>(null);

  const askPassphrase = useCallback<AskPassphrase>((fileName, error) => new Promise((resolve) => setPassPrompt({ fileName, error, resolve })), []);
  const answer = (passphrase: string | null): void => {
    passPrompt?.resolve(passphrase);
    setPassPrompt(null);
  };
  const openFile = (): void => void openWorkspaceFile(platform, controller, askPassphrase);

  useEffect(
    () =>
      platform.onMenuCommand((command) => {
        if (command === 'newWorkspace') setConfirmNew(true);
        else if (command === 'openWorkspace') void openWorkspaceFile(platform, controller, askPassphrase);
        else void downloadWorkspace(platform, controller, controller.getState().info?.name ?? 'workspace');
      }),
    [platform, controller, askPassphrase],
  );

  return (
    <div className="shell">
      <Header onNewWorkspace={() => setConfirmNew(true)} onOpenWorkspace={openFile} onEncryption={() => setEncryption(true)} />
      <Nav active={route.view} />
      <main className="main" id="main">
        {state.info?.isDemo ? (
          <div className="banner banner-demo" role="note" data-testid="demo-banner">
            {t('demo.banner')}
          </div>
        ) : null}
        <Notices />
        <EncryptionOffPanel open={encryption} onClose={() => setEncryption(false)} />
        {/* The import wizard stays mounted so a running import and its results survive navigation; a different
            workspace starts it afresh. */}
        <div hidden={route.view !== 'import'}>
          <ImportView key={state.info?.workspaceId ?? ''} />
        </div>
        {route.view !== 'import' ? <View view={route.view} params={route.params} /> : null}
      </main>
      <EncryptionDialog open={encryption} onClose={() => setEncryption(false)} />
      <PassphraseDialog
        open={passPrompt !== null}
        title={t('crypto.unlockTitle')}
        message={t('crypto.openEncrypted', { name: passPrompt?.fileName ?? '' })}
        confirm={false}
        submitText={t('crypto.unlock')}
        error={passPrompt?.error ?? null}
        busy={state.busy !== null}
        onSubmit={(p) => answer(p)}
        onCancel={() => answer(null)}
      />
      <ConfirmDialog
        open={confirmNew}
        message={t('header.newWorkspaceConfirm')}
        confirmText={t('header.newWorkspace')}
        onCancel={() => setConfirmNew(false)}
        onConfirm={() => {
          setConfirmNew(false);
          void controller.newWorkspace();
        }}
      />
    </div>
  );
}

function View({ view, params }: { readonly view: Exclude<ViewId, 'import'>; readonly params: URLSearchParams }): ReactNode {
  switch (view) {
    case 'rejects':
      return <RejectsView fileId={numberParam(params, 'file')} batchId={numberParam(params, 'batch')} />;
    case 'quality':
      return <QualityView />;
    case 'tables':
      return <TablesView table={params.get('t')} />;
    case 'identity':
      return <IdentityView params={params} />;
    case 'tags':
      return <TagsView params={params} />;
    case 'customer':
      return <Customer360View oneId={params.get('id')} />;
    case 'segments':
      return <SegmentsView />;
    case 'portraits':
      return <PortraitsView segment={numberParam(params, 'segment')} lifecycle={params.get('lifecycle')} />;
    case 'text':
      return <TextView />;
    case 'clusters':
      return <ClustersView />;
    case 'predict':
      return <PredictView />;
    case 'behaviour':
      return <BehaviourView />;
    case 'network':
      return <NetworkView />;
    case 'diagnosis':
      return <DiagnosisView />;
    case 'reach':
      return <ReachView />;
    case 'export':
      return <ExportView />;
    case 'reports':
      return <ReportsView />;
    default:
      return <ComingSoon view={view} />;
  }
}

function numberParam(params: URLSearchParams, name: string): number | null {
  const v = params.get(name);
  if (v === null || !/^\d+$/.test(v)) return null;
  return Number(v);
}
