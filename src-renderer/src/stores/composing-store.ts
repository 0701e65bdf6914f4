import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChatComposingEvent, ChatMessageView } from '../../../src-shared';
import { conversationId, conversationIdOf } from './chat-keys';

/**
 * Who is typing to us right now, per conversation (RFC 3994 is-composing as main reports it). main ends an
 * active state with an idle event (the remote said so, or its refresh interval ran out); a message from the
 * party ends it too (RFC 3994 §3.3: a content message implies idle).
 */
export interface ComposingMirrorState {
  readonly active: Readonly<Record<string, ChatComposingEvent>>;
}

export const INITIAL_COMPOSING_STATE: ComposingMirrorState = { active: {} };

export function createComposingStore(): StoreApi<ComposingMirrorState> {
  return createStore<ComposingMirrorState>()(() => INITIAL_COMPOSING_STATE);
}

export function withComposing(state: ComposingMirrorState, event: ChatComposingEvent): ComposingMirrorState {
  const id = conversationId(event.accountId, event.conversation);
  if (event.state === 'active') return { active: { ...state.active, [id]: event } };
  return without(state, id);
}

export function withComposingMessage(state: ComposingMirrorState, message: ChatMessageView): ComposingMirrorState {
  return message.direction === 'in' ? without(state, conversationIdOf(message)) : state;
}

function without(state: ComposingMirrorState, id: string): ComposingMirrorState {
  if (!(id in state.active)) return state;
  const active = { ...state.active };
  delete active[id];
  return { active };
}
