import type { Handlers, Services } from '#shared/engine.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { DEFAULT_COMPLIANCE_SETTINGS, loadComplianceSettings, mergeComplianceSettings, saveComplianceSettings } from './complianceSettings.ts';

export function complianceHandlers(s: Services): Handlers<'compliance.settings'> {
  return {
    'compliance.settings': (a) => {
      const db = s.workspace.db;
      if (!a.settings && !a.reset) return loadComplianceSettings(db);
      return db.mutate(() => {
        const next = a.reset ? DEFAULT_COMPLIANCE_SETTINGS : mergeComplianceSettings(loadComplianceSettings(db), a.settings);
        db.transaction(() => {
          saveComplianceSettings(db, next);
          appendAudit(db, s.host, 'compliance.settings', { reset: !!a.reset, settings: next });
        });
        // Not in the engine's MUTATING set, since reading the settings must not mark the workspace changed.
        s.workspace.markDirty();
        s.emit('workspace.changed', s.workspace.info());
        return next;
      });
    },
  };
}
