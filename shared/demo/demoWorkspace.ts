import type { DemoOptions, WorkspaceInfo } from '#shared/api/engineApi.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { Services } from '#shared/engine.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';

export function buildDemoWorkspace(_s: Services, _o: DemoOptions, _ctx: JobContext): Promise<WorkspaceInfo> {
  return Promise.reject(new ExpectedError('INTERNAL', 'demo workspace not built yet'));
}
