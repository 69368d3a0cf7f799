/**
 * React access to the engine: the client from context, engine events, and `useJob` for calls that report
 * progress and can be cancelled. A cancelled job is not an error (../shared/STYLE.md §8).
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { EngineArgs, EngineEventName, EngineEvents, EngineMethod, EngineResult, ProgressEvent } from '#shared/api/engineApi.ts';
import { isCancelled } from '#shared/api/errors.ts';
import type { EngineClient } from './engineClient.ts';

const EngineContext = createContext<EngineClient | null>(null);

export function EngineProvider({ client, children }: { readonly client: EngineClient; readonly children: ReactNode }): ReactNode {
  return <EngineContext value={client}>{children}</EngineContext>;
}

export function useEngine(): EngineClient {
  const client = useContext(EngineContext);
  if (!client) throw new Error('useEngine() outside <EngineProvider>');
  return client;
}

/** Subscribes to an engine event for the component's lifetime; the latest `listener` is always the one called. */
export function useEngineEvent<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): void {
  const engine = useEngine();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => engine.on(event, (p) => ref.current(p)), [engine, event]);
}

export interface JobState<R> {
  readonly running: boolean;
  readonly progress: ProgressEvent | null;
  readonly error: Error | null;
  readonly result: R | undefined;
  readonly cancelled: boolean;
  readonly cancelling: boolean;
}

export interface Job<K extends EngineMethod> extends JobState<EngineResult<K>> {
  /** Runs the call; resolves to the result, or undefined when it failed (see `error`) or was cancelled. */
  readonly run: (args: EngineArgs<K>, options?: { readonly seed?: number }) => Promise<EngineResult<K> | undefined>;
  readonly cancel: () => void;
  readonly reset: () => void;
}

const IDLE: JobState<never> = { running: false, progress: null, error: null, result: undefined, cancelled: false, cancelling: false };

/**
 * One engine call with progress and cancel state. Starting a new run cancels the previous one. By default a
 * job still running when the component unmounts is cancelled; pass `keepOnUnmount` for work that must finish.
 */
export function useJob<K extends EngineMethod>(method: K, options: { readonly keepOnUnmount?: boolean } = {}): Job<K> {
  const engine = useEngine();
  const [state, setState] = useState<JobState<EngineResult<K>>>(IDLE);
  const controller = useRef<AbortController | null>(null);
  const keep = options.keepOnUnmount ?? false;

  useEffect(
    () => () => {
      if (!keep) controller.current?.abort();
    },
    [keep],
  );

  const run = useCallback(
    async (args: EngineArgs<K>, runOptions: { readonly seed?: number } = {}): Promise<EngineResult<K> | undefined> => {
      controller.current?.abort();
      const c = new AbortController();
      controller.current = c;
      setState({ ...IDLE, running: true });
      try {
        const result = await engine.call(method, args, {
          signal: c.signal,
          onProgress: (progress) => {
            if (controller.current === c) setState((s) => ({ ...s, progress }));
          },
          ...(runOptions.seed !== undefined ? { seed: runOptions.seed } : {}),
        });
        if (controller.current === c) setState({ ...IDLE, result });
        return result;
      } catch (e) {
        if (controller.current === c) {
          setState(isCancelled(e) ? { ...IDLE, cancelled: true } : { ...IDLE, error: e instanceof Error ? e : new Error(String(e)) });
        }
        return undefined;
      } finally {
        if (controller.current === c) controller.current = null;
      }
    },
    [engine, method],
  );

  const cancel = useCallback(() => {
    if (!controller.current) return;
    controller.current.abort();
    setState((s) => ({ ...s, cancelling: true }));
  }, []);

  const reset = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState(IDLE);
  }, []);

  return { ...state, run, cancel, reset };
}
