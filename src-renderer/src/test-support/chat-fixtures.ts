import type { AccountId, ChatMessageView, ConversationView } from '../../../src-shared';

/** A stored message from Bob to alice's account `acc-1`, unless overridden. */
export function chatMessage(overrides: Partial<ChatMessageView> = {}): ChatMessageView {
  return {
    id: 'm-1',
    accountId: 'acc-1' as AccountId,
    conversation: 'sip:bob@example.org',
    remoteUri: 'sip:bob@example.org',
    remoteDisplayName: 'Bob',
    direction: 'in',
    contentType: 'text/plain',
    text: 'hello',
    timestamp: 1_000,
    state: 'received',
    stateCode: null,
    stateReason: null,
    stateAt: 1_000,
    path: 'sip-message',
    read: false,
    ...overrides,
  };
}

export function conversationView(lastMessage: ChatMessageView, overrides: Partial<ConversationView> = {}): ConversationView {
  return {
    accountId: lastMessage.accountId,
    conversation: lastMessage.conversation,
    remoteUri: lastMessage.remoteUri,
    remoteDisplayName: lastMessage.remoteDisplayName,
    lastMessage,
    unread: lastMessage.direction === 'in' && !lastMessage.read ? 1 : 0,
    timestamp: lastMessage.timestamp,
    live: false,
    ...overrides,
  };
}
