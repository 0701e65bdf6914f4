import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { BridgeProvider, type BridgeForComponents } from '../bridge/bridge-context';
import type { ReadonlyStore } from '../stores/mirror-stores';

/**
 * Server rendering reads a store's initial state (useSyncExternalStore's server snapshot); to render what
 * the mirror holds now, the stores' current state stands in for it.
 */
function current<T>(store: ReadonlyStore<T>): ReadonlyStore<T> {
  return { getState: store.getState, getInitialState: store.getState, subscribe: store.subscribe };
}

export function renderWithBridge(bridge: BridgeForComponents, element: ReactElement): string {
  const mirror = {
    accounts: current(bridge.mirror.accounts),
    app: current(bridge.mirror.app),
    sessions: current(bridge.mirror.sessions),
    conversations: current(bridge.mirror.conversations),
    conversationPages: current(bridge.mirror.conversationPages),
    composing: current(bridge.mirror.composing),
    transfers: current(bridge.mirror.transfers),
  };
  return renderToStaticMarkup(<BridgeProvider bridge={{ commands: bridge.commands, mirror, ...(bridge.chat === undefined ? {} : { chat: bridge.chat }) }}>{element}</BridgeProvider>);
}
