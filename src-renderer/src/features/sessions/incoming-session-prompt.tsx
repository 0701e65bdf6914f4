import { useMemo } from 'react';
import { useSessionsMirror } from '../../bridge/bridge-context';
import { waitingIncoming } from '../../stores/session-selectors';
import { IncomingSessionDialog } from './incoming-session-dialog';

/** Rings for the oldest unanswered incoming session; the others wait their turn (and are counted). */
export function IncomingSessionPrompt() {
  const sessions = useSessionsMirror((state) => state.sessions);
  const waiting = useMemo(() => waitingIncoming(sessions), [sessions]);
  const first = waiting[0];
  if (first === undefined) return null;
  // Keyed by session: the next caller gets a fresh dialog (focus, pending state), not the last one's.
  return <IncomingSessionDialog key={first.id} view={first} waitingBehind={waiting.length - 1} />;
}
