import { randomUUID } from 'node:crypto';
import { Invitation, Inviter, SessionState as SipSessionState, UserAgent, type Session as SipSession, type SessionDelegate } from 'sip.js';
import type { DesktopRole, MediaStreamType, SessionFailure, SessionId, SessionOriginator, SessionView, StreamId, StreamRequestOptions } from '../../../src-shared';
import { TypedEmitter, type Disposable, type Listener, type Logger } from '../../common';
import type { AcceptableOfferedStream } from '../../sip/sdp';
import { ConflictError, InvalidArgumentError, UnavailableError } from '../errors';
import { ChatStream, MediaStreamState, type ChatStreamMessage, type MediaStreamRegistry, type MsrpStreamBase } from '../streams';
import { MsrpSessionDescriptionHandler, type NegotiationOutcome } from './msrp-session-description-handler';
import { requestPendingRetryDelay } from './reinvite-delay';
import { bindSessionDescriptionHandler } from './sdh-factory';
import type { SessionAccount } from './session-account';
import type { SessionEvents } from './session-events';
import { SessionState, assertSessionTransition } from './session-state';
import { SessionTimers } from './session-timers';
import { StreamWatch } from './stream-watch';

export interface SessionOptions {
  readonly account: SessionAccount;
  readonly registry: MediaStreamRegistry;
  readonly logger: Logger;
  /**
   * Which stream types of a peer's re-INVITE to accept. sip.js answers re-INVITEs by itself and sends no
   * 100 for them, so this must decide quickly (no user prompt); default: every type Parley implements.
   */
  readonly proposalPolicy?: (types: readonly MediaStreamType[]) => readonly MediaStreamType[] | Promise<readonly MediaStreamType[]>;
}

/** How long we wait for the ACK of a 200 before sending a re-INVITE anyway (RFC 3261 §13.3.1.4: 64·T1). */
const ACK_WAIT_MS = 32_000;
/** Attempts of one re-INVITE that keeps meeting 491 Request Pending. */
const MAX_PROPOSAL_ATTEMPTS = 5;

type Cause =
  | { readonly kind: 'local-end' }
  | { readonly kind: 'remote-bye' }
  | { readonly kind: 'remote-cancel' }
  | { readonly kind: 'rejected'; readonly originator: SessionOriginator; readonly code: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly code: number; readonly reason: string };

type ProposalResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: number; readonly reason: string; readonly retryAfterMs?: number | undefined };

/** The longest Retry-After we honour for a re-INVITE (RFC 3261 §14.2 asks for 0-10 s). */
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * The seed's Session: one SIP INVITE dialog (sip.js Inviter or Invitation) carrying MSRP streams. States are
 * the seed's (see SessionState); notifications are typed events. Stream changes go by re-INVITE, one at a
 * time, after the ACK of the previous 200 and retried after 491 (RFC 3261 §14.1).
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
  #state = SessionState.Null;
  #sip: SipSession | undefined;
  #remoteUri: string;
  #remoteName: string | null = null;
  #offeredTypes: readonly MediaStreamType[] = [];
  #offeredDesktopRole: DesktopRole | undefined;
  #acceptTypes: ReadonlySet<MediaStreamType> | undefined;
  #cause: Cause | undefined;
  #failure: SessionFailure | null = null;
  #endedBy: SessionOriginator | null = null;
  #startedAt: number | null = null;
  #endedAt: number | null = null;
  #endWhenEstablished = false;
  #awaitingAck = false;
  #ackWaiters: (() => void)[] = [];
  #timers = new Set<NodeJS.Timeout>();
  #noAnswerTimer: NodeJS.Timeout | undefined;
  #queue: Promise<void> = Promise.resolve();
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
        prepareOfferedStreams: (offered) => this.#prepareOffered(offered),
        onNegotiated: (outcome) => this.#onNegotiated(outcome),
        onAnswerRefused: (code, reason) => (this.#cause ??= { kind: 'failed', code, reason: `the answer could not be used: ${reason}` }),
      },
    });
    this.#watch = new StreamWatch({
      onUpdate: (stream) => this.#onStreamUpdate(stream),
      onChat: (stream, message) => this.#events.emit('chatMessage', { streamId: stream.id, message }),
    });
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
  async connect(types: readonly MediaStreamType[], options?: StreamRequestOptions, prepared?: readonly MsrpStreamBase[]): Promise<void> {
    const target = UserAgent.makeURI(this.#remoteUri);
    if (target === undefined) throw new InvalidArgumentError('That is not a SIP address.', 'target');
    const factories = prepared === undefined ? types.map((type) => this.#factory(type)) : [];
    this.#move(SessionState.Calling);
    this.#events.emit('newOutgoing', { streamTypes: types });
    this.#changed();
    const streams = (prepared ?? factories.map((factory) => factory.createForOffer(options))).map((stream) => this.#watch.add(stream));
    const context = this.account.streamContext(this.#remoteUri);
    try {
      // Relay reservations and listening ports come first: the offer carries their a=path (RFC 4975 §8.1).
      await Promise.all(streams.map((stream) => stream.initialize(context, { kind: 'offer' })));
    } catch (error) {
      for (const stream of streams) stream.refuse('the session could not start');
      this.#cause ??= { kind: 'failed', code: 0, reason: `MSRP setup failed: ${describe(error)}` };
      this.#finish();
      return;
    }
    if (!this.#is(SessionState.Calling)) {
      for (const stream of streams) stream.refuse('the session ended');
      this.#finish();
      return;
    }
    const inviter = new Inviter(this.account.userAgent, target, { delegate: this.#sipDelegate() });
    this.#attach(inviter);
    this.#sdh.planOffer(streams);
    this.#startNoAnswerTimer(inviter);
    try {
      await inviter.invite({
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode;
            // RFC 3261 §21.1.2/§21.1.5: 180 Ringing, 183 Session Progress.
            if (code === 180 || code === 183) this.#events.emit('ringing', { code });
          },
          onReject: (response) => {
            this.#cause ??= { kind: 'rejected', originator: 'remote', code: response.message.statusCode ?? 0, reason: response.message.reasonPhrase ?? '' };
          },
        },
      });
    } catch (error) {
      this.#cause ??= { kind: 'failed', code: 0, reason: `the INVITE could not be sent: ${describe(error)}` };
      this.#finish();
    }
  }

  // ---- incoming (seed: accept / reject) ----

  /** Accepts the offered streams of the given types (default: every type Parley implements). */
  async accept(types?: readonly MediaStreamType[]): Promise<void> {
    if (!this.#is(SessionState.Incoming) || !(this.#sip instanceof Invitation)) throw new ConflictError(`The session is ${this.#state}, not incoming.`);
    this.#acceptTypes = new Set(types ?? this.#options.registry.types);
    this.#move(SessionState.Accepting);
    this.#changed();
    try {
      await this.#sip.accept();
    } catch (error) {
      this.#cause ??= { kind: 'failed', code: 0, reason: `could not accept: ${describe(error)}` };
      this.#logger.warn('Accepting failed', { error: describe(error) });
    }
  }

  /** RFC 3261 §21.4.7 486 Busy Here for busy, §21.6.2 603 Decline otherwise. */
  async reject(reason: 'busy' | 'decline'): Promise<void> {
    if (!this.#is(SessionState.Incoming) || !(this.#sip instanceof Invitation)) throw new ConflictError(`The session is ${this.#state}, not incoming.`);
    const code = reason === 'busy' ? 486 : 603;
    this.#cause = { kind: 'rejected', originator: 'local', code, reason: reason === 'busy' ? 'Busy Here' : 'Decline' };
    this.#move(SessionState.Terminating);
    this.#changed();
    await this.#sip.reject({ statusCode: code });
  }

  // ---- ending (seed: end) ----

  /** CANCEL while calling (RFC 3261 §9.1), BYE once established (§15.1); an incoming session is declined. */
  async end(): Promise<void> {
    const sip = this.#sip;
    switch (this.#state) {
      case SessionState.Null:
      case SessionState.Terminating:
      case SessionState.Terminated:
        return;
      case SessionState.Incoming:
        return this.reject('decline');
      case SessionState.Accepting:
        // sip.js cannot send BYE before its 200 is out: end as soon as the session is established.
        this.#endWhenEstablished = true;
        return;
      case SessionState.Calling:
        this.#cause = { kind: 'local-end' };
        this.#move(SessionState.Terminating);
        this.#changed();
        if (sip instanceof Inviter && sip.state !== SipSessionState.Terminated) await sip.cancel().catch(() => undefined);
        else if (sip === undefined) this.#finish();
        return;
      default:
        this.#cause = { kind: 'local-end' };
        this.#events.emit('willEnd', { originator: 'local' });
        this.#move(SessionState.Terminating);
        this.#changed();
        try {
          await sip?.bye();
        } catch (error) {
          this.#logger.warn('BYE failed', { error: describe(error) });
          this.#finish();
        }
    }
  }

  // ---- proposals (seed: add_stream / remove_stream) ----

  /** Adds a stream by re-INVITE; resolves when the proposal is settled (see acceptedProposal / rejectedProposal). */
  addStream(type: MediaStreamType, options?: StreamRequestOptions): Promise<void> {
    const factory = this.#factory(type);
    this.#requireEstablished();
    return this.#enqueue(async () => {
      this.#requireEstablished();
      const stream = this.#watch.add(factory.createForOffer(options));
      this.#move(SessionState.Proposing);
      this.#events.emit('gotProposal', { originator: 'local', streamTypes: [type] });
      this.#changed();
      try {
        await stream.initialize(this.account.streamContext(this.#remoteUri), { kind: 'offer' });
      } catch (error) {
        this.#proposalDone({ ok: false, code: 0, reason: `MSRP setup failed: ${describe(error)}` }, [stream]);
        return;
      }
      await this.#propose([stream], []);
    });
  }

  /** Removes a stream by re-INVITE with port 0 (RFC 3264 §8.2); removing the last one ends the session. */
  removeStream(streamId: StreamId): Promise<void> {
    this.#requireEstablished();
    const stream = this.streams.find((item) => item.id === streamId);
    if (stream === undefined) throw new ConflictError('That stream is not part of the session.');
    if (this.streams.length === 1) return this.end();
    return this.#enqueue(async () => {
      this.#requireEstablished();
      this.#move(SessionState.Proposing);
      this.#changed();
      await this.#propose([], [stream]);
    });
  }

  /** Text on the first started chat stream. */
  sendChat(text: string): ChatStreamMessage {
    const chat = this.streams.find((stream): stream is ChatStream => stream instanceof ChatStream && stream.state === MediaStreamState.Started);
    if (chat === undefined) throw new UnavailableError('This session has no connected chat stream.');
    return chat.send(text);
  }

  dispose(): void {
    this.#clearNoAnswerTimer();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#releaseAckWaiters();
    this.#watch.dispose();
    this.#sdh.close();
    if (this.#sip !== undefined && this.#sip.state !== SipSessionState.Terminated) void this.#sip.dispose().catch(() => undefined);
    this.#events.dispose();
  }

  // ---- internals: sip.js ----

  /** RFC 3261 §9.1: nobody answered in time, so we CANCEL; the session fails with 408 (§21.4.9) as its cause. */
  #startNoAnswerTimer(inviter: Inviter): void {
    this.#noAnswerTimer = setTimeout(() => {
      this.#noAnswerTimer = undefined;
      if (!this.#is(SessionState.Calling)) return;
      this.#logger.info('No answer: cancelling the INVITE', { afterMs: SessionTimers.noAnswerMs });
      this.#cause = { kind: 'failed', code: 408, reason: 'No answer' };
      this.#move(SessionState.Terminating);
      this.#changed();
      // sip.js holds the CANCEL until a provisional response has come (§9.1); without one, Timer B ends it.
      if (inviter.state !== SipSessionState.Terminated) void inviter.cancel().catch(() => undefined);
    }, SessionTimers.noAnswerMs);
  }

  #clearNoAnswerTimer(): void {
    clearTimeout(this.#noAnswerTimer);
    this.#noAnswerTimer = undefined;
  }

  /** The SIP dialog's Call-ID once the INVITE exists (the debug console groups traces by it). */
  get callId(): string | undefined {
    const sip = this.#sip;
    if (sip === undefined) return undefined;
    return sip instanceof Inviter || sip instanceof Invitation ? sip.request.callId : sip.dialog?.callId;
  }

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
      onAck: () => {
        this.#awaitingAck = false;
        this.#releaseAckWaiters();
      },
      onInvite: (_request, _response, statusCode) => {
        // We answered a re-INVITE: its ACK must arrive before we send ours (else 491, see the sip.js notes).
        if (statusCode >= 200 && statusCode < 300) this.#awaitingAck = true;
      },
    };
  }

  #onSipState(state: SipSessionState): void {
    if (state === SipSessionState.Established) {
      this.#clearNoAnswerTimer();
      if (!this.#is(SessionState.Calling) && !this.#is(SessionState.Accepting) && !this.#is(SessionState.Terminating)) return;
      if (this.direction === 'incoming') this.#awaitingAck = true;
      this.#startedAt = Date.now();
      if (this.#is(SessionState.Terminating)) return;
      this.#move(SessionState.Established);
      this.#events.emit('willStart', null);
      this.#changed();
      this.#checkStarted();
      if (this.#endWhenEstablished) void this.end();
    } else if (state === SipSessionState.Terminated) {
      // sip.js moves to Terminated before it calls the request delegate with the final response (our cause).
      queueMicrotask(() => this.#finish());
    }
  }

  #finish(): void {
    this.#clearNoAnswerTimer();
    if (this.#is(SessionState.Terminated)) return;
    for (const stream of this.#watch.all) void stream.end();
    this.#releaseAckWaiters();
    const cause = this.#cause;
    const established = this.#startedAt !== null;
    if (this.#mediaFailure !== undefined) {
      this.#failure = { originator: 'local', code: 0, reason: this.#mediaFailure };
    } else if (established && (cause?.kind === 'local-end' || cause?.kind === 'remote-bye')) {
      this.#endedBy = cause.kind === 'local-end' ? 'local' : 'remote';
    } else {
      this.#failure = failureOf(cause, established);
    }
    this.#endedAt = Date.now();
    this.#move(SessionState.Terminated);
    if (this.#endedBy !== null) this.#events.emit('didEnd', { originator: this.#endedBy });
    else if (this.#failure !== null) this.#events.emit('didFail', this.#failure);
    this.#changed();
  }

  // ---- internals: negotiation (called by the handler) ----

  async #prepareOffered(offered: readonly AcceptableOfferedStream[]): Promise<ReadonlyMap<number, MsrpStreamBase>> {
    const types = offered.map((item) => this.#options.registry.forOffered(item)?.type).filter((type): type is MediaStreamType => type !== undefined);
    let accepted: ReadonlySet<MediaStreamType>;
    // Answering the INVITE the user accepted, or a re-INVITE the proposal policy answers on its own.
    const userAccepted = this.#is(SessionState.Accepting);
    if (userAccepted) {
      accepted = this.#acceptTypes ?? new Set(this.#options.registry.types);
    } else {
      this.#move(SessionState.Proposed);
      this.#events.emit('gotProposal', { originator: 'remote', streamTypes: types });
      this.#changed();
      const policy = this.#options.proposalPolicy ?? ((offeredTypes: readonly MediaStreamType[]) => offeredTypes);
      accepted = new Set(await policy(types));
    }
    const prepared = new Map<number, MsrpStreamBase>();
    const context = this.account.streamContext(this.#remoteUri);
    await Promise.all(
      offered.map(async (item) => {
        const factory = this.#options.registry.forOffered(item);
        if (factory === undefined || !accepted.has(factory.type)) return;
        const stream = this.#watch.add(factory.createForAnswer(item, { userAccepted }));
        try {
          await stream.initialize(context, { kind: 'answer', offeredSetup: item.remote.setup });
          prepared.set(item.index, stream);
        } catch (error) {
          this.#logger.info('An offered stream could not be prepared', { error: describe(error) });
        }
      }),
    );
    return prepared;
  }

  #onNegotiated(outcome: NegotiationOutcome): void {
    if (outcome.kind === 'answering' || (outcome.kind === 'answered' && this.#is(SessionState.Calling))) {
      if (this.#initialStreams === undefined && (this.#is(SessionState.Accepting) || this.#is(SessionState.Calling))) {
        this.#initialStreams = new Set(outcome.added);
      }
    }
    if (this.#is(SessionState.Proposed)) {
      if (outcome.kind === 'rolled-back') {
        for (const stream of outcome.withdrawn ?? []) stream.refuse('the proposal failed');
        this.#events.emit('rejectedProposal', { originator: 'remote', code: 488, reason: 'the offer could not be answered' });
      } else if (outcome.added.length > 0 || outcome.removed.length > 0) {
        this.#events.emit('acceptedProposal', { originator: 'remote', streamIds: [...outcome.added, ...outcome.removed].map((stream) => stream.id) });
      } else if (outcome.refused.length > 0) {
        this.#events.emit('rejectedProposal', { originator: 'remote', code: 200, reason: 'no offered stream was accepted' });
      }
      this.#move(SessionState.Established);
    } else if (outcome.kind === 'rolled-back' && !this.#is(SessionState.Proposing)) {
      for (const stream of outcome.withdrawn ?? []) stream.refuse('the offer was not accepted');
    }
    this.#changed();
  }

  async #propose(add: readonly MsrpStreamBase[], remove: readonly MsrpStreamBase[]): Promise<void> {
    const sip = this.#sip;
    for (let attempt = 1; sip !== undefined; attempt += 1) {
      await this.#waitForAck();
      if (!this.#is(SessionState.Proposing)) return this.#proposalDone({ ok: false, code: 0, reason: 'the session ended' }, add);
      this.#sdh.planOffer(add, remove);
      const result = await new Promise<ProposalResult>((resolve) => {
        sip
          .invite({
            requestDelegate: {
              onAccept: () => resolve({ ok: true }),
              onReject: (response) =>
                resolve({
                  ok: false,
                  code: response.message.statusCode ?? 0,
                  reason: response.message.reasonPhrase ?? '',
                  retryAfterMs: retryAfterMs(response.message.getHeader('Retry-After')),
                }),
            },
          })
          .catch((error: unknown) => {
            this.#sdh.dropPlan();
            // sip.js refuses a re-INVITE while another transaction is pending: the same as our own 491.
            const pending = error instanceof Error && error.name === 'RequestPendingError';
            resolve({ ok: false, code: pending ? 491 : 0, reason: describe(error) });
          });
      });
      if (!result.ok && attempt < MAX_PROPOSAL_ATTEMPTS) {
        // RFC 3261 §14.1: 491 Request Pending → retry after a random delay.
        if (result.code === 491) {
          await this.#delay(requestPendingRetryDelay(this.direction === 'outgoing'));
          continue;
        }
        // RFC 3261 §14.2 / RFC 5407 §3.1.4: 500 with Retry-After while the peer still waits for an ACK.
        if (result.code === 500 && result.retryAfterMs !== undefined) {
          await this.#delay(result.retryAfterMs);
          continue;
        }
      }
      return this.#proposalDone(result, add, remove);
    }
  }

  #proposalDone(result: ProposalResult, add: readonly MsrpStreamBase[], remove: readonly MsrpStreamBase[] = []): void {
    if (result.ok) {
      const accepted = add.filter((stream) => !stream.isFinal);
      if (accepted.length > 0 || remove.length > 0) {
        this.#events.emit('acceptedProposal', { originator: 'local', streamIds: [...accepted, ...remove].map((stream) => stream.id) });
      } else {
        this.#events.emit('rejectedProposal', { originator: 'local', code: 200, reason: 'the peer refused the stream' });
      }
    } else {
      for (const stream of add) stream.refuse(`the proposal failed: ${result.code} ${result.reason}`);
      this.#events.emit('rejectedProposal', { originator: 'local', code: result.code, reason: result.reason });
    }
    if (this.#is(SessionState.Proposing)) this.#move(SessionState.Established);
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

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #waitForAck(): Promise<void> {
    if (!this.#awaitingAck) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#awaitingAck = false;
        resolve();
      }, ACK_WAIT_MS);
      this.#timers.add(timer);
      this.#ackWaiters.push(() => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        resolve();
      });
    });
  }

  #releaseAckWaiters(): void {
    const waiters = this.#ackWaiters;
    this.#ackWaiters = [];
    for (const waiter of waiters) waiter();
  }

  #delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
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
}

function failureOf(cause: Cause | undefined, established: boolean): SessionFailure {
  switch (cause?.kind) {
    case 'rejected':
      return { originator: cause.originator, code: cause.code, reason: cause.reason };
    case 'local-end':
      // RFC 3261 §9.1: the cancelled INVITE is answered 487.
      return { originator: 'local', code: 487, reason: 'Cancelled' };
    case 'remote-cancel':
      return { originator: 'remote', code: 487, reason: 'Cancelled by the caller' };
    case 'failed':
      return { originator: 'local', code: cause.code, reason: cause.reason };
    default:
      return { originator: 'local', code: 0, reason: established ? 'The session ended unexpectedly.' : 'The session could not be established.' };
  }
}

/** Retry-After: delta-seconds (RFC 3261 §20.33), capped; undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined): number | undefined {
  const seconds = value === undefined ? Number.NaN : Number.parseInt(value.trim(), 10);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : undefined;
}

/** `bob@example.com` → `sip:bob@example.com`; a URI with a scheme stays as it is. */
function normalizeTarget(target: string): string {
  return /^sips?:/i.test(target) ? target : `sip:${target}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
