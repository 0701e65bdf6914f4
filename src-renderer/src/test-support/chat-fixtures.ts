import type { ChatMessageView, ConversationView } from '../../../src-shared';
import { chatMessage } from '../../../src-shared/test-support/chat-messages';

// One message fixture for main's and the renderer's tests.
export { chatMessage };

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
