import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Platform } from '#renderer/platform/platform.ts';
import type { WorkspaceController, WorkspaceState } from './workspaceController.ts';

const PlatformContext = createContext<Platform | null>(null);
const WorkspaceContext = createContext<WorkspaceController | null>(null);

export function AppProviders({ platform, controller, children }: { readonly platform: Platform; readonly controller: WorkspaceController; readonly children: ReactNode }): ReactNode {
  return (
    <PlatformContext value={platform}>
      <WorkspaceContext value={controller}>{children}</WorkspaceContext>
    </PlatformContext>
  );
}

export function usePlatform(): Platform {
  const p = useContext(PlatformContext);
  if (!p) throw new Error('usePlatform() outside <AppProviders>');
  return p;
}

export function useWorkspaceController(): WorkspaceController {
  const c = useContext(WorkspaceContext);
  if (!c) throw new Error('useWorkspaceController() outside <AppProviders>');
  return c;
}

export function useWorkspace(): WorkspaceState {
  const c = useWorkspaceController();
  return useSyncExternalStore(c.subscribe, c.getState);
}
