import type { ConversationView } from '../../../../src-shared';
import { conversationIdOf } from '../../stores/chat-keys';

/** An incoming message the user should hear about. */
export interface MessageNotice {
  readonly conversation: ConversationView;
}

/**
 * Compares two versions of the conversation list: a conversation whose last message changed to a new, unread,
 * incoming one deserves a notice, unless the user is looking at that conversation right now. The first list
 * (`previous` null) notifies nothing: history is not news.
 */
export function newMessageNotices(previous: readonly ConversationView[] | null, next: readonly ConversationView[], visibleId: string | null): MessageNotice[] {
  if (previous === null) return [];
  const lastIds = new Map(previous.map((conversation) => [conversationIdOf(conversation), conversation.lastMessage.id]));
  return next
    .filter((conversation) => {
      const message = conversation.lastMessage;
      return (
        message.direction === 'in' &&
        !message.read &&
        lastIds.get(conversationIdOf(conversation)) !== message.id &&
        conversationIdOf(conversation) !== visibleId
      );
    })
    .map((conversation) => ({ conversation }));
}
