import { memo, useCallback, useMemo } from 'react';
import { useChatActions, useConversationPagesMirror } from '../../bridge/bridge-context';
import { useNow } from '../../components/use-now';
import { VirtualList } from '../../components/virtual-list';
import { MessageRow } from './message-row';
import { messageRows, type MessageRow as Row } from './message-rows';

const rowKey = (row: Row) => row.key;
// Measured after the first paint; these only place the scroll bar until then.
const estimate = (row: Row) => (row.kind === 'day' ? 36 : row.message.text !== null && row.message.text.length > 80 ? 96 : 64);

const renderNewBelow = (jump: () => void) => (
  <button type="button" className="new-messages" onClick={jump} data-testid="new-messages">
    New messages <span aria-hidden="true">↓</span>
  </button>
);

/**
 * The open conversation's messages, oldest at the top, virtualized: only the rows in view are rendered. Scrolling
 * up near the top asks for the next older page. At the bottom, the list follows new messages; scrolled up, it
 * stays put and offers a "New messages" button instead. Memoized: the pane around it re-renders with every
 * message that arrives, and this list already re-renders from its own subscription.
 */
export const MessageList = memo(function MessageList({ partyName, focusMessageId }: { partyName: string; focusMessageId: string | null }) {
  const chat = useChatActions();
  const messages = useConversationPagesMirror((state) => state.messages);
  const loading = useConversationPagesMirror((state) => state.loading);
  const loaded = useConversationPagesMirror((state) => state.loaded);
  const hasOlder = useConversationPagesMirror((state) => state.next !== null);
  const error = useConversationPagesMirror((state) => state.error);
  // The day labels ("Today") follow midnight; the minute is fine enough.
  const now = useNow(true, 60_000);
  const minute = Math.floor(now / 60_000);
  const rows = useMemo(() => messageRows(messages, minute * 60_000), [messages, minute]);
  const loadOlder = useCallback(() => void chat.loadOlder(), [chat]);
  const renderRow = useCallback(
    (row: Row) =>
      row.kind === 'day' ? (
        <h3 className="day-separator" data-testid="day-separator">
          {row.label}
        </h3>
      ) : (
        <MessageRow message={row.message} partyName={partyName} highlighted={row.message.id === focusMessageId} />
      ),
    [partyName, focusMessageId],
  );

  return (
    <div className="message-list-frame">
      <p className="muted message-list-status" role="status" data-testid="message-list-status">
        {error ?? (loading ? 'Loading messages…' : loaded && messages.length === 0 ? 'No messages yet. Say hello.' : loaded && !hasOlder ? 'Start of the conversation' : '')}
      </p>
      <VirtualList
        items={rows}
        itemKey={rowKey}
        estimateHeight={estimate}
        renderItem={renderRow}
        label={`Messages with ${partyName}`}
        role="log"
        className="message-list"
        testId="message-list"
        onNearTop={hasOlder ? loadOlder : undefined}
        scrollToKey={focusMessageId}
        renderNewBelow={renderNewBelow}
      />
    </div>
  );
});
