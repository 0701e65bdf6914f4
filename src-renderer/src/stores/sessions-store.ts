import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChatMessageEvent, SessionId, SessionView } from '../../../src-shared';

/** How many chat lines the mirror keeps per session; the history store (main) keeps them all. */
export const MAX_MIRRORED_CHAT_LINES = 500;

/** The renderer's mirror of main's sessions and the chat lines they carried while this page was open. */
export interface SessionsMirrorState {
  readonly sessions: readonly SessionView[];
  readonly chat: Readonly<Record<SessionId, readonly ChatMessageEvent[]>>;
}

export const INITIAL_SESSIONS_STATE: SessionsMirrorState = { sessions: [], chat: {} };

export function createSessionsStore(): StoreApi<SessionsMirrorState> {
  return createStore<SessionsMirrorState>()(() => INITIAL_SESSIONS_STATE);
}

/** A session's new view replaces the old one (events carry whole views), new sessions go last. */
export function withSessionView(state: SessionsMirrorState, view: SessionView): SessionsMirrorState {
  const index = state.sessions.findIndex((session) => session.id === view.id);
  const sessions = index === -1 ? [...state.sessions, view] : state.sessions.map((session, at) => (at === index ? view : session));
  return { ...state, sessions };
}

export function withChatMessage(state: SessionsMirrorState, message: ChatMessageEvent): SessionsMirrorState {
  const lines = [...(state.chat[message.sessionId] ?? []), message].slice(-MAX_MIRRORED_CHAT_LINES);
  return { ...state, chat: { ...state.chat, [message.sessionId]: lines } };
}
