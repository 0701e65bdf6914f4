import { randomBytes } from 'node:crypto';
import { type LogLevel, type Message, UserAgent, UserAgentState } from 'sip.js';
import { SipEventEmitter, type Unsubscribe } from '../sip-event-emitter';
import { type SipLogger, silentSipLogger } from '../sip-logger';
import {
  DEFAULT_PAGER_CONTENT_TYPES,
  type IncomingPagerMessage,
  type MessageDeliveryResult,
  receivePagerMessage,
  sendPagerMessage,
} from '../sip-pager';
import type { LanSipTransportName } from './dns-sd-records';
import { LanError } from './lan-error';
import { LanSipTransport, type LanSipTransportOptions } from './lan-sip-transport';

export interface LanSipEndpointOptions {
  /** User part of our address and Contact, e.g. `alice`. */
  readonly user: string;
  readonly displayName?: string | undefined;
  /** The LAN interface address to listen on; it is also the host of our address and Contact. */
  readonly listenAddress: string;
  /** One port for TCP and UDP (default 0: the OS picks). */
  readonly listenPort?: number | undefined;
  /** Transports to listen on (default both). */
  readonly transports?: readonly LanSipTransportName[] | undefined;
  /** The transport named in our Contact (default tcp when listening on it: MESSAGE bodies can exceed a datagram). */
  readonly contactTransport?: LanSipTransportName | undefined;
  /** Content types accepted in incoming MESSAGE (default text/plain, message/cpim). */
  readonly acceptedMessageTypes?: readonly string[] | undefined;
  readonly maxMessageBytes?: number | undefined;
  readonly maxConnections?: number | undefined;
  readonly idleTimeoutMs?: number | undefined;
  readonly t1Ms?: number | undefined;
  readonly t2Ms?: number | undefined;
  readonly userAgentString?: string | undefined;
  readonly logger?: SipLogger | undefined;
}

export type LanSipEndpointEvents = {
  incomingMessage: IncomingPagerMessage;
};

/**
 * The LAN account's SIP side (the SIP SIMPLE client's BonjourAccount): a sip.js UserAgent that registers
 * nowhere and listens on the LAN address, so peers found by LanPresence reach it directly (RFC 3261 §8.1.2:
 * with no outbound proxy a request goes to its Request-URI). `services` and `contact` are what LanPresence
 * advertises. Sessions (INVITE) use `userAgent` like any other account's.
 */
export class LanSipEndpoint {
  readonly userAgent: UserAgent;
  private readonly events = new SipEventEmitter<LanSipEndpointEvents>();
  private readonly logger: SipLogger;
  private started = false;
  private stopped = false;

  constructor(private readonly options: LanSipEndpointOptions) {
    this.logger = options.logger ?? silentSipLogger;
    if (!/^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/.test(options.user)) {
      throw new LanError('sip/lan-invalid-option', `not a SIP user part: "${options.user}"`);
    }
    const uri = UserAgent.makeURI(`sip:${options.user}@${hostForUri(options.listenAddress)}`);
    if (!uri) throw new LanError('sip/lan-invalid-option', `not a usable listen address: ${options.listenAddress}`);
    const viaHost = `${randomBytes(6).toString('hex')}.invalid`;
    const transportOptions: LanSipTransportOptions = {
      viaHost,
      listenAddress: options.listenAddress,
      listenPort: options.listenPort,
      transports: options.transports,
      logger: this.logger,
      maxMessageBytes: options.maxMessageBytes,
      maxConnections: options.maxConnections,
      idleTimeoutMs: options.idleTimeoutMs,
      t1Ms: options.t1Ms,
      t2Ms: options.t2Ms,
    };
    this.userAgent = new UserAgent({
      uri,
      displayName: options.displayName ?? '',
      contactName: options.user,
      transportConstructor: LanSipTransport,
      transportOptions,
      viaHost,
      // RFC 3261 §19.1.1: the Contact names the transport peers should use; host/port are set once listening.
      contactParams: { transport: this.contactTransport },
      userAgentString: options.userAgentString ?? 'Parley',
      logBuiltinEnabled: false,
      logConfiguration: false,
      logLevel: 'debug',
      logConnector: (level: LogLevel, category: string, _label: string | undefined, content: string) => this.sipjsLog(level, category, content),
      gracefulShutdown: false,
      delegate: { onMessage: (message: Message) => void this.onMessage(message) },
    });
  }

  on<K extends keyof LanSipEndpointEvents>(event: K, listener: (payload: LanSipEndpointEvents[K]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  /** Our Contact URI (`sip:user@address:port;transport=…`), complete once started. */
  get contact(): string {
    return this.userAgent.contact.uri.toString();
  }

  /** The listening sockets, for the DNS-SD advertisement (empty before start). */
  get services(): readonly { readonly transport: LanSipTransportName; readonly port: number }[] {
    const transport = this.transport;
    const port = transport?.localSentBy()?.port;
    if (!transport || port === undefined || !transport.isConnected()) return [];
    return transport.listening.map((name) => ({ transport: name, port }));
  }

  /** Opens the listeners. Unlike a server account this fails loudly: a LAN account that cannot listen is useless. */
  async start(): Promise<void> {
    if (this.stopped) throw new LanError('sip/lan-disposed', 'endpoint stopped');
    if (this.started) return;
    this.started = true;
    await this.userAgent.start();
    const local = this.transport?.localSentBy();
    if (!local) throw new LanError('sip/lan-listen-failed', 'listener has no local address');
    // Fix the Contact before anything snapshots it (sip.js copies it into each session).
    this.userAgent.contact.uri.host = hostForUri(local.host);
    this.userAgent.contact.uri.port = local.port;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.userAgent.state === UserAgentState.Started) await this.userAgent.stop().catch(() => undefined);
    // sip.js only disconnects on stop; dispose releases the sockets for good.
    await this.transport?.dispose();
    this.events.dispose();
  }

  async dispose(): Promise<void> {
    await this.stop();
  }

  /** Pager mode (RFC 3428) straight to a peer's contact; resolves with the final response, never rejects for network reasons. */
  async sendMessage(contact: string, body: string, contentType = 'text/plain'): Promise<MessageDeliveryResult> {
    if (!this.started || this.stopped) throw new LanError('sip/lan-not-started', 'endpoint is not running');
    const uri = UserAgent.makeURI(contact);
    if (!uri) throw new LanError('sip/lan-invalid-option', `not a SIP URI: ${contact}`);
    return sendPagerMessage(this.userAgent, uri, body, contentType);
  }

  private get contactTransport(): LanSipTransportName {
    const listening = this.options.transports ?? ['tcp', 'udp'];
    const wanted = this.options.contactTransport ?? (listening.includes('tcp') ? 'tcp' : 'udp');
    if (!listening.includes(wanted)) throw new LanError('sip/lan-invalid-option', `contact transport ${wanted} is not listened on`);
    return wanted;
  }

  private get transport(): LanSipTransport | undefined {
    return this.userAgent.transport instanceof LanSipTransport ? this.userAgent.transport : undefined;
  }

  private async onMessage(message: Message): Promise<void> {
    const received = await receivePagerMessage(message, this.options.acceptedMessageTypes ?? DEFAULT_PAGER_CONTENT_TYPES, this.logger);
    if (received && !this.stopped) this.events.emit('incomingMessage', received);
  }

  private sipjsLog(level: LogLevel, category: string, content: string): void {
    const line = `${category}: ${content}`;
    if (level === 'error') this.logger.error(line);
    else if (level === 'warn') this.logger.warn(line);
    else this.logger.debug(line);
  }
}

function hostForUri(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}
