/**
 * EngineApi handlers of the customer wide table. A build runs in the workspace's write queue and one
 * transaction: cancelled or failed, it leaves the previous table untouched.
 */
import type { Handlers, Services } from '#shared/engine.ts';
import { appendAudit } from '#shared/workspace/audit.ts';
import { buildProfile, profileStatus } from './profileBuild.ts';

type ProfileMethods = 'profile.build' | 'profile.status';

export function profileHandlers(s: Services): Handlers<ProfileMethods> {
  return {
    'profile.build': (_args, ctx) => {
      const db = s.workspace.db;
      return db.mutate(async () => {
        const tx = db.begin();
        try {
          const result = await buildProfile(db, ctx, () => new Date(s.host.now()).toISOString());
          appendAudit(db, s.host, 'profile.build', { rows: result.rows, asOf: result.asOf, ms: result.ms });
          tx.commit();
          return result;
        } catch (e) {
          tx.rollback();
          throw e;
        }
      });
    },
    'profile.status': () => profileStatus(s.workspace.db),
  };
}
