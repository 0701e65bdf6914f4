import { type Core, type URI, type UserAgent } from 'sip.js';
import { type BackoffOptions, DEFAULT_BACKOFF, backoffDelay } from './backoff';
import { type RegistrationState, RegistrationStateName, assertRegistrationTransition } from './registration-state';
import { SipEventEmitter, type Unsubscribe } from './sip-event-emitter';
import { type SipLogger, silentSipLogger } from './sip-logger';

type OutgoingRequestMessage = Core.OutgoingRequestMessage;
type IncomingResponse = Core.IncomingResponse;

export interface RegistrationClientOptions {
  readonly userAgent: UserAgent;
  /** Request-URI of REGISTER: the AoR's domain (RFC 3261 §10.2). */
  readonly registrar: URI;
  /** Requested binding lifetime in seconds (RFC 3261 §10.2.1.1). */
  readonly expiresSeconds: number;
  readonly retry?: BackoffOptions;
  readonly logger?: SipLogger;
  readonly now?: () => number;
  readonly random?: () => number;
  /** How long stop() waits for the un-REGISTER's answer. */
  readonly unregisterTimeoutMs?: number;
}

/** Statuses worth retrying later (RFC 3261 §21.4.9, §21.5; 408 and 503 also stand for timeouts and transport errors, §8.1.3.1). */
const TRANSIENT = new Set([408, 480, 500, 502, 503, 504]);

/**
 * Keeps one binding of the account's AoR at its registrar: REGISTER with digest (answered by sip.js's core),
 * refresh before expiry, backoff on transient failures, stale-binding removal after the local address changed,
 * and un-REGISTER on stop. All REGISTERs share one Call-ID and increasing CSeq (RFC 3261 §10.2), so a stale
 * Contact from an earlier connection can be removed with `expires=0` in the next request (RFC 3261 §10.2.2).
 */
export class RegistrationClient {
  private readonly events = new SipEventEmitter<{ stateChange: RegistrationState }>();
  private readonly request: OutgoingRequestMessage;
  private readonly logger: SipLogger;
  private readonly now: () => number;
  private current: RegistrationState = { name: RegistrationStateName.Unregistered };
  private expires: number;
  /** Bumped whenever in-flight answers must be ignored (suspend, stop, dispose). */
  private generation = 0;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Contacts registered earlier from another local address, to remove (RFC 3261 §10.2.2). */
  private readonly staleContacts = new Set<string>();
  private registeredContact: string | undefined;
  private disposed = false;

  constructor(private readonly options: RegistrationClientOptions) {
    this.logger = options.logger ?? silentSipLogger;
    this.now = options.now ?? Date.now;
    this.expires = options.expiresSeconds;
    const core = options.userAgent.userAgentCore;
    const aor = options.userAgent.configuration.uri;
    this.request = core.makeOutgoingRequestMessage('REGISTER', options.registrar, aor, aor, {});
  }

  get state(): RegistrationState {
    return this.current;
  }

  onStateChange(listener: (state: RegistrationState) => void): Unsubscribe {
    return this.events.on('stateChange', listener);
  }

  /** Registers now (also the manual retry after 'failed'). */
  register(): void {
    if (this.disposed) return;
    this.clearTimer();
    this.failures = this.current.name === RegistrationStateName.Failed ? 0 : this.failures;
    if (this.current.name !== RegistrationStateName.Registered) this.transition({ name: RegistrationStateName.Registering });
    this.send(this.expires);
  }

  /** The flow to the registrar is gone: stop refreshing and show when the next attempt comes. */
  suspend(reason: string, retryAt: number): void {
    if (this.disposed) return;
    this.generation++;
    this.clearTimer();
    if (this.registeredContact) this.staleContacts.add(this.registeredContact);
    this.registeredContact = undefined;
    this.transition({ name: RegistrationStateName.Retrying, retryAt, reason });
  }

  /** The flow is back (maybe from a new local address): register again, removing any stale binding. */
  resume(): void {
    this.register();
  }

  /** Removes our binding (RFC 3261 §10.2.2, expires=0) and ends in 'unregistered'. */
  async stop(): Promise<void> {
    if (this.disposed) return;
    this.clearTimer();
    const generation = ++this.generation;
    const contact = this.registeredContact;
    if (contact || this.staleContacts.size > 0) {
      if (contact) this.staleContacts.add(contact);
      await new Promise<void>((resolve) => {
        const timeout = setTimeout(resolve, this.options.unregisterTimeoutMs ?? 5_000);
        this.sendRemoval(() => {
          clearTimeout(timeout);
          resolve();
        });
      });
    }
    if (generation !== this.generation || this.disposed) return;
    this.registeredContact = undefined;
    if (this.current.name !== RegistrationStateName.Unregistered) this.transition({ name: RegistrationStateName.Unregistered });
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.clearTimer();
    this.events.dispose();
  }

  private contactHeader(expires: number): string {
    const ours = `<${this.options.userAgent.contact.uri.toString()}>;expires=${expires}`;
    const stale = [...this.staleContacts].filter((contact) => contact !== this.options.userAgent.contact.uri.toString());
    return [ours, ...stale.map((contact) => `<${contact}>;expires=0`)].join(', ');
  }

  private prepare(contact: string): void {
    this.request.cseq++;
    this.request.setHeader('cseq', `${this.request.cseq} REGISTER`);
    this.request.extraHeaders = [`Contact: ${contact}`, 'Allow: ACK, CANCEL, INVITE, MESSAGE, BYE, OPTIONS, INFO, NOTIFY, REFER'];
  }

  private sendRemoval(done: () => void): void {
    const contacts = [...this.staleContacts].map((contact) => `<${contact}>;expires=0`).join(', ');
    this.prepare(contacts);
    const finish = (): void => {
      this.staleContacts.clear();
      done();
    };
    this.options.userAgent.userAgentCore.register(this.request, { onAccept: finish, onReject: done, onRedirect: done });
  }

  private send(expires: number): void {
    const generation = ++this.generation;
    const contact = this.options.userAgent.contact.uri.toString();
    this.prepare(this.contactHeader(expires));
    const sentStale = [...this.staleContacts];
    const stale = (): boolean => generation !== this.generation || this.disposed;
    this.options.userAgent.userAgentCore.register(this.request, {
      onAccept: (response) => {
        if (stale()) return;
        for (const removed of sentStale) this.staleContacts.delete(removed);
        this.accepted(response, contact);
      },
      onReject: (response) => {
        if (!stale()) this.rejected(response);
      },
      onRedirect: (response) => {
        if (!stale()) this.rejected(response);
      },
    });
  }

  private accepted(response: IncomingResponse, contact: string): void {
    const message = response.message;
    const bindings: string[] = [];
    let granted: number | undefined;
    for (let index = 0; index < message.getHeaders('contact').length; index++) {
      const header = message.parseHeader('contact', index) as { uri: URI; getParam(name: string): string | null | undefined } | undefined;
      if (!header) continue;
      bindings.push(header.uri.toString());
      if (sameBinding(header.uri, this.options.userAgent.contact.uri)) {
        const value = Number(header.getParam('expires'));
        if (Number.isFinite(value)) granted = value;
      }
    }
    // RFC 3261 §10.2.4: the registrar's answer lists the bindings; ours carries the granted expiry.
    if (granted === undefined && message.hasHeader('expires')) granted = Number(message.getHeader('expires'));
    if (granted === undefined) this.logger.warn('REGISTER 2xx without our Contact; taking the requested expiry as granted');
    const seconds = granted ?? this.expires;
    this.failures = 0;
    this.registeredContact = contact;
    this.transition({
      name: RegistrationStateName.Registered,
      expiresAt: this.now() + seconds * 1000,
      contact,
      bindings,
    });
    // Refresh with margin: half-way for short bindings, 30 s ahead for long ones.
    const refreshIn = Math.max(seconds / 2, seconds - 30) * 1000;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.send(this.expires);
    }, refreshIn);
  }

  private rejected(response: IncomingResponse): void {
    const code = response.message.statusCode ?? 0;
    const reason = response.message.reasonPhrase ?? '';
    const minExpires = Number(response.message.getHeader('min-expires'));
    if (code === 423 && Number.isFinite(minExpires) && minExpires > this.expires) {
      // RFC 3261 §10.2.8: retry with at least the registrar's Min-Expires.
      this.expires = minExpires;
      this.send(this.expires);
      return;
    }
    if (!TRANSIENT.has(code)) {
      this.logger.warn(`REGISTER rejected: ${code} ${reason}`);
      this.registeredContact = undefined;
      this.transition({ name: RegistrationStateName.Failed, code, reason });
      return;
    }
    // RFC 3261 §20.33: Retry-After, when given, says when to come back.
    const retryAfter = Number(response.message.getHeader('retry-after')?.split(/[\s;(]/)[0]);
    const delay = Number.isFinite(retryAfter) && retryAfter > 0
      ? retryAfter * 1000
      : backoffDelay(this.failures, this.options.retry ?? DEFAULT_BACKOFF, this.options.random);
    this.failures++;
    if (this.registeredContact) this.staleContacts.add(this.registeredContact);
    this.registeredContact = undefined;
    this.transition({ name: RegistrationStateName.Retrying, retryAt: this.now() + delay, reason: `${code} ${reason}`, code });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.register();
    }, delay);
  }

  private transition(next: RegistrationState): void {
    assertRegistrationTransition(this.current.name, next.name);
    this.current = next;
    this.events.emit('stateChange', next);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function sameBinding(a: URI, b: URI): boolean {
  return a.user === b.user && a.host.toLowerCase() === b.host.toLowerCase() && (a.port ?? 5060) === (b.port ?? 5060);
}
