import { describe, expect, it } from 'vitest';
import type { EngineClient } from '#renderer/engine/engineClient.ts';
import { importAppend } from './appendRefresh.ts';

/** Records each call and answers the few whose results the steps look at. */
function fakeEngine(facts: { identity: boolean; interest: boolean; network: boolean }) {
  const calls: string[] = [];
  const answers: Record<string, unknown> = {
    'ingest.run': {
      batchId: 1,
      asOfDate: '2024-06-30',
      files: [{ fileName: 'events.csv', newRows: 7, duplicateRows: 3, rejected: 1 }],
    },
    'identity.summary': facts.identity ? { persons: 1 } : null,
    'tags.list': facts.interest ? [{ key: 'bhv_interest_fund' }] : [{ key: 'churn_risk' }],
    'network.summary': facts.network ? { nodes: 1 } : null,
  };
  const engine = {
    call: (method: string, args: unknown) => {
      calls.push(method === 'identity.run' ? `${method}:${JSON.stringify(args)}` : method);
      return Promise.resolve(method in answers ? answers[method] : {});
    },
  } as unknown as Pick<EngineClient, 'call'>;
  return { engine, calls };
}

describe('importAppend', () => {
  it('imports, runs identity incrementally and refreshes what was computed before', async () => {
    const { engine, calls } = fakeEngine({ identity: true, interest: true, network: true });
    const out = await importAppend(engine, [new File(['a'], 'events.csv')]);
    expect(out).toEqual([{ name: 'events.csv', newRows: 7, duplicateRows: 3, rejected: 1 }]);
    expect(calls).toEqual([
      'ingest.run',
      'identity.summary',
      'identity.run:{"mode":"incremental"}',
      'tags.run',
      'tags.list',
      'behaviour.interestRun',
      'network.summary',
      'network.run',
      'segments.refresh',
    ]);
  });

  it('skips identity, interest and network steps that were never run', async () => {
    const { engine, calls } = fakeEngine({ identity: false, interest: false, network: false });
    await importAppend(engine, [new File(['a'], 'events.csv')]);
    expect(calls).toEqual(['ingest.run', 'identity.summary', 'tags.run', 'tags.list', 'network.summary', 'segments.refresh']);
  });
});
