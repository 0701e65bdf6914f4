import type { ChatMessageView, ConversationView } from '../../../src-shared';
import type { ConversationSummary, HistoryMessage } from '../history';

/** A stored message as it crosses IPC (the wire Message-ID stays in main: it matches reports, nothing else). */
export function toChatMessageView(message: HistoryMessage): ChatMessageView {
  return {
    id: message.id,
    accountId: message.accountId,
    conversation: message.conversation,
    remoteUri: message.remoteUri,
    remoteDisplayName: message.remoteDisplayName,
    direction: message.direction,
    contentType: message.contentType,
    text: message.isText ? message.text : null,
    timestamp: message.timestamp,
    state: message.state,
    stateCode: message.stateCode,
    stateReason: message.stateReason,
    stateAt: message.stateAt,
    path: message.path,
    read: message.read,
  };
}

export function toConversationView(summary: ConversationSummary, live: boolean): ConversationView {
  return {
    accountId: summary.accountId,
    conversation: summary.conversation,
    remoteUri: summary.remoteUri,
    remoteDisplayName: summary.remoteDisplayName,
    lastMessage: toChatMessageView(summary.lastMessage),
    unread: summary.unread,
    timestamp: summary.lastMessage.timestamp,
    live,
  };
}

/** `bob@example.com` → `sip:bob@example.com`; an address with a scheme stays as it is. */
export function toSipAddress(remote: string): string {
  const trimmed = remote.trim();
  return /^(sips?|tel):/i.test(trimmed) ? trimmed : `sip:${trimmed}`;
}
