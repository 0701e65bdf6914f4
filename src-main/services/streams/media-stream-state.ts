import { InvariantError } from '../errors';

/** The life of one media stream inside a session (the seed's IMediaStream notifications, as states). */
export enum MediaStreamState {
  New = 'new',
  /** Reserving what must precede the SDP: a relay reservation (RFC 4976 §5) or a listening port. */
  Initializing = 'initializing',
  /** The local a=path is known; waiting for the offer/answer to complete. */
  Initialized = 'initialized',
  /** Connecting and binding the MSRP session (RFC 4975 §5.4, RFC 6135). */
  Starting = 'starting',
  Started = 'started',
  Ending = 'ending',
  Ended = 'ended',
  Failed = 'failed',
}

const TRANSITIONS: Readonly<Record<MediaStreamState, readonly MediaStreamState[]>> = {
  [MediaStreamState.New]: [MediaStreamState.Initializing, MediaStreamState.Ending, MediaStreamState.Ended, MediaStreamState.Failed],
  [MediaStreamState.Initializing]: [MediaStreamState.Initialized, MediaStreamState.Ending, MediaStreamState.Ended, MediaStreamState.Failed],
  [MediaStreamState.Initialized]: [MediaStreamState.Starting, MediaStreamState.Ending, MediaStreamState.Ended, MediaStreamState.Failed],
  [MediaStreamState.Starting]: [MediaStreamState.Started, MediaStreamState.Ending, MediaStreamState.Ended, MediaStreamState.Failed],
  [MediaStreamState.Started]: [MediaStreamState.Ending, MediaStreamState.Ended, MediaStreamState.Failed],
  [MediaStreamState.Ending]: [MediaStreamState.Ended, MediaStreamState.Failed],
  [MediaStreamState.Ended]: [],
  [MediaStreamState.Failed]: [],
};

export function isFinalStreamState(state: MediaStreamState): boolean {
  return state === MediaStreamState.Ended || state === MediaStreamState.Failed;
}

/** The transition guard: a move the table does not allow is a bug in Parley, not bad input. */
export function assertStreamTransition(from: MediaStreamState, to: MediaStreamState): void {
  if (!TRANSITIONS[from].includes(to)) throw new InvariantError(`media stream: ${from} → ${to} is not a valid transition`);
}

export function canMoveStream(from: MediaStreamState, to: MediaStreamState): boolean {
  return TRANSITIONS[from].includes(to);
}
