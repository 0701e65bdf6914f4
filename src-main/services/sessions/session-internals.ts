import type { Session as SipSession, SessionDelegate } from 'sip.js';
import type { MediaStreamType } from '../../../src-shared';
import type { Logger, TypedEmitter } from '../../common';
import type { MediaStreamFactory, MediaStreamRegistry, MsrpStreamBase, MsrpStreamContext } from '../streams';
import type { MsrpSessionDescriptionHandler } from './msrp-session-description-handler';
import type { SessionAccount } from './session-account';
import type { SessionEvents } from './session-events';
import type { SessionCause } from './session-outcome';
import type { SessionState } from './session-state';

/**
 * What a Session lends to the flows that run on it (`OutgoingCall`, `IncomingCall`, `SessionEnding`,
 * `SessionProposals`): its state machine (moves go through the transition guard), notifications, SIP
 * dialog, description handler and streams. Internal to this folder; not part of the public surface.
 */
export interface SessionInternals {
  readonly direction: 'incoming' | 'outgoing';
  readonly account: SessionAccount;
  readonly registry: MediaStreamRegistry;
  readonly remoteUri: string;
  readonly logger: Logger;
  readonly events: TypedEmitter<SessionEvents>;
  readonly sdh: MsrpSessionDescriptionHandler;
  readonly state: SessionState;
  readonly sip: SipSession | undefined;
  /** Why the session is ending, once known (the first cause usually wins: set it with `??=`). */
  cause: SessionCause | undefined;
  is(state: SessionState): boolean;
  move(next: SessionState): void;
  /** Emits `changed` with the current view. */
  changed(): void;
  /** Adopts a stream: the session listens to it and shows it in its view from now on. */
  watch<T extends MsrpStreamBase>(stream: T): T;
  streamContext(): MsrpStreamContext;
  /** The registry's factory for `type`; throws UnavailableError for a type Parley does not implement. */
  factory(type: MediaStreamType): MediaStreamFactory;
  /** Throws ConflictError unless the session is established (proposals included). */
  requireEstablished(): void;
  /** Makes `sip` the session's dialog: binds the description handler and follows its state. */
  attach(sip: SipSession): void;
  sipDelegate(): SessionDelegate;
  /** Ends the session's record: streams, outcome, TERMINATED. */
  finish(): void;
  end(): Promise<void>;
}
