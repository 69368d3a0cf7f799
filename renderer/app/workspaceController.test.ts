import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine, EngineEventName, EngineEvents, JobOptions, WorkspaceInfo } from '#shared/api/engineApi.ts';
import { CancelledError, ExpectedError } from '#shared/api/errors.ts';
import type { ReadyInfo } from '#renderer/engine/engineClient.ts';
import { DEMO_OPTIONS, WorkspaceController } from './workspaceController.ts';

const info = (name: string, extra: Partial<WorkspaceInfo> = {}): WorkspaceInfo => ({
  workspaceId: name,
  name,
  schemaVersion: 1,
  appVersion: '0.1.0',
  createdAt: '2024-06-30T00:00:00Z',
  asOfDate: null,
  asOfSource: null,
  isDemo: false,
  tables: [],
  sizeBytes: 0,
  limitBytes: 3.5 * 1024 ** 3,
  savedAt: null,
  dirty: false,
  encrypted: false,
  ...extra,
});

type Handler = (args: never, options: JobOptions) => unknown;

function fakeEngine(handlers: Record<string, Handler>): Engine & { calls: string[]; emit<E extends EngineEventName>(e: E, p: EngineEvents[E]): void } {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const calls: string[] = [];
  return {
    calls,
    call: ((method: string, args: never, options: JobOptions = {}) => {
      calls.push(method);
      const h = handlers[method];
      if (!h) return Promise.reject(new ExpectedError('INTERNAL', `${method} not built yet`));
      try {
        return Promise.resolve(h(args, options));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }) as Engine['call'],
    on(event, l) {
      listeners.set(event, [...(listeners.get(event) ?? []), l as (p: unknown) => void]);
      return () => undefined;
    },
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
  };
}

const ready = (persistent = true): Promise<ReadyInfo> => Promise.resolve({ version: '0.1.0', storage: { persistent, location: 'OPFS:/workspace.sqlite' } });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WorkspaceController start-up', () => {
  it('reopens the last workspace when there is one, without saving it again', async () => {
    let engineRef: ReturnType<typeof fakeEngine> | null = null;
    const engine = fakeEngine({
      'workspace.restore': () => {
        // Like the real engine: a restore announces the workspace as changed before the call returns.
        engineRef?.emit('workspace.changed', info('上次', { dirty: true }));
        return info('上次');
      },
    });
    engineRef = engine;
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => '新工作区' });
    await c.start();
    expect(c.getState().phase).toBe('ready');
    expect(c.getState().info?.name).toBe('上次');
    expect(c.getState().save).toBe('saved');
    await vi.advanceTimersByTimeAsync(5000);
    expect(engine.calls).toEqual(['workspace.restore']);
  });

  it('builds the demo workspace on first start, reporting progress', async () => {
    let seen: unknown = null;
    const phases: string[] = [];
    const engine = fakeEngine({
      'workspace.restore': () => null,
      'workspace.createDemo': (args: never, o) => {
        seen = args;
        o.onProgress?.({ step: 'generate', current: 1, total: 4 });
        return info('示例', { isDemo: true });
      },
      'identity.run': (_a: never, o) => {
        o.onProgress?.({ step: 'identity.link', current: 1, total: 2 });
        return {};
      },
      'tags.run': () => ({}),
      'workspace.info': () => info('示例（已分析）', { isDemo: true }),
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => '新工作区' });
    c.subscribe(() => phases.push(`${c.getState().phase}:${c.getState().progress?.step ?? ''}`));
    await c.start();
    expect(seen).toEqual(DEMO_OPTIONS);
    expect(phases).toContain('demo:generate');
    expect(phases).toContain('demo:identity.link');
    // ONE_ID before the tags (tags are per ONE_ID), then the workspace as the analysis left it.
    expect(engine.calls).toEqual(['workspace.restore', 'workspace.createDemo', 'identity.run', 'tags.run', 'workspace.info']);
    expect(c.getState().info?.name).toBe('示例（已分析）');
    expect(c.getState().notices).toEqual([]);
  });

  it('keeps the demo workspace with a notice when its analysis fails', async () => {
    const engine = fakeEngine({
      'workspace.restore': () => null,
      'workspace.createDemo': () => info('示例', { isDemo: true }),
      'identity.run': () => {
        throw new ExpectedError('NOT_FOUND', 'no identifiers');
      },
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => '新工作区' });
    await c.start();
    expect(c.getState().phase).toBe('ready');
    expect(c.getState().info?.isDemo).toBe(true);
    expect(c.getState().notices.map((n) => n.key)).toEqual(['demo.analyseFailed']);
    expect(engine.calls).not.toContain('tags.run');
  });

  it('opens an empty workspace with a notice when the demo cannot be built', async () => {
    const engine = fakeEngine({
      'workspace.restore': () => null,
      'workspace.create': (args: { name: string }) => info(args.name),
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => '新工作区' });
    await c.start();
    expect(c.getState().info?.name).toBe('新工作区');
    const notice = c.getState().notices[0];
    expect(notice?.key).toBe('demo.failed');
    expect((notice?.error as ExpectedError).message).toBe('workspace.createDemo not built yet');
  });

  it('opens an empty workspace without a notice when the user cancels the demo', async () => {
    const engine = fakeEngine({
      'workspace.restore': () => null,
      'workspace.createDemo': (_a: never, o) => new Promise((_r, reject) => o.signal?.addEventListener('abort', () => reject(new CancelledError()))),
      'workspace.create': () => info('新工作区'),
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => '新工作区' });
    const started = c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.getState().phase).toBe('demo');
    c.cancelDemo();
    await started;
    expect(c.getState().phase).toBe('ready');
    expect(c.getState().notices).toEqual([]);
  });

  it('is fatal when the engine never became ready', async () => {
    const engine = fakeEngine({});
    const c = new WorkspaceController({ engine, ready: Promise.reject(new ExpectedError('WORKER_FAILED', 'no worker')), defaultName: () => 'x' });
    await c.start();
    expect(c.getState().phase).toBe('fatal');
    expect(engine.calls).toEqual([]);
  });

  it('warns and does not autosave when the browser cannot persist', async () => {
    const engine = fakeEngine({ 'workspace.restore': () => info('a'), 'workspace.save': () => ({ savedAt: 'now', sizeBytes: 1, location: '' }) });
    const c = new WorkspaceController({ engine, ready: ready(false), defaultName: () => 'x' });
    await c.start();
    expect(c.getState().notices.map((n) => n.key)).toEqual(['notice.storageUnavailable']);
    engine.emit('workspace.changed', info('a', { dirty: true }));
    await vi.advanceTimersByTimeAsync(5000);
    expect(engine.calls).not.toContain('workspace.save');
    expect(c.getState().save).toBe('memory');
  });
});

describe('WorkspaceController autosave and actions', () => {
  it('saves two seconds after a change and shows saved', async () => {
    const engine = fakeEngine({ 'workspace.restore': () => info('a'), 'workspace.save': () => ({ savedAt: '2024-07-01T08:00:00Z', sizeBytes: 4096, location: 'OPFS' }) });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => 'x' });
    await c.start();
    engine.emit('workspace.changed', info('a', { dirty: true, asOfDate: '2024-06-30' }));
    expect(c.getState().save).toBe('dirty');
    expect(c.getState().info?.asOfDate).toBe('2024-06-30');
    await vi.advanceTimersByTimeAsync(1999);
    expect(engine.calls.filter((m) => m === 'workspace.save')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.calls.filter((m) => m === 'workspace.save')).toHaveLength(1);
    expect(c.getState().save).toBe('saved');
    expect(c.getState().info?.savedAt).toBe('2024-07-01T08:00:00Z');
  });

  it('shows a failed save and keeps the error', async () => {
    const engine = fakeEngine({
      'workspace.restore': () => info('a'),
      'workspace.save': () => {
        throw new ExpectedError('FILE_UNREADABLE', 'disk full');
      },
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => 'x' });
    await c.start();
    engine.emit('workspace.changed', info('a', { dirty: true }));
    await vi.advanceTimersByTimeAsync(2000);
    expect(c.getState().save).toBe('failed');
    expect((c.getState().saveError as ExpectedError).code).toBe('FILE_UNREADABLE');
  });

  it('returns a failed open to the caller and keeps the open workspace', async () => {
    const engine = fakeEngine({
      'workspace.restore': () => info('a'),
      'workspace.open': () => {
        throw new ExpectedError('WORKSPACE_CORRUPT', 'not a workspace');
      },
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => 'x' });
    await c.start();
    const error = await c.openFile('bad.sqlite', new Uint8Array(3));
    expect(c.getState().info?.name).toBe('a');
    expect(c.getState().busy).toBeNull();
    expect((error as ExpectedError).code).toBe('WORKSPACE_CORRUPT');
  });

  it('passes the as-of date to the engine and shows the answer', async () => {
    const engine = fakeEngine({
      'workspace.restore': () => info('a'),
      'workspace.setAsOfDate': (a: { date: string | null }) => info('a', { asOfDate: a.date ?? '2024-05-31', asOfSource: a.date ? 'user' : 'data' }),
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => 'x' });
    await c.start();
    await c.setAsOfDate('2024-03-31');
    expect(c.getState().info).toMatchObject({ asOfDate: '2024-03-31', asOfSource: 'user' });
    await c.setAsOfDate(null);
    expect(c.getState().info).toMatchObject({ asOfDate: '2024-05-31', asOfSource: 'data' });
  });

  it('waits for the passphrase of an encrypted workspace instead of replacing it', async () => {
    const tried: (string | undefined)[] = [];
    const engine = fakeEngine({
      'workspace.restore': (a: { passphrase?: string }) => {
        tried.push(a.passphrase);
        if (!a.passphrase) throw new ExpectedError('PASSPHRASE_REQUIRED', 'encrypted');
        if (a.passphrase !== 'correct horse') throw new ExpectedError('PASSPHRASE_WRONG', 'wrong');
        return info('机密', { encrypted: true });
      },
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => 'x' });
    await c.start();
    expect(c.getState().phase).toBe('locked');
    expect(engine.calls).toEqual(['workspace.restore']);
    await c.unlock('wrong horse');
    expect(c.getState().phase).toBe('locked');
    expect((c.getState().lockError as ExpectedError).code).toBe('PASSPHRASE_WRONG');
    await c.unlock('correct horse');
    expect(c.getState()).toMatchObject({ phase: 'ready', lockError: null, info: { name: '机密', encrypted: true } });
    expect(tried).toEqual([undefined, 'wrong horse', 'correct horse']);
  });

  it('starts an empty workspace, not the demo, when the user gives up on a locked one', async () => {
    const engine = fakeEngine({
      'workspace.restore': () => {
        throw new ExpectedError('PASSPHRASE_REQUIRED', 'encrypted');
      },
      'workspace.create': () => info('新工作区'),
    });
    const c = new WorkspaceController({ engine, ready: ready(), defaultName: () => '新工作区' });
    await c.start();
    await c.abandonLocked();
    expect(c.getState().phase).toBe('ready');
    expect(engine.calls).toEqual(['workspace.restore', 'workspace.create']);
  });
});

