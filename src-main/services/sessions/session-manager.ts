import type { Invitation } from 'sip.js';
import type { AccountId, ChatMessageEvent, DesktopRole, MediaStreamType, SessionId, SessionView, StreamRequestOptions } from '../../../src-shared';
import { DisposableStore, TypedEmitter, type Disposable, type Listener, type Logger } from '../../common';
import { classifyOffer, parseSessionDescription } from '../../sip/sdp';
import { NotFoundError, UnavailableError } from '../errors';
import type { MediaStreamRegistry, MsrpStreamBase } from '../streams';
import { Session, type SessionOptions } from './session';
import type { SessionAccount } from './session-account';
import { SessionState } from './session-state';

export interface SessionManagerEvents {
  [name: string]: unknown;
  /** The seed's SIPSessionNewIncoming, for the UI to ring. */
  incoming: Session;
  changed: SessionView;
  chatMessage: ChatMessageEvent;
}

export interface SessionManagerOptions {
  readonly registry: MediaStreamRegistry;
  readonly logger: Logger;
  /** The running account with this id, or undefined when it is disabled or not a SIP account. */
  readonly accountFor: (id: AccountId) => SessionAccount | undefined;
  readonly proposalPolicy?: SessionOptions['proposalPolicy'];
}

/** How long core shutdown waits for BYEs and CANCELs to be answered. */
const END_ALL_TIMEOUT_MS = 3_000;

/**
 * The seed's SessionManager: every session of this core (ended ones stay listed until the next start, so
 * the UI can show how they ended), the incoming-session notification, and teardown of all on dispose.
 */
export class SessionManager implements Disposable {
  readonly #options: SessionManagerOptions;
  readonly #sessions = new Map<SessionId, Session>();
  readonly #events = new TypedEmitter<SessionManagerEvents>();
  readonly #disposables = new DisposableStore();
  #stopping = false;

  constructor(options: SessionManagerOptions) {
    this.#options = options;
  }

  on<K extends keyof SessionManagerEvents>(name: K, listener: Listener<SessionManagerEvents[K]>): Disposable {
    return this.#events.on(name, listener);
  }

  list(): SessionView[] {
    return [...this.#sessions.values()].map((session) => session.view());
  }

  get(id: SessionId): Session {
    const session = this.#sessions.get(id);
    if (session === undefined) throw new NotFoundError('That session no longer exists.');
    return session;
  }

  /** The session of a SIP dialog (debug console traces), if this core has it. */
  findByCallId(callId: string): SessionId | undefined {
    for (const session of this.#sessions.values()) if (session.callId === callId) return session.id;
    return undefined;
  }

  /** Places a session (seed: Session.connect); resolves with its first view while the INVITE goes out. */
  connect(accountId: AccountId, target: string, types: readonly MediaStreamType[], options?: StreamRequestOptions, prepared?: readonly MsrpStreamBase[]): SessionView {
    if (this.#stopping) throw new UnavailableError('Parley is shutting down.');
    const account = this.#options.accountFor(accountId);
    if (account === undefined) throw new UnavailableError('That account is not enabled, or is not a SIP account.');
    for (const type of types) {
      if (this.#options.registry.get(type) === undefined) throw new UnavailableError(`Parley cannot do ${type} streams yet.`);
    }
    const session = this.#add(Session.outgoing(this.#sessionOptions(account), target));
    void session.connect(types, options, prepared).catch((error: unknown) => this.#options.logger.error('Session connect failed', { error }));
    return session.view();
  }

  /** An INVITE for one of our accounts: a Session in INCOMING, or 488 when nothing offered is usable. */
  handleInvite(account: SessionAccount, invitation: Invitation): void {
    if (this.#stopping) {
      void invitation.reject({ statusCode: 480 }).catch(() => undefined);
      return;
    }
    let types: MediaStreamType[];
    let desktopRole: DesktopRole | undefined;
    try {
      const body = invitation.request.body;
      const offer = parseSessionDescription(body);
      types = classifyOffer(offer).flatMap((offered) => {
        if (!offered.usable) return [];
        const factory = this.#options.registry.forOffered(offered);
        // The user decides knowing which way a screen would be shared (a=rfbsetup, our role if accepted).
        if (factory !== undefined && (offered.role === 'desktop-server' || offered.role === 'desktop-viewer')) {
          desktopRole ??= offered.role === 'desktop-server' ? 'server' : 'viewer';
        }
        return factory === undefined ? [] : [factory.type];
      });
    } catch (error) {
      this.#options.logger.info('Refusing an INVITE with an unreadable offer', { error: String(error) });
      types = [];
    }
    if (types.length === 0) {
      // RFC 3261 §21.4.26: 488 Not Acceptable Here when no offered media can be used.
      void invitation.reject({ statusCode: 488 }).catch(() => undefined);
      return;
    }
    const session = this.#add(Session.incoming(this.#sessionOptions(account), invitation, types, desktopRole));
    this.#events.emit('incoming', session);
  }

  /** Ends every live session (BYE/CANCEL/decline), waits briefly for the answers, then releases everything. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const live = [...this.#sessions.values()].filter((session) => session.state !== SessionState.Terminated);
    const ended = Promise.all(live.map((session) => session.end().catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, END_ALL_TIMEOUT_MS)))]);
    clearTimeout(timer);
    this.dispose();
  }

  dispose(): void {
    this.#stopping = true;
    this.#disposables.dispose();
    for (const session of this.#sessions.values()) session.dispose();
    this.#events.dispose();
  }

  #sessionOptions(account: SessionAccount): SessionOptions {
    return {
      account,
      registry: this.#options.registry,
      logger: this.#options.logger,
      ...(this.#options.proposalPolicy !== undefined ? { proposalPolicy: this.#options.proposalPolicy } : {}),
    };
  }

  #add(session: Session): Session {
    this.#sessions.set(session.id, session);
    this.#disposables.add(session.on('changed', (view) => this.#events.emit('changed', view)));
    this.#disposables.add(
      session.on('chatMessage', ({ streamId, message }) =>
        this.#events.emit('chatMessage', { sessionId: session.id, streamId, ...message }),
      ),
    );
    this.#events.emit('changed', session.view());
    return session;
  }
}
