import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AccountsMirrorState } from '../stores/accounts-store';
import type { AppMirrorState } from '../stores/app-store';
import type { SessionsMirrorState } from '../stores/sessions-store';
import type { Bridge, CommandsFacade } from './bridge';

const BridgeContext = createContext<Pick<Bridge, 'commands' | 'mirror'> | null>(null);

/** Gives components the command facade and the read-only mirror; nothing else of the bridge. */
export function BridgeProvider({ bridge, children }: { bridge: Pick<Bridge, 'commands' | 'mirror'>; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

function useBridge(): Pick<Bridge, 'commands' | 'mirror'> {
  const bridge = useContext(BridgeContext);
  if (bridge === null) throw new Error('A component that needs the bridge was rendered outside <BridgeProvider>.');
  return bridge;
}

export function useCommands(): CommandsFacade {
  return useBridge().commands;
}

export function useAccountsMirror<T>(selector: (state: AccountsMirrorState) => T): T {
  return useStore(useBridge().mirror.accounts, selector);
}

export function useAppMirror<T>(selector: (state: AppMirrorState) => T): T {
  return useStore(useBridge().mirror.app, selector);
}

export function useSessionsMirror<T>(selector: (state: SessionsMirrorState) => T): T {
  return useStore(useBridge().mirror.sessions, selector);
}
