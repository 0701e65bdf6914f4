import { memo } from 'react';
import type { ConversationView } from '../../../../src-shared';
import { fullTime, listTime, messagePreview, partyName } from './chat-words';

export interface ConversationItemProps {
  readonly conversation: ConversationView;
  readonly live: boolean;
  readonly selected: boolean;
  readonly now: number;
  /** Called with this row's conversation: one callback serves every row, so rows stay memoizable. */
  readonly onOpen: (conversation: ConversationView) => void;
}

/**
 * One row of the conversation list: who, the last message, when, how many unread, and a dot for a live session.
 * Memoized: a message to one party changes that party's row only (the store keeps the others' objects).
 */
export const ConversationItem = memo(function ConversationItem({ conversation, live, selected, now, onOpen }: ConversationItemProps) {
  const name = partyName(conversation);
  const unread = conversation.unread;
  const label = [name, live ? 'chat session active' : '', unread > 0 ? `${unread} unread` : ''].filter((part) => part !== '').join(', ');
  return (
    <button
      type="button"
      className="conversation-item"
      onClick={() => onOpen(conversation)}
      aria-current={selected ? 'page' : undefined}
      aria-label={`${label}: ${messagePreview(conversation.lastMessage)}`}
      data-testid="conversation-item"
      data-conversation={conversation.conversation}
      data-live={live}
      data-unread={unread}
    >
      <span className="conversation-item-top">
        {live ? <span className="live-dot" data-testid="conversation-live-dot" aria-hidden="true" /> : null}
        <span className="conversation-item-name">{name}</span>
        <time className="conversation-item-time" dateTime={new Date(conversation.timestamp).toISOString()} title={fullTime(conversation.timestamp)}>
          {listTime(conversation.timestamp, now)}
        </time>
      </span>
      <span className="conversation-item-bottom">
        <span className="conversation-item-preview" data-testid="conversation-preview">
          {messagePreview(conversation.lastMessage)}
        </span>
        {unread > 0 ? (
          <span className="unread-badge" data-testid="unread-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </span>
    </button>
  );
});
