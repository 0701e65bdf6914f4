import { memo } from 'react';
import { useComposingMirror } from '../../bridge/bridge-context';

/**
 * "Bob is typing…" while the party composes (RFC 3994 active), announced politely, empty otherwise. Memoized:
 * the pane around it re-renders with every message that arrives.
 */
export const TypingIndicator = memo(function TypingIndicator({ id, partyName }: { id: string; partyName: string }) {
  const typing = useComposingMirror((state) => id in state.active);
  return (
    <p className="typing-indicator" role="status" aria-live="polite" data-testid="typing-indicator">
      {typing ? `${partyName} is typing…` : ''}
    </p>
  );
});
