import { randomBytes } from 'node:crypto';
import { type LogLevel, type Message, URI, UserAgent, UserAgentState } from 'sip.js';
import { type BackoffOptions, DEFAULT_BACKOFF, backoffDelay } from './backoff';
import type { NodeSipTransport, NodeSipTransportOptions, SipTlsOptions } from './node-sip-transport';
import { RegistrationClient } from './registration-client';
import { type RegistrationState, RegistrationStateName } from './registration-state';
import { type SipDnsResolver, type SipHostSpec, type SipTransportName, resolveTarget } from './resolve-target';
import { SipError } from './sip-error';
import type { SipTraceTarget } from './sip-tracer';
import { SipEventEmitter, type Unsubscribe } from './sip-event-emitter';
import { type SipLogger, silentSipLogger } from './sip-logger';
import {
  DEFAULT_PAGER_CONTENT_TYPES,
  type IncomingPagerMessage,
  type MessageDeliveryResult,
  receivePagerMessage,
  sendPagerMessage,
} from './sip-pager';
import { TcpSipTransport, TlsSipTransport } from './stream-sip-transport';
import { UdpSipTransport } from './udp-sip-transport';

/** One SIP account as this package needs it. */
export interface SipAccountConfig {
  /** Address of record, e.g. `sip:alice@example.com`. */
  readonly aor: string;
  readonly password: string;
  /** Digest user name when it differs from the AoR's user. */
  readonly authorizationUsername?: string | undefined;
  readonly displayName?: string | undefined;
  readonly transport: SipTransportName;
  /** Every request goes here first when set (RFC 3261 §8.1.2), e.g. `sip:proxy.example.com:5070`. */
  readonly outboundProxy?: string | undefined;
  /** REGISTER Request-URI; defaults to the AoR's domain (RFC 3261 §10.2). */
  readonly registrar?: string | undefined;
  /** false: connect and do pager mode only, without registering. Default true. */
  readonly register?: boolean | undefined;
  /** Requested registration lifetime in seconds (default 600). */
  readonly expiresSeconds?: number | undefined;
  readonly tls?: SipTlsOptions | undefined;
  readonly reconnect?: BackoffOptions | undefined;
  readonly registrationRetry?: BackoffOptions | undefined;
  readonly keepAliveIntervalMs?: number | undefined;
  readonly keepAlivePongTimeoutMs?: number | undefined;
  readonly t1Ms?: number | undefined;
  readonly t2Ms?: number | undefined;
  readonly maxMessageBytes?: number | undefined;
  readonly resolver?: SipDnsResolver | undefined;
  readonly logger?: SipLogger | undefined;
  /** Content types accepted in incoming MESSAGE (default text/plain, message/cpim). */
  readonly acceptedMessageTypes?: readonly string[] | undefined;
  readonly userAgentString?: string | undefined;
  /** Traces every SIP message of this account's transports (the debug console). */
  readonly trace?: SipTraceTarget | undefined;
}

export type SipUserAgentEvents = {
  registrationStateChange: RegistrationState;
  incomingMessage: IncomingPagerMessage;
  connectionStateChange: { readonly connected: boolean; readonly reason?: string | undefined };
};

/**
 * One account's SIP presence: a sip.js UserAgent on one of this package's Node transports, its registration,
 * reconnection after a lost flow (backoff, RFC 5626 §4.5 timing) and pager-mode MESSAGE. The transport never
 * reconnects itself (sip.js Transport contract); this class does, then fixes the Contact to the new socket and
 * re-registers, removing the binding of the old one.
 */
export class SipUserAgent {
  readonly userAgent: UserAgent;
  private readonly events = new SipEventEmitter<SipUserAgentEvents>();
  private readonly registration: RegistrationClient | undefined;
  private readonly logger: SipLogger;
  private readonly aor: URI;
  private started = false;
  private stopping = false;
  private sipjsStarted = false;
  private reconnectFailures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly config: SipAccountConfig) {
    this.logger = config.logger ?? silentSipLogger;
    const aor = UserAgent.makeURI(config.aor);
    if (!aor || !aor.user) throw new SipError('sip/invalid-uri', `not a SIP address of record: ${config.aor}`);
    this.aor = aor;
    const registrar = parseUri(config.registrar) ?? new URI('sip', '', aor.host, aor.port);
    const proxy = parseUri(config.outboundProxy);
    const viaHost = `${randomBytes(6).toString('hex')}.invalid`;
    const transportOptions: NodeSipTransportOptions = {
      viaHost,
      logger: this.logger,
      resolveTargets: () =>
        resolveTarget({
          uri: { ...hostSpec(registrar), transport: config.transport },
          outboundProxy: proxy ? { ...hostSpec(proxy), transport: config.transport } : undefined,
          supportedTransports: [config.transport],
          ...(config.resolver ? { resolver: config.resolver } : {}),
        }),
      tls: config.tls,
      keepAliveIntervalMs: config.keepAliveIntervalMs,
      keepAlivePongTimeoutMs: config.keepAlivePongTimeoutMs,
      maxMessageBytes: config.maxMessageBytes,
      t1Ms: config.t1Ms,
      t2Ms: config.t2Ms,
      trace: config.trace,
    };
    this.userAgent = new UserAgent({
      uri: aor,
      displayName: config.displayName ?? '',
      authorizationUsername: config.authorizationUsername ?? aor.user,
      authorizationPassword: config.password,
      transportConstructor: { udp: UdpSipTransport, tcp: TcpSipTransport, tls: TlsSipTransport }[config.transport],
      transportOptions,
      viaHost,
      // RFC 3261 §19.1.1: the Contact names the transport; host/port are fixed once the socket exists.
      contactParams: { transport: config.transport },
      userAgentString: config.userAgentString ?? 'Parley',
      logBuiltinEnabled: false,
      logConfiguration: false,
      logLevel: 'debug',
      logConnector: (level: LogLevel, category: string, _label: string | undefined, content: string) => this.sipjsLog(level, category, content),
      // No Registerer from sip.js is used: gracefulShutdown would only add waits for nothing.
      gracefulShutdown: false,
      delegate: {
        onDisconnect: (error?: Error) => this.onFlowLost(error),
        onMessage: (message: Message) => void this.onMessage(message),
      },
    });
    if (config.register ?? true) {
      this.registration = new RegistrationClient({
        userAgent: this.userAgent,
        registrar,
        expiresSeconds: config.expiresSeconds ?? 600,
        retry: config.registrationRetry ?? DEFAULT_BACKOFF,
        logger: this.logger,
      });
      this.registration.onStateChange((state) => this.events.emit('registrationStateChange', state));
    }
  }

  on<K extends keyof SipUserAgentEvents>(event: K, listener: (payload: SipUserAgentEvents[K]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  get registrationState(): RegistrationState {
    return this.registration?.state ?? { name: RegistrationStateName.Unregistered };
  }

  /** Our Contact URI as currently advertised. */
  get contact(): string {
    return this.userAgent.contact.uri.toString();
  }

  get isConnected(): boolean {
    return this.userAgent.isConnected();
  }

  /** Connects and registers; a failed connect goes on in the background ('retrying'), it does not throw. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    await this.connectOnce();
  }

  /** Un-registers, closes the flow and releases everything. The instance cannot be started again. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.clearReconnect();
    // Without a flow the un-REGISTER fails fast (sip.js turns the transport error into 503) and we still end 'unregistered'.
    await this.registration?.stop();
    this.registration?.dispose();
    if (this.userAgent.state === UserAgentState.Started) await this.userAgent.stop().catch(() => undefined);
    this.events.dispose();
  }

  async dispose(): Promise<void> {
    await this.stop();
  }

  /** Pager mode (RFC 3428): resolves with the final response, never rejects for network reasons. */
  async sendMessage(target: string, body: string, contentType = 'text/plain'): Promise<MessageDeliveryResult> {
    const uri = UserAgent.makeURI(target);
    if (!uri) throw new SipError('sip/invalid-uri', `not a SIP URI: ${target}`);
    return sendPagerMessage(this.userAgent, uri, body, contentType);
  }

  private async connectOnce(): Promise<void> {
    try {
      if (!this.sipjsStarted) {
        this.sipjsStarted = true;
        await this.userAgent.start();
      } else {
        await this.userAgent.reconnect();
      }
    } catch (error) {
      if (this.stopping) return;
      this.scheduleReconnect(`connect failed: ${errorText(error)}`);
      return;
    }
    if (this.stopping) return;
    this.reconnectFailures = 0;
    this.fixContact();
    this.events.emit('connectionStateChange', { connected: true });
    this.registration?.resume();
  }

  /** Contact host/port/transport from the real local socket, before anything snapshots it (see README). */
  private fixContact(): void {
    const local = (this.userAgent.transport as NodeSipTransport).localSentBy();
    if (!local) return;
    this.userAgent.contact.uri.host = local.host;
    this.userAgent.contact.uri.port = local.port;
  }

  private onFlowLost(error: Error | undefined): void {
    if (this.stopping || !error) return;
    this.logger.warn(`SIP flow for ${this.config.aor} lost: ${error.message}`);
    this.scheduleReconnect(`connection lost: ${error.message}`);
  }

  private scheduleReconnect(reason: string): void {
    this.clearReconnect();
    const delay = backoffDelay(this.reconnectFailures++, this.config.reconnect ?? DEFAULT_BACKOFF);
    this.events.emit('connectionStateChange', { connected: false, reason });
    this.registration?.suspend(reason, Date.now() + delay);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connectOnce();
    }, delay);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }

  private async onMessage(message: Message): Promise<void> {
    const received = await receivePagerMessage(message, this.config.acceptedMessageTypes ?? DEFAULT_PAGER_CONTENT_TYPES, this.logger);
    if (received && !this.stopping) this.events.emit('incomingMessage', received);
  }

  private sipjsLog(level: LogLevel, category: string, content: string): void {
    const line = `${category}: ${content}`;
    if (level === 'error') this.logger.error(line);
    else if (level === 'warn') this.logger.warn(line);
    else this.logger.debug(line);
  }
}

function parseUri(text: string | undefined): URI | undefined {
  if (text === undefined) return undefined;
  const uri = UserAgent.makeURI(text);
  if (!uri) throw new SipError('sip/invalid-uri', `not a SIP URI: ${text}`);
  return uri;
}

function hostSpec(uri: URI): SipHostSpec {
  const transport = uri.getParam('transport')?.toLowerCase();
  return {
    host: uri.host,
    port: uri.port,
    transport: transport === 'udp' || transport === 'tcp' || transport === 'tls' ? transport : undefined,
    secure: uri.scheme === 'sips',
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
