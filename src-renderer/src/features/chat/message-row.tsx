import { memo } from 'react';
import type { ChatMessageView } from '../../../../src-shared';
import { clockTime, fullTime } from './chat-words';
import { DeliveryTick } from './delivery-tick';
import { LinkedText } from './linked-text';

/**
 * One message: who, when, the text (selectable, links clickable) and, for ours, the delivery tick. Focusable
 * (tabIndex -1) so search can move the focus to it. Memoized: the store keeps the object of a message that did
 * not change, so when a burst of messages re-renders the list, the rows already shown are not rendered again.
 */
export const MessageRow = memo(function MessageRow({ message, partyName, highlighted }: { message: ChatMessageView; partyName: string; highlighted: boolean }) {
  const outgoing = message.direction === 'out';
  const clock = clockTime(message.timestamp);
  return (
    <article
      className="message"
      tabIndex={-1}
      data-direction={outgoing ? 'out' : 'in'}
      data-state={message.state}
      data-highlighted={highlighted ? 'true' : undefined}
      data-message-id={message.id}
      data-testid="message"
      aria-label={`${outgoing ? 'You' : partyName} at ${clock}`}
    >
      <p className="message-text" data-testid="message-text">
        {message.text === null ? <em>A message of type {message.contentType}</em> : <LinkedText text={message.text} />}
      </p>
      <p className="message-meta">
        <time dateTime={new Date(message.timestamp).toISOString()} title={fullTime(message.timestamp)}>
          {clock}
        </time>
        {message.path === 'sip-message' ? <span className="visually-hidden"> (sent as a SIP MESSAGE)</span> : null}
        {outgoing ? <DeliveryTick message={message} /> : null}
      </p>
    </article>
  );
});
