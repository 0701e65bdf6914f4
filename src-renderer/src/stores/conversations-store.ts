import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountId, ChatMessageView, ConversationsPage, ConversationView, HistoryCursor } from '../../../src-shared';
import { conversationId, conversationIdOf, newestFirst } from './chat-keys';

/** The conversation list: what `history.conversations` answered, kept current by `chat.messageChanged`. */
export interface ConversationsMirrorState {
  /** false until the first page arrived. */
  readonly loaded: boolean;
  /** Newest first. */
  readonly conversations: readonly ConversationView[];
  /** Where the next (older) page starts; null when every conversation is here. */
  readonly next: HistoryCursor | null;
}

export const INITIAL_CONVERSATIONS_STATE: ConversationsMirrorState = { loaded: false, conversations: [], next: null };

export function createConversationsStore(): StoreApi<ConversationsMirrorState> {
  return createStore<ConversationsMirrorState>()(() => INITIAL_CONVERSATIONS_STATE);
}

function sorted(conversations: ConversationView[]): ConversationView[] {
  return conversations.sort((a, b) => newestFirst(a.lastMessage, b.lastMessage));
}

/** The first page replaces the list (`append` false); an older page adds the conversations not already listed. */
export function withConversationsPage(state: ConversationsMirrorState, page: ConversationsPage, append: boolean): ConversationsMirrorState {
  if (!append) return { loaded: true, conversations: sorted([...page.conversations]), next: page.next };
  const known = new Set(state.conversations.map(conversationIdOf));
  const added = page.conversations.filter((conversation) => !known.has(conversationIdOf(conversation)));
  return { loaded: true, conversations: sorted([...state.conversations, ...added]), next: page.next };
}

/**
 * A message was stored or changed. A message newer than the conversation's last becomes its last. An unread
 * incoming message other than the last counts as unread: main emits an incoming message once, when it stores
 * it, and messages may arrive out of order (pager MESSAGEs race), so an older one counts too. A replay
 * (`replay`: events that came while a list request was out, applied over its answer) counts only messages newer
 * than the answer's last, since the answer's count may already include older ones.
 */
export function withConversationMessage(state: ConversationsMirrorState, message: ChatMessageView, replay = false): ConversationsMirrorState {
  const id = conversationIdOf(message);
  const index = state.conversations.findIndex((conversation) => conversationIdOf(conversation) === id);
  const unreadIncoming = message.direction === 'in' && !message.read ? 1 : 0;
  if (index === -1) {
    const created: ConversationView = {
      accountId: message.accountId,
      conversation: message.conversation,
      remoteUri: message.remoteUri,
      remoteDisplayName: message.remoteDisplayName,
      lastMessage: message,
      unread: unreadIncoming,
      timestamp: message.timestamp,
      live: false,
    };
    return { ...state, conversations: sorted([...state.conversations, created]) };
  }
  const current = state.conversations[index] as ConversationView;
  let updated: ConversationView;
  if (current.lastMessage.id === message.id) {
    updated = { ...current, lastMessage: message };
  } else if (newestFirst(message, current.lastMessage) < 0) {
    updated = {
      ...current,
      lastMessage: message,
      timestamp: message.timestamp,
      unread: current.unread + unreadIncoming,
      remoteDisplayName: message.remoteDisplayName ?? current.remoteDisplayName,
    };
  } else if (unreadIncoming === 1 && !replay) {
    updated = { ...current, unread: current.unread + 1 };
  } else {
    return state;
  }
  const conversations = state.conversations.map((conversation, at) => (at === index ? updated : conversation));
  return { ...state, conversations: sorted(conversations) };
}

/** main answered `history.markRead`: nothing of this conversation is unread any more. */
export function withConversationRead(state: ConversationsMirrorState, accountId: AccountId, conversation: string): ConversationsMirrorState {
  const id = conversationId(accountId, conversation);
  if (!state.conversations.some((item) => conversationIdOf(item) === id && (item.unread > 0 || (item.lastMessage.direction === 'in' && !item.lastMessage.read)))) return state;
  const conversations = state.conversations.map((item) =>
    conversationIdOf(item) === id ? { ...item, unread: 0, lastMessage: item.lastMessage.direction === 'in' ? { ...item.lastMessage, read: true } : item.lastMessage } : item,
  );
  return { ...state, conversations };
}
