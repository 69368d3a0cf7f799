import { describe, expect, it } from 'vitest';
import { ExpectedError } from '#shared/api/errors.ts';
import type { Host } from '#shared/host/host.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { WorkspaceService } from '#shared/workspace/workspaceService.ts';
import { qualityHandlers } from './qualityHandlers.ts';

const host: Host = {
  sqlJsConfig: {},
  store: { location: 'memory', read: () => Promise.resolve(null), write: () => Promise.resolve() },
  now: () => Date.UTC(2024, 6, 1, 9, 30),
  log: () => undefined,
  appVersion: '0.0.0-test',
};

function handlers(): { workspace: WorkspaceService; report: ReturnType<typeof qualityHandlers>['quality.report'] } {
  const workspace = new WorkspaceService(host);
  return { workspace, report: qualityHandlers({ host, workspace, emit: () => undefined })['quality.report'] };
}

describe('quality.report handler', () => {
  it('reports on the open workspace, stamped with the host clock and the as-of date', async () => {
    const { workspace, report } = handlers();
    await workspace.create('质量');
    workspace.setAsOfDate('2024-06-30');
    workspace.db.run("INSERT INTO customers (cust_no, phone, row_key, src_file, src_batch, src_row) VALUES ('C1', '13800138000', 'C1', 1, 1, 2)");
    const r = await report({}, createJobContext());
    expect(r.generatedAt).toBe('2024-07-01T09:30:00.000Z');
    expect(r.asOfDate).toBe('2024-06-30');
    expect(r.tables.find((t) => t.table === 'customers')?.columns.find((c) => c.column === 'phone')?.failuresByCode).toEqual([{ code: 'PHONE_PLACEHOLDER', count: 1 }]);
  });

  it('fails with NO_WORKSPACE when none is open', async () => {
    const { report } = handlers();
    await expect(Promise.resolve().then(() => report({}, createJobContext()))).rejects.toMatchObject({ code: 'NO_WORKSPACE' });
    await expect(Promise.resolve().then(() => report({}, createJobContext()))).rejects.toBeInstanceOf(ExpectedError);
  });
});
