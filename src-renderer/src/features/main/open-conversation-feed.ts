import { useEffect } from 'react';
import type { OpenConversationRequest } from '../../../../src-shared';
import { useUiStore } from '../../stores/ui-store';

type Listener = (request: OpenConversationRequest) => void;

const listeners = new Set<Listener>();

/**
 * Where the bridge hands `app.openConversation` (the desktop app's notification was clicked). Not mirrored
 * state: a request to the UI, taken by the main layout while it is shown and dropped otherwise.
 */
export function publishOpenConversation(request: OpenConversationRequest): void {
  for (const listener of [...listeners]) listener(request);
}

export function subscribeOpenConversation(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The main layout shows the conversation main asked for. */
export function useOpenConversationRequests(): void {
  useEffect(
    () =>
      subscribeOpenConversation((request) =>
        useUiStore.getState().showConversation({ accountId: request.accountId, conversation: request.conversation }),
      ),
    [],
  );
}
