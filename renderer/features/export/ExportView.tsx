/**
 * 导出与报告: audience export of saved segments under the workspace's compliance rules, the compliance
 * settings, and the export log. (Meeting reports join this page later.)
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportCatalog } from '#shared/api/exportTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine, useEngineEvent } from '#renderer/engine/hooks.tsx';
import { AudienceExportPanel } from './AudienceExportPanel.tsx';
import { ComplianceSettingsPanel } from './ComplianceSettingsPanel.tsx';
import { ExportLogTable } from './ExportLogTable.tsx';
import './export.css';

export function ExportView(): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [catalog, setCatalog] = useState<ExportCatalog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [logVersion, setLogVersion] = useState(0);
  useEngineEvent('workspace.changed', () => setDataVersion((v) => v + 1));

  useEffect(() => {
    let live = true;
    engine.call('export.catalog', {}).then(
      (c) => {
        if (live) setCatalog(c);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [engine, dataVersion]);

  return (
    <section className="page" data-testid="view-export">
      <h1 className="page-title">{t('export.title')}</h1>
      <p className="muted">{t('export.intro')}</p>
      {error ? <ErrorNotice error={error} testId="export-catalog-error" /> : null}
      {catalog ? <AudienceExportPanel catalog={catalog} onExported={() => setLogVersion((v) => v + 1)} /> : <p className="muted">{t('common.loading')}</p>}
      <ComplianceSettingsPanel dndRows={catalog?.dndRows ?? 0} />
      <ExportLogTable version={logVersion + dataVersion} />
    </section>
  );
}
