import { InvariantError } from '../errors';

/** The seed's Session states (sipsimple.session.Session.state), as a string enum. */
export enum SessionState {
  Null = 'null',
  /** Our INVITE is out (RFC 3261 §13.2); "ringing" is a notification within this state. */
  Calling = 'calling',
  /** An INVITE came in and waits for the user (RFC 3261 §13.3). */
  Incoming = 'incoming',
  /** The user accepted; streams are being reserved and the 200 is being sent. */
  Accepting = 'accepting',
  Established = 'established',
  /** Our re-INVITE adding or removing streams is out (RFC 3264 §8). */
  Proposing = 'proposing',
  /** The peer's re-INVITE is being answered. */
  Proposed = 'proposed',
  /** CANCEL or BYE sent, waiting for the dialog to end. */
  Terminating = 'terminating',
  Terminated = 'terminated',
}

const TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  [SessionState.Null]: [SessionState.Calling, SessionState.Incoming, SessionState.Terminated],
  [SessionState.Calling]: [SessionState.Established, SessionState.Terminating, SessionState.Terminated],
  [SessionState.Incoming]: [SessionState.Accepting, SessionState.Terminating, SessionState.Terminated],
  [SessionState.Accepting]: [SessionState.Established, SessionState.Terminating, SessionState.Terminated],
  [SessionState.Established]: [SessionState.Proposing, SessionState.Proposed, SessionState.Terminating, SessionState.Terminated],
  [SessionState.Proposing]: [SessionState.Established, SessionState.Terminating, SessionState.Terminated],
  [SessionState.Proposed]: [SessionState.Established, SessionState.Terminating, SessionState.Terminated],
  [SessionState.Terminating]: [SessionState.Terminated],
  [SessionState.Terminated]: [],
};

export function canMoveSession(from: SessionState, to: SessionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The transition guard: a move the table does not allow is a bug in Parley. */
export function assertSessionTransition(from: SessionState, to: SessionState): void {
  if (!canMoveSession(from, to)) throw new InvariantError(`session: ${from} → ${to} is not a valid transition`);
}
