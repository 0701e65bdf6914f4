import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountId, ChatMessageView, HistoryCursor, HistoryPageView } from '../../../src-shared';
import { conversationId, newestFirst, newestFirstIndex } from './chat-keys';

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

/** Of two copies of one message, the one whose state is newer wins, and a message read stays read. */
function winner(known: ChatMessageView, copy: ChatMessageView): ChatMessageView {
  if (copy.stateAt >= known.stateAt) {
    const next = known.read && !copy.read ? { ...copy, read: true } : copy;
    // An equal copy (a page fetched again) keeps the object the rows already rendered.
    return sameMessage(known, next) ? known : next;
  }
  return copy.read && !known.read ? { ...known, read: true } : known;
}

function sameMessage(a: ChatMessageView, b: ChatMessageView): boolean {
  for (const key of Object.keys(b) as (keyof ChatMessageView)[]) if (a[key] !== b[key]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

const self = (message: ChatMessageView): ChatMessageView => message;

/**
 * Merges by id into a list sorted newest first (`newestFirst`, main's order). Each incoming copy is placed by
 * binary search: a stored message's timestamp and id never change (main updates only its state and read flag),
 * so an existing copy sits exactly where the new one sorts. Cost: O(k log n) comparisons and one O(n) copy per
 * call, instead of a sort of the whole conversation; `current` itself is returned when nothing changed.
 */
export function mergeMessages(current: readonly ChatMessageView[], incoming: readonly ChatMessageView[]): readonly ChatMessageView[] {
  if (incoming.length === 0) return current;
  const byId = new Map<string, ChatMessageView>();
  for (const message of incoming) {
    const known = byId.get(message.id);
    byId.set(message.id, known === undefined ? message : winner(known, message));
  }
  const copies = [...byId.values()].sort(newestFirst);
  const merged: ChatMessageView[] = [];
  let from = 0;
  let changed = false;
  for (const copy of copies) {
    // Copies are sorted too: each one's place is at or after the previous one's.
    const at = newestFirstIndex(current, copy, self, from);
    for (let index = from; index < at; index += 1) merged.push(current[index] as ChatMessageView);
    const known = current[at];
    if (known !== undefined && known.id === copy.id) {
      const kept = winner(known, copy);
      changed ||= kept !== known;
      merged.push(kept);
      from = at + 1;
    } else {
      changed = true;
      merged.push(copy);
      from = at;
    }
  }
  if (!changed) return current;
  for (let index = from; index < current.length; index += 1) merged.push(current[index] as ChatMessageView);
  return merged;
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

/**
 * Messages were stored or changed (a frame's worth of `chat.messageChanged`, in event order); those of the open
 * conversation are merged in one pass, others are not this store's business. The state itself is returned
 * when none of them changes it, so nothing re-renders.
 */
export function withPagesMessages(state: ConversationPagesMirrorState, messages: readonly ChatMessageView[]): ConversationPagesMirrorState {
  const open = state.open;
  if (open === null) return state;
  const here = messages.filter((message) => message.accountId === open.accountId && message.conversation === open.conversation);
  const merged = mergeMessages(state.messages, here);
  return merged === state.messages ? state : { ...state, messages: merged };
}

export function withPagesMessage(state: ConversationPagesMirrorState, message: ChatMessageView): ConversationPagesMirrorState {
  return withPagesMessages(state, [message]);
}

/** main answered `history.markRead` for the open conversation: its incoming messages are read. */
export function withPagesRead(state: ConversationPagesMirrorState, accountId: AccountId, conversation: string): ConversationPagesMirrorState {
  if (!isOpen(state, accountId, conversation) || !state.messages.some((m) => m.direction === 'in' && !m.read)) return state;
  return { ...state, messages: state.messages.map((m) => (m.direction === 'in' && !m.read ? { ...m, read: true } : m)) };
}
