import { randomUUID } from 'node:crypto';
import { Invitation, Inviter, SessionState as SipSessionState, type Session as SipSession, type SessionDelegate } from 'sip.js';
import type { DesktopRole, MediaStreamType, SessionFailure, SessionId, SessionOriginator, SessionView, StreamId, StreamRequestOptions } from '../../../src-shared';
import { TypedEmitter, type Disposable, type Listener, type Logger } from '../../common';
import { ConflictError, UnavailableError } from '../errors';
import { ChatStream, MediaStreamState, type ChatStreamMessage, type MediaStreamRegistry, type MsrpStreamBase } from '../streams';
import { IncomingCall } from './incoming-call';
import { MsrpSessionDescriptionHandler, type NegotiationOutcome } from './msrp-session-description-handler';
import { OutgoingCall } from './outgoing-call';
import { bindSessionDescriptionHandler } from './sdh-factory';
import type { SessionAccount } from './session-account';
import { SessionEnding } from './session-ending';
import type { SessionEvents } from './session-events';
import type { SessionInternals } from './session-internals';
import { sessionOutcome, type SessionCause } from './session-outcome';
import { SessionProposals, type ProposalPolicy } from './session-proposals';
import { SessionState, assertSessionTransition } from './session-state';
import { StreamWatch } from './stream-watch';

export interface SessionOptions {
  readonly account: SessionAccount;
  readonly registry: MediaStreamRegistry;
  readonly logger: Logger;
  /**
   * Which stream types of a peer's re-INVITE to accept. sip.js answers re-INVITEs by itself and sends no
   * 100 for them, so this must decide quickly (no user prompt); default: every type Parley implements.
   */
  readonly proposalPolicy?: ProposalPolicy;
}

/**
 * The seed's Session: one SIP INVITE dialog (sip.js Inviter or Invitation) carrying MSRP streams. States are
 * the seed's (see SessionState); notifications are typed events. The flows live beside it: placing a call
 * (`OutgoingCall`), answering one (`IncomingCall`), ending (`SessionEnding`), and stream changes by
 * re-INVITE, one at a time, after the ACK of the previous 200 and retried after 491 (RFC 3261 §14.1):
 * `SessionProposals` and its `ReinviteQueue`.
 */
export class Session implements Disposable {
  readonly id = randomUUID() as SessionId;
  readonly direction: 'incoming' | 'outgoing';
  readonly account: SessionAccount;
  readonly createdAt = Date.now();
  readonly #options: SessionOptions;
  readonly #logger: Logger;
  readonly #events = new TypedEmitter<SessionEvents>({ onListenerError: (error, name) => this.#logger.error('Session listener failed', { name, error }) });
  readonly #sdh: MsrpSessionDescriptionHandler;
  readonly #watch: StreamWatch;
  readonly #outgoing: OutgoingCall;
  readonly #proposals: SessionProposals;
  readonly #incoming: IncomingCall;
  readonly #ending: SessionEnding;
  #state = SessionState.Null;
  #sip: SipSession | undefined;
  readonly #remoteUri: string;
  #remoteName: string | null = null;
  #offeredTypes: readonly MediaStreamType[] = [];
  #offeredDesktopRole: DesktopRole | undefined;
  #cause: SessionCause | undefined;
  #failure: SessionFailure | null = null;
  #endedBy: SessionOriginator | null = null;
  #startedAt: number | null = null;
  #endedAt: number | null = null;
  #initialStreams: Set<MsrpStreamBase> | undefined;
  #didStart = false;
  /** Set when we end an established session because its media failed: it ends as a failure, not a hang-up. */
  #mediaFailure: string | undefined;

  private constructor(options: SessionOptions, direction: 'incoming' | 'outgoing', remoteUri: string) {
    this.#options = options;
    this.account = options.account;
    this.direction = direction;
    this.#remoteUri = remoteUri;
    this.#logger = options.logger.child(`session ${this.id.slice(0, 8)}`);
    this.#sdh = new MsrpSessionDescriptionHandler({
      connectionModel: options.account.connectionModel,
      localAddress: options.account.localAddress(),
      logger: this.#logger,
      delegate: {
        prepareOfferedStreams: (offered) => this.#incoming.prepareOffered(offered),
        onNegotiated: (outcome) => this.#onNegotiated(outcome),
        onAnswerRefused: (code, reason) => (this.#cause ??= { kind: 'failed', code, reason: `the answer could not be used: ${reason}` }),
      },
    });
    this.#watch = new StreamWatch({
      onUpdate: (stream) => this.#onStreamUpdate(stream),
      onChat: (stream, message) => this.#events.emit('chatMessage', { streamId: stream.id, message }),
    });
    const internals = this.#internals();
    this.#outgoing = new OutgoingCall(internals);
    this.#proposals = new SessionProposals(internals, options.proposalPolicy);
    this.#incoming = new IncomingCall(internals, this.#proposals);
    this.#ending = new SessionEnding(internals, this.#incoming);
  }

  /** A session we will place with `connect()`. */
  static outgoing(options: SessionOptions, target: string): Session {
    return new Session(options, 'outgoing', normalizeTarget(target));
  }

  /** A session for an INVITE that reached the account (after sip.js sent 100), waiting for accept/reject. */
  static incoming(options: SessionOptions, invitation: Invitation, offeredTypes: readonly MediaStreamType[], offeredDesktopRole?: DesktopRole): Session {
    const session = new Session(options, 'incoming', invitation.remoteIdentity.uri.toString());
    session.#remoteName = invitation.remoteIdentity.displayName || null;
    session.#offeredTypes = offeredTypes;
    session.#offeredDesktopRole = offeredDesktopRole;
    session.#attach(invitation);
    invitation.delegate = { ...session.#sipDelegate(), onCancel: () => (session.#cause ??= { kind: 'remote-cancel' }) };
    session.#move(SessionState.Incoming);
    session.#events.emit('newIncoming', { offeredStreamTypes: offeredTypes });
    session.#changed();
    return session;
  }

  get state(): SessionState {
    return this.#state;
  }

  get streams(): MsrpStreamBase[] {
    return this.#sdh.streams;
  }

  /** The SDP body of the INVITE that created an incoming session (what a service shows before accepting). */
  get remoteOffer(): string | undefined {
    return this.#sip instanceof Invitation ? this.#sip.request.body : undefined;
  }

  on<K extends keyof SessionEvents>(name: K, listener: Listener<SessionEvents[K]>): Disposable {
    return this.#events.on(name, listener);
  }

  view(): SessionView {
    return {
      id: this.id,
      accountId: this.account.id,
      localUri: this.account.aor,
      remoteUri: this.#remoteUri,
      remoteDisplayName: this.#remoteName,
      direction: this.direction,
      state: this.#state,
      streams: this.#watch.all.map((stream) => stream.view()),
      offeredStreamTypes: this.#offeredTypes,
      ...(this.#offeredDesktopRole !== undefined ? { offeredDesktopRole: this.#offeredDesktopRole } : {}),
      failure: this.#failure,
      endedBy: this.#endedBy,
      createdAt: this.createdAt,
      startedAt: this.#startedAt,
      endedAt: this.#endedAt,
    };
  }

  // ---- outgoing (seed: Session.connect) ----

  /**
   * `prepared`: streams built by a service that owns them (a file transfer carries its file), offered instead
   * of fresh ones from the registry.
   */
  connect(types: readonly MediaStreamType[], options?: StreamRequestOptions, prepared?: readonly MsrpStreamBase[]): Promise<void> {
    return this.#outgoing.connect(types, options, prepared);
  }

  // ---- incoming (seed: accept / reject) ----

  /** Accepts the offered streams of the given types (default: every type Parley implements). */
  accept(types?: readonly MediaStreamType[]): Promise<void> {
    return this.#incoming.accept(types);
  }

  /** RFC 3261 §21.4.7 486 Busy Here for busy, §21.6.2 603 Decline otherwise. */
  reject(reason: 'busy' | 'decline'): Promise<void> {
    return this.#incoming.reject(reason);
  }

  // ---- ending (seed: end) ----

  /** CANCEL while calling (RFC 3261 §9.1), BYE once established (§15.1); an incoming session is declined. */
  end(): Promise<void> {
    return this.#ending.end();
  }

  // ---- proposals (seed: add_stream / remove_stream) ----

  /** Adds a stream by re-INVITE; resolves when the proposal is settled (see acceptedProposal / rejectedProposal). */
  addStream(type: MediaStreamType, options?: StreamRequestOptions): Promise<void> {
    return this.#proposals.add(type, options);
  }

  /** Removes a stream by re-INVITE with port 0 (RFC 3264 §8.2); removing the last one ends the session. */
  removeStream(streamId: StreamId): Promise<void> {
    return this.#proposals.remove(streamId);
  }

  /** Text on the first started chat stream. */
  sendChat(text: string): ChatStreamMessage {
    const chat = this.streams.find((stream): stream is ChatStream => stream instanceof ChatStream && stream.state === MediaStreamState.Started);
    if (chat === undefined) throw new UnavailableError('This session has no connected chat stream.');
    return chat.send(text);
  }

  dispose(): void {
    this.#outgoing.dispose();
    this.#proposals.dispose();
    this.#watch.dispose();
    this.#sdh.close();
    if (this.#sip !== undefined && this.#sip.state !== SipSessionState.Terminated) void this.#sip.dispose().catch(() => undefined);
    this.#events.dispose();
  }

  /** The SIP dialog's Call-ID once the INVITE exists (the debug console groups traces by it). */
  get callId(): string | undefined {
    const sip = this.#sip;
    if (sip === undefined) return undefined;
    return sip instanceof Inviter || sip instanceof Invitation ? sip.request.callId : sip.dialog?.callId;
  }

  // ---- internals: sip.js ----

  #attach(sip: SipSession): void {
    this.#sip = sip;
    bindSessionDescriptionHandler(sip, this.#sdh);
    sip.stateChange.addListener((state) => this.#onSipState(state));
  }

  #sipDelegate(): SessionDelegate {
    return {
      onBye: (bye) => {
        // With a delegate set, answering is ours (RFC 3261 §15.1.2: 200 to the BYE).
        void bye.accept().catch(() => undefined);
        this.#cause ??= { kind: 'remote-bye' };
        this.#events.emit('willEnd', { originator: 'remote' });
      },
      onAck: () => this.#proposals.reinvites.ackReceived(),
      onInvite: (_request, _response, statusCode) => {
        // We answered a re-INVITE: its ACK must arrive before we send ours (else 491, see the sip.js notes).
        if (statusCode >= 200 && statusCode < 300) this.#proposals.reinvites.expectAck();
      },
    };
  }

  #onSipState(state: SipSessionState): void {
    if (state === SipSessionState.Established) {
      this.#outgoing.clearNoAnswerTimer();
      if (!this.#is(SessionState.Calling) && !this.#is(SessionState.Accepting) && !this.#is(SessionState.Terminating)) return;
      if (this.direction === 'incoming') this.#proposals.reinvites.expectAck();
      this.#startedAt = Date.now();
      if (this.#is(SessionState.Terminating)) return;
      this.#move(SessionState.Established);
      this.#events.emit('willStart', null);
      this.#changed();
      this.#checkStarted();
      if (this.#ending.endWhenEstablished) void this.end();
    } else if (state === SipSessionState.Terminated) {
      // sip.js moves to Terminated before it calls the request delegate with the final response (our cause).
      queueMicrotask(() => this.#finish());
    }
  }

  #finish(): void {
    this.#outgoing.clearNoAnswerTimer();
    if (this.#is(SessionState.Terminated)) return;
    for (const stream of this.#watch.all) void stream.end();
    this.#proposals.reinvites.releaseAckWaiters();
    const outcome = sessionOutcome(this.#cause, this.#startedAt !== null, this.#mediaFailure);
    this.#endedBy = outcome.endedBy;
    this.#failure = outcome.failure;
    this.#endedAt = Date.now();
    this.#move(SessionState.Terminated);
    if (this.#endedBy !== null) this.#events.emit('didEnd', { originator: this.#endedBy });
    else if (this.#failure !== null) this.#events.emit('didFail', this.#failure);
    this.#changed();
  }

  // ---- internals: negotiation (called by the handler) ----

  #onNegotiated(outcome: NegotiationOutcome): void {
    if (outcome.kind === 'answering' || (outcome.kind === 'answered' && this.#is(SessionState.Calling))) {
      if (this.#initialStreams === undefined && (this.#is(SessionState.Accepting) || this.#is(SessionState.Calling))) {
        this.#initialStreams = new Set(outcome.added);
      }
    }
    if (this.#is(SessionState.Proposed)) {
      this.#proposals.remoteSettled(outcome);
    } else if (outcome.kind === 'rolled-back' && !this.#is(SessionState.Proposing)) {
      for (const stream of outcome.withdrawn ?? []) stream.refuse('the offer was not accepted');
    }
    this.#changed();
  }

  // ---- internals: helpers ----

  #onStreamUpdate(stream: MsrpStreamBase): void {
    this.#events.emit('streamUpdate', { streamId: stream.id });
    this.#checkStarted();
    this.#changed();
  }

  /** didStart once every stream of the initial offer/answer has started or failed (seed SIPSessionDidStart). */
  #checkStarted(): void {
    const initial = this.#initialStreams;
    if (this.#didStart || initial === undefined || this.#startedAt === null || !this.#is(SessionState.Established)) return;
    const streams = [...initial];
    if (streams.some((stream) => !stream.isFinal && stream.state !== 'started')) return;
    this.#didStart = true;
    if (streams.length > 0 && streams.every((stream) => stream.isFinal)) {
      this.#logger.warn('No stream started: ending the session');
      this.#mediaFailure = 'no media stream could be started';
      void this.end();
      return;
    }
    this.#events.emit('didStart', null);
  }

  #factory(type: MediaStreamType) {
    const factory = this.#options.registry.get(type);
    if (factory === undefined) throw new UnavailableError(`Parley cannot do ${type} streams yet.`);
    return factory;
  }

  #requireEstablished(): void {
    if (!this.#is(SessionState.Established) && !this.#is(SessionState.Proposing) && !this.#is(SessionState.Proposed)) {
      throw new ConflictError(`The session is ${this.#state}, not established.`);
    }
  }

  #is(state: SessionState): boolean {
    return this.#state === state;
  }

  #move(next: SessionState): void {
    if (next === this.#state) return;
    assertSessionTransition(this.#state, next);
    this.#logger.debug('Session state', { from: this.#state, to: next });
    this.#state = next;
  }

  #changed(): void {
    this.#events.emit('changed', this.view());
  }

  /** What the session's flows see of it (see `SessionInternals`). */
  #internals(): SessionInternals {
    // The accessors read this session's private fields while the flows run.
    const self = this;
    return {
      direction: this.direction,
      account: this.account,
      registry: this.#options.registry,
      remoteUri: this.#remoteUri,
      logger: this.#logger,
      events: this.#events,
      sdh: this.#sdh,
      get state() {
        return self.#state;
      },
      get sip() {
        return self.#sip;
      },
      get cause() {
        return self.#cause;
      },
      set cause(cause) {
        self.#cause = cause;
      },
      is: (state) => this.#is(state),
      move: (next) => this.#move(next),
      changed: () => this.#changed(),
      watch: (stream) => this.#watch.add(stream),
      streamContext: () => this.account.streamContext(this.#remoteUri),
      factory: (type) => this.#factory(type),
      requireEstablished: () => this.#requireEstablished(),
      attach: (sip) => this.#attach(sip),
      sipDelegate: () => this.#sipDelegate(),
      finish: () => this.#finish(),
      end: () => this.end(),
    };
  }
}

/** `bob@example.com` → `sip:bob@example.com`; a URI with a scheme stays as it is. */
function normalizeTarget(target: string): string {
  return /^sips?:/i.test(target) ? target : `sip:${target}`;
}
