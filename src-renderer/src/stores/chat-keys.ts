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

/** Newest first, as main pages them: by time, then by id (the keyset order of HistoryCursor). */
export function newestFirst(a: Pick<ChatMessageView, 'timestamp' | 'id'>, b: Pick<ChatMessageView, 'timestamp' | 'id'>): number {
  return b.timestamp - a.timestamp || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
