import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountId, ChatMessageView, HistoryCursor, HistoryPageView } from '../../../src-shared';
import { conversationId, conversationIdOf, newestFirst } from './chat-keys';

export interface OpenConversation {
  readonly accountId: AccountId;
  /** main's conversation key (the normalized remote address). */
  readonly conversation: string;
}

/**
 * The open conversation's messages: the pages `history.page` answered (newest first, older pages appended as
 * the user scrolls up) merged with the messages `chat.messageChanged` brought since, one entry per id.
 */
export interface ConversationPagesMirrorState {
  readonly open: OpenConversation | null;
  /** Newest first, unique by id. */
  readonly messages: readonly ChatMessageView[];
  /** Where the next older page starts; null once the oldest message is here. */
  readonly next: HistoryCursor | null;
  /** A page request is out. */
  readonly loading: boolean;
  /** The newest page has arrived (before that, an empty list means "not known yet", not "no messages"). */
  readonly loaded: boolean;
  /** Why the last page request failed, in words; null otherwise. */
  readonly error: string | null;
}

export const INITIAL_PAGES_STATE: ConversationPagesMirrorState = { open: null, messages: [], next: null, loading: false, loaded: false, error: null };

export function createConversationPagesStore(): StoreApi<ConversationPagesMirrorState> {
  return createStore<ConversationPagesMirrorState>()(() => INITIAL_PAGES_STATE);
}

export function isOpen(state: ConversationPagesMirrorState, accountId: AccountId, conversation: string): boolean {
  return state.open !== null && conversationId(state.open.accountId, state.open.conversation) === conversationId(accountId, conversation);
}

/**
 * Merges by id: of two copies of one message the one whose state is newer wins (a page fetched before a
 * delivery report must not undo it), and a message read stays read.
 */
export function mergeMessages(current: readonly ChatMessageView[], incoming: readonly ChatMessageView[]): ChatMessageView[] {
  const byId = new Map<string, ChatMessageView>();
  for (const message of current) byId.set(message.id, message);
  for (const message of incoming) {
    const known = byId.get(message.id);
    if (known === undefined || message.stateAt >= known.stateAt) byId.set(message.id, known?.read === true ? { ...message, read: true } : message);
    else if (message.read && !known.read) byId.set(message.id, { ...known, read: true });
  }
  return [...byId.values()].sort(newestFirst);
}

export function withOpened(open: OpenConversation): ConversationPagesMirrorState {
  return { ...INITIAL_PAGES_STATE, open, loading: true };
}

export function withLoading(state: ConversationPagesMirrorState): ConversationPagesMirrorState {
  return { ...state, loading: true, error: null };
}

/**
 * A page arrived. The newest page (`older` false) keeps the cursor of older pages already loaded (a reload
 * after a reconnect must not forget how far the user scrolled); an older page moves the cursor on.
 */
export function withPage(state: ConversationPagesMirrorState, page: HistoryPageView, older: boolean): ConversationPagesMirrorState {
  const messages = mergeMessages(state.messages, page.messages);
  const next = older || !state.loaded ? page.next : state.next;
  return { ...state, messages, next, loading: false, loaded: true, error: null };
}

export function withPageError(state: ConversationPagesMirrorState, error: string): ConversationPagesMirrorState {
  return { ...state, loading: false, error };
}

/** A message of the open conversation was stored or changed; others are not this store's business. */
export function withPagesMessage(state: ConversationPagesMirrorState, message: ChatMessageView): ConversationPagesMirrorState {
  if (state.open === null || conversationIdOf(message) !== conversationId(state.open.accountId, state.open.conversation)) return state;
  return { ...state, messages: mergeMessages(state.messages, [message]) };
}

/** main answered `history.markRead` for the open conversation: its incoming messages are read. */
export function withPagesRead(state: ConversationPagesMirrorState, accountId: AccountId, conversation: string): ConversationPagesMirrorState {
  if (!isOpen(state, accountId, conversation) || !state.messages.some((m) => m.direction === 'in' && !m.read)) return state;
  return { ...state, messages: state.messages.map((m) => (m.direction === 'in' && !m.read ? { ...m, read: true } : m)) };
}
