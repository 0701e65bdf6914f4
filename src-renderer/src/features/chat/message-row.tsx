import type { ChatMessageView } from '../../../../src-shared';
import { clockTime } from './chat-words';
import { DeliveryTick } from './delivery-tick';
import { LinkedText } from './linked-text';

/**
 * One message: who, when, the text (selectable, links clickable) and, for ours, the delivery tick. Focusable
 * (tabIndex -1) so search can move the focus to it.
 */
export function MessageRow({ message, partyName, highlighted }: { message: ChatMessageView; partyName: string; highlighted: boolean }) {
  const outgoing = message.direction === 'out';
  const time = new Date(message.timestamp);
  return (
    <article
      className="message"
      tabIndex={-1}
      data-direction={outgoing ? 'out' : 'in'}
      data-state={message.state}
      data-highlighted={highlighted ? 'true' : undefined}
      data-message-id={message.id}
      data-testid="message"
      aria-label={`${outgoing ? 'You' : partyName} at ${clockTime(message.timestamp)}`}
    >
      <p className="message-text" data-testid="message-text">
        {message.text === null ? <em>A message of type {message.contentType}</em> : <LinkedText text={message.text} />}
      </p>
      <p className="message-meta">
        <time dateTime={time.toISOString()} title={time.toLocaleString()}>
          {clockTime(message.timestamp)}
        </time>
        {message.path === 'sip-message' ? <span className="visually-hidden"> (sent as a SIP MESSAGE)</span> : null}
        {outgoing ? <DeliveryTick message={message} /> : null}
      </p>
    </article>
  );
}
