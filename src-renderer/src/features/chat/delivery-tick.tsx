import { useId } from 'react';
import type { ChatMessageView } from '../../../../src-shared';
import { deliveryWords } from './chat-words';

const MARKS: Record<ChatMessageView['state'], string> = {
  sending: '◷',
  sent: '✓',
  delivered: '✓✓',
  displayed: '✓✓',
  failed: '!',
  received: '',
};

/**
 * Where an outgoing message stands: a mark with its meaning as the accessible name. A failure is focusable and
 * shows its reason (code and words from the network) on hover and on focus.
 */
export function DeliveryTick({ message }: { message: ChatMessageView }) {
  const tooltipId = useId();
  const words = deliveryWords(message);
  if (words === null) return null;
  const failed = message.state === 'failed';
  return (
    <span className="delivery-tick" data-state={message.state} data-testid="delivery-tick">
      <span
        role="img"
        aria-label={words}
        title={words}
        tabIndex={failed ? 0 : undefined}
        aria-describedby={failed ? tooltipId : undefined}
        className="delivery-mark"
      >
        {MARKS[message.state]}
      </span>
      {failed ? (
        <span role="tooltip" id={tooltipId} className="delivery-tooltip" data-testid="delivery-failure">
          {words}
        </span>
      ) : null}
    </span>
  );
}
