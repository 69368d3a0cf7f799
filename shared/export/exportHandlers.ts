import type { ExportCatalog, ExportLogEntry, ExportPreset, ContactChannel, ExportFormat } from '#shared/api/exportTypes.ts';
import type { Handlers, Services } from '#shared/engine.ts';
import { dndRowCount } from '#shared/compliance/dndList.ts';
import { exportAudience, previewAudience, workspaceLabel, type ExportEnv } from './audienceExport.ts';
import { BASE_COLUMNS, PRESETS, PROFILE_EXPORT_COLUMNS, TEMPLATE_VARIABLES } from './exportColumns.ts';
import { listSegments } from './segmentSource.ts';

type ExportMethods = 'export.catalog' | 'export.preview' | 'export.audience' | 'export.log';

export function exportHandlers(s: Services): Handlers<ExportMethods> {
  const env = (ctx: ExportEnv['ctx']): ExportEnv => ({ db: s.workspace.db, host: s.host, ctx, asOfDate: s.workspace.asOfDate() });
  return {
    'export.catalog': (): ExportCatalog => {
      const db = s.workspace.db;
      const hasProfile = db.value("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'customer_profile'") !== undefined;
      return {
        segments: listSegments(db),
        presets: PRESETS,
        columns: [...BASE_COLUMNS, ...(hasProfile ? PROFILE_EXPORT_COLUMNS : [])].map(({ key, zh, en, group, pii }) => ({ key, zh, en, group, pii })),
        templateVariables: TEMPLATE_VARIABLES.map(({ name, zh, en }) => ({ name, zh, en })),
        products: db
          .all<{ product_code: string; product_name: string | null; risk_level: string | null }>('SELECT product_code, product_name, risk_level FROM products GROUP BY product_code ORDER BY product_code')
          .map((r) => ({ code: r.product_code, name: r.product_name, riskLevel: r.risk_level })),
        dndRows: dndRowCount(db),
        asOfDate: s.workspace.asOfDate(),
      };
    },
    // Both run in the write queue: they build a temporary member table and must not interleave with a save.
    'export.preview': (a, ctx) => {
      const db = s.workspace.db;
      return db.mutate(() => previewAudience(env(ctx), a, a.headerLanguage ?? 'zh'));
    },
    'export.audience': (a, ctx) => {
      const db = s.workspace.db;
      return db.mutate(() => exportAudience(env(ctx), a, workspaceLabel(db)));
    },
    'export.log': (a): ExportLogEntry[] =>
      s.workspace.db
        .all<{
          export_id: number;
          at: string;
          campaign_key: string | null;
          segment_name: string | null;
          preset: string;
          channel: string;
          format: string;
          planned_at: string;
          rows: number;
          holdout: number;
          file_name: string | null;
          file_sha256: string;
        }>('SELECT export_id, at, campaign_key, segment_name, preset, channel, format, planned_at, rows, holdout, file_name, file_sha256 FROM export_log ORDER BY export_id DESC LIMIT ?', [
          Math.max(1, Math.min(a.limit ?? 50, 1000)),
        ])
        .map((r) => ({
          exportId: r.export_id,
          at: r.at,
          campaignKey: r.campaign_key,
          segmentName: r.segment_name,
          preset: r.preset as ExportPreset,
          channel: r.channel as ContactChannel,
          format: r.format as ExportFormat,
          plannedAt: r.planned_at,
          rows: r.rows,
          holdout: r.holdout,
          fileName: r.file_name,
          sha256: r.file_sha256,
        })),
  };
}
