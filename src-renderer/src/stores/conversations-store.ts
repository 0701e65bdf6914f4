import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountId, ChatMessageView, ConversationsPage, ConversationView, HistoryCursor } from '../../../src-shared';
import { conversationId, conversationIdOf, newestFirst, newestFirstIndex } from './chat-keys';

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
 * than the answer's last, since the answer's count may already include older ones. Returns null when the
 * message changes nothing.
 */
function nextConversation(current: ConversationView | undefined, message: ChatMessageView, replay: boolean): ConversationView | null {
  const unreadIncoming = message.direction === 'in' && !message.read ? 1 : 0;
  if (current === undefined) {
    return {
      accountId: message.accountId,
      conversation: message.conversation,
      remoteUri: message.remoteUri,
      remoteDisplayName: message.remoteDisplayName,
      lastMessage: message,
      unread: unreadIncoming,
      timestamp: message.timestamp,
      live: false,
    };
  }
  if (current.lastMessage.id === message.id) return { ...current, lastMessage: message };
  if (newestFirst(message, current.lastMessage) < 0) {
    return {
      ...current,
      lastMessage: message,
      timestamp: message.timestamp,
      unread: current.unread + unreadIncoming,
      remoteDisplayName: message.remoteDisplayName ?? current.remoteDisplayName,
    };
  }
  if (unreadIncoming === 1 && !replay) return { ...current, unread: current.unread + 1 };
  return null;
}

const lastOf = (conversation: ConversationView): ChatMessageView => conversation.lastMessage;

/**
 * Messages were stored or changed, in event order (a frame's worth of `chat.messageChanged`, or a replay). The
 * list is copied once for the whole batch, and a changed conversation moves to its place by binary search
 * (the list stays sorted newest first) instead of a sort of the list per message. The state itself is
 * returned when nothing changed.
 */
export function withConversationMessages(state: ConversationsMirrorState, messages: readonly ChatMessageView[], replay = false): ConversationsMirrorState {
  let conversations: ConversationView[] | null = null;
  for (const message of messages) {
    const list: readonly ConversationView[] = conversations ?? state.conversations;
    const index = list.findIndex((item) => item.accountId === message.accountId && item.conversation === message.conversation);
    const updated = nextConversation(list[index], message, replay);
    if (updated === null) continue;
    conversations ??= [...state.conversations];
    if (index >= 0) conversations.splice(index, 1);
    conversations.splice(newestFirstIndex(conversations, updated.lastMessage, lastOf), 0, updated);
  }
  return conversations === null ? state : { ...state, conversations };
}

export function withConversationMessage(state: ConversationsMirrorState, message: ChatMessageView, replay = false): ConversationsMirrorState {
  return withConversationMessages(state, [message], replay);
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
