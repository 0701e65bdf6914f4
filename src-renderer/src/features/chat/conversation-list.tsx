import { useCallback, useMemo } from 'react';
import type { ConversationView } from '../../../../src-shared';
import { useChatActions, useConversationsMirror, useSessionsMirror } from '../../bridge/bridge-context';
import { useNow } from '../../components/use-now';
import { conversationId, conversationIdOf } from '../../stores/chat-keys';
import { liveConversationIds } from '../../stores/chat-selectors';
import { useUiStore } from '../../stores/ui-store';
import { ConversationItem } from './conversation-item';
import { HistorySearchBox } from './history-search-box';
import { NotificationsToggle } from './notifications-toggle';

/** The sidebar's conversations, newest first, with the history search above them. */
export function ConversationList() {
  const chat = useChatActions();
  const loaded = useConversationsMirror((state) => state.loaded);
  const conversations = useConversationsMirror((state) => state.conversations);
  const hasMore = useConversationsMirror((state) => state.next !== null);
  const sessions = useSessionsMirror((state) => state.sessions);
  const live = useMemo(() => liveConversationIds(sessions), [sessions]);
  const view = useUiStore((state) => state.mainView);
  const showConversation = useUiStore((state) => state.showConversation);
  const selectedId = view.kind === 'conversation' ? conversationId(view.accountId, view.conversation) : null;
  const now = useNow(true, 60_000);
  const open = useCallback((conversation: ConversationView) => showConversation({ accountId: conversation.accountId, conversation: conversation.conversation }), [showConversation]);
  return (
    <section className="sidebar-section" aria-labelledby="sidebar-conversations-heading">
      <div className="sidebar-heading">
        <h2 id="sidebar-conversations-heading">Conversations</h2>
        <NotificationsToggle />
      </div>
      <HistorySearchBox />
      {loaded && conversations.length === 0 ? <p className="muted">No messages yet.</p> : null}
      <ul className="sidebar-list" data-testid="conversation-list">
        {conversations.map((conversation) => {
          const id = conversationIdOf(conversation);
          return (
            <li key={id}>
              <ConversationItem
                conversation={conversation}
                live={live.has(id)}
                selected={id === selectedId}
                now={now}
                onOpen={open}
              />
            </li>
          );
        })}
      </ul>
      {hasMore ? (
        <button type="button" className="link" onClick={() => void chat.loadMoreConversations()} data-testid="more-conversations">
          Show older conversations
        </button>
      ) : null}
    </section>
  );
}
