import type { StoreApi } from 'zustand/vanilla';
import { createAccountsStore, type AccountsMirrorState } from './accounts-store';
import { createAppStore, type AppMirrorState } from './app-store';
import { createSessionsStore, type SessionsMirrorState } from './sessions-store';

/**
 * The writable mirror stores. Only the bridge holds this object (DESIGN.md "State flow"); components get
 * the read-only view below through React context, so they cannot write domain state even by accident.
 */
export interface MirrorStores {
  readonly accounts: StoreApi<AccountsMirrorState>;
  readonly app: StoreApi<AppMirrorState>;
  readonly sessions: StoreApi<SessionsMirrorState>;
}

export type ReadonlyStore<T> = Pick<StoreApi<T>, 'getState' | 'getInitialState' | 'subscribe'>;

export interface ReadonlyMirrorStores {
  readonly accounts: ReadonlyStore<AccountsMirrorState>;
  readonly app: ReadonlyStore<AppMirrorState>;
  readonly sessions: ReadonlyStore<SessionsMirrorState>;
}

export function createMirrorStores(): MirrorStores {
  return { accounts: createAccountsStore(), app: createAppStore(), sessions: createSessionsStore() };
}

/** A view without `setState`: the object handed to components. */
export function readonlyMirror(stores: MirrorStores): ReadonlyMirrorStores {
  return {
    accounts: withoutSetState(stores.accounts),
    app: withoutSetState(stores.app),
    sessions: withoutSetState(stores.sessions),
  };
}

function withoutSetState<T>(store: StoreApi<T>): ReadonlyStore<T> {
  return {
    getState: () => store.getState(),
    getInitialState: () => store.getInitialState(),
    subscribe: (listener) => store.subscribe(listener),
  };
}
