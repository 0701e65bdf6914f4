import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo, StorageProblem } from '../../../src-shared';

/**
 * 'connecting': first contact not made yet; 'connected': the adapter is up and the mirror is in sync or
 * syncing; 'disconnected': the adapter lost its channel and is retrying (commands fail until it is back).
 */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface AppMirrorState {
  readonly info: AppInfo | null;
  readonly connection: ConnectionState;
  readonly storageProblems: readonly StorageProblem[];
  /** The sequence number of the last event (or snapshot) the mirror reflects. */
  readonly seq: number;
}

export const INITIAL_APP_STATE: AppMirrorState = { info: null, connection: 'connecting', storageProblems: [], seq: 0 };

export function createAppStore(): StoreApi<AppMirrorState> {
  return createStore<AppMirrorState>()(() => INITIAL_APP_STATE);
}
