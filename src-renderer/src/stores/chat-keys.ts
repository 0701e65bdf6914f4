import type { AccountId, ChatMessageView } from '../../../src-shared';

/**
 * The key main gives a conversation is `ChatMessageView.conversation` (already normalized there); a conversation
 * is that key within one account. The renderer only needs to compare keys, and to match a session's remote URI to
 * a conversation for the "live" dot, for which a light normalization (the scheme, parameters, port and display name
 * do not name another person; the host compares case-insensitively, RFC 3261 §19.1.4) is enough.
 */
export function conversationId(accountId: AccountId, conversation: string): string {
  return `${accountId} ${conversation}`;
}

export function conversationIdOf(message: Pick<ChatMessageView, 'accountId' | 'conversation'>): string {
  return conversationId(message.accountId, message.conversation);
}

export function sessionPartyKey(remoteUri: string): string {
  let text = remoteUri.trim();
  const open = text.lastIndexOf('<');
  const close = text.lastIndexOf('>');
  if (open >= 0 && close > open) text = text.slice(open + 1, close).trim();
  text = text.replace(/^sips?:/i, '');
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? (text.slice(0, at).split(':')[0] ?? '') : '';
  const rest = at >= 0 ? text.slice(at + 1) : text;
  const host = (rest.split(/[;?>]/)[0] ?? '').toLowerCase().replace(/:\d*$/, '');
  return user === '' ? `sip:${host}` : `sip:${user}@${host}`;
}

type Ordered = Pick<ChatMessageView, 'timestamp' | 'id'>;

/**
 * Newest first, exactly as main pages them (`ORDER BY timestamp DESC, id DESC`, the keyset order of
 * HistoryCursor). main's order is the one that counts: every list of messages in the renderer uses this
 * comparator, whether a message came in a page or an event, so messages of one millisecond sit in the same
 * place however they arrived. (JavaScript compares ids by UTF-16 code unit and SQLite by byte; ids are ASCII.)
 */
export function newestFirst(a: Ordered, b: Ordered): number {
  return b.timestamp - a.timestamp || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Binary search in a list sorted by `newestFirst`: the index of `item`'s own copy when the list holds it, else
 * where it would go (searching from `from` on). O(log n), so one new message does not cost a sort of the whole
 * conversation.
 */
export function newestFirstIndex<T>(list: readonly T[], item: Ordered, key: (element: T) => Ordered, from = 0): number {
  let low = from;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (newestFirst(key(list[middle] as T), item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
