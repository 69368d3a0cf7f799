import type { Handlers, Services } from '#shared/engine.ts';
import { SCHEMA_VERSION } from '#shared/db/schema.ts';
import { listAudit } from './audit.ts';
import { buildDemoWorkspace } from '#shared/demo/demoWorkspace.ts';

export function workspaceHandlers(s: Services): Handlers<
  | 'engine.version'
  | 'workspace.create'
  | 'workspace.open'
  | 'workspace.restore'
  | 'workspace.info'
  | 'workspace.export'
  | 'workspace.save'
  | 'workspace.setAsOfDate'
  | 'workspace.setEncryption'
  | 'workspace.createDemo'
  | 'audit.list'
> {
  return {
    'engine.version': () => ({
      appVersion: s.host.appVersion,
      schemaVersion: SCHEMA_VERSION,
      sqlite: s.workspace.isOpen ? s.workspace.db.sqliteVersion : 'not loaded',
    }),
    'workspace.create': (a) => s.workspace.create(a.name ?? '新工作区'),
    'workspace.open': (a) => s.workspace.open(a.bytes, a.name, a.passphrase),
    'workspace.restore': (a) => s.workspace.restore(a.passphrase),
    'workspace.info': () => s.workspace.info(),
    'workspace.export': () => s.workspace.export(),
    'workspace.save': () => s.workspace.save(),
    'workspace.setAsOfDate': (a) => s.workspace.setAsOfDate(a.date),
    'workspace.setEncryption': (a) => s.workspace.setEncryption(a.passphrase),
    'workspace.createDemo': (a, ctx) => buildDemoWorkspace(s, a, ctx),
    'audit.list': (a) => listAudit(s.workspace.db, a.limit),
  };
}
