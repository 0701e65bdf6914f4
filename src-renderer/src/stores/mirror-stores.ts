import type { StoreApi } from 'zustand/vanilla';
import { createAccountsStore, type AccountsMirrorState } from './accounts-store';
import { createAppStore, type AppMirrorState } from './app-store';
import { createComposingStore, type ComposingMirrorState } from './composing-store';
import { createConversationPagesStore, type ConversationPagesMirrorState } from './conversation-pages-store';
import { createConversationsStore, type ConversationsMirrorState } from './conversations-store';
import { createSessionsStore, type SessionsMirrorState } from './sessions-store';
import { createTransfersStore, type TransfersMirrorState } from './transfers-store';

/**
 * The writable mirror stores. Only the bridge holds this object (DESIGN.md "State flow"); components get
 * the read-only view below through React context, so they cannot write domain state even by accident.
 */
export interface MirrorStores {
  readonly accounts: StoreApi<AccountsMirrorState>;
  readonly app: StoreApi<AppMirrorState>;
  readonly sessions: StoreApi<SessionsMirrorState>;
  readonly conversations: StoreApi<ConversationsMirrorState>;
  readonly conversationPages: StoreApi<ConversationPagesMirrorState>;
  readonly composing: StoreApi<ComposingMirrorState>;
  readonly transfers: StoreApi<TransfersMirrorState>;
}

export type ReadonlyStore<T> = Pick<StoreApi<T>, 'getState' | 'getInitialState' | 'subscribe'>;

export interface ReadonlyMirrorStores {
  readonly accounts: ReadonlyStore<AccountsMirrorState>;
  readonly app: ReadonlyStore<AppMirrorState>;
  readonly sessions: ReadonlyStore<SessionsMirrorState>;
  readonly conversations: ReadonlyStore<ConversationsMirrorState>;
  readonly conversationPages: ReadonlyStore<ConversationPagesMirrorState>;
  readonly composing: ReadonlyStore<ComposingMirrorState>;
  readonly transfers: ReadonlyStore<TransfersMirrorState>;
}

export function createMirrorStores(): MirrorStores {
  return {
    accounts: createAccountsStore(),
    app: createAppStore(),
    sessions: createSessionsStore(),
    conversations: createConversationsStore(),
    conversationPages: createConversationPagesStore(),
    composing: createComposingStore(),
    transfers: createTransfersStore(),
  };
}

/** A view without `setState`: the object handed to components. */
export function readonlyMirror(stores: MirrorStores): ReadonlyMirrorStores {
  return {
    accounts: withoutSetState(stores.accounts),
    app: withoutSetState(stores.app),
    sessions: withoutSetState(stores.sessions),
    conversations: withoutSetState(stores.conversations),
    conversationPages: withoutSetState(stores.conversationPages),
    composing: withoutSetState(stores.composing),
    transfers: withoutSetState(stores.transfers),
  };
}

function withoutSetState<T>(store: StoreApi<T>): ReadonlyStore<T> {
  return {
    getState: () => store.getState(),
    getInitialState: () => store.getInitialState(),
    subscribe: (listener) => store.subscribe(listener),
  };
}
