import { type Socket, createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { type NodeSipTransportOptions, NodeSipTransportBase } from './node-sip-transport';
import { type ViaValue, parseRawSipHead } from './raw-sip-message';
import type { SipTarget } from './resolve-target';
import { SipError } from './sip-error';
import { UdpClientRetransmitter, UdpServerDuplicates } from './udp-retransmissions';
import { type LocalSentBy, fixIncomingResponse, fixOutgoing, stampIncomingRequest } from './via-contact-fixups';

const DEFAULT_MAX_MESSAGE = 65_507;

/**
 * SIP over UDP (RFC 3261 §18) from one unconnected socket: requests go to the account's next hop, responses
 * to their top Via's received/rport (RFC 3261 §18.2.2, RFC 3581 §4), and the transaction timers sip.js
 * lacks live in UdpClientRetransmitter / UdpServerDuplicates. There is no connection to lose: a dead server
 * shows up as request timeouts. Requests above the path MTU are not moved to TCP (RFC 3261 §18.1.1 asks for
 * it above 1300 bytes); accounts expecting large messages should use TCP or TLS.
 */
export class UdpSipTransport extends NodeSipTransportBase {
  readonly protocol = 'UDP' as const;
  private socket: Socket | undefined;
  private target: SipTarget | undefined;
  private local: LocalSentBy | undefined;
  private client: UdpClientRetransmitter | undefined;
  private server: UdpServerDuplicates | undefined;

  /** sip.js constructs transports itself (`transportConstructor`), with (logger, transportOptions). */
  constructor(_sipjsLogger: unknown, options: NodeSipTransportOptions) {
    super(options);
  }

  localSentBy(): LocalSentBy | undefined {
    return this.local;
  }

  remoteTarget(): SipTarget | undefined {
    return this.target;
  }

  protected async open(): Promise<void> {
    const target = (await this.options.resolveTargets()).find((candidate) => candidate.transport === 'udp');
    if (!target) throw new SipError('sip/connect-failed', 'no udp target');
    const type = isIP(target.host) === 6 ? 'udp6' : 'udp4';
    const host = await routeSourceAddress(type, target);
    const socket = createSocket(type);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      // Bound to the address that routes to the target, so Via and Contact name a reachable socket.
      socket.bind({ address: host, port: 0 }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const timers = { t1Ms: this.options.t1Ms ?? 500, t2Ms: this.options.t2Ms ?? 4_000 };
    this.socket = socket;
    this.target = target;
    this.local = { host, port: socket.address().port };
    this.client = new UdpClientRetransmitter(timers, (text) => this.sendDatagram(text, target));
    this.server = new UdpServerDuplicates(timers, (text, destination) => this.sendDatagram(text, destination));
    socket.on('message', (datagram, remote) => this.receive(datagram, { host: remote.address, port: remote.port }));
    socket.on('error', (error) => this.logger.info(`sip UDP socket error: ${error.message}`));
    socket.on('close', () => {
      if (this.socket === socket) this.lost(new SipError('sip/connection-lost', 'UDP socket closed'));
    });
  }

  protected async close(): Promise<void> {
    this.client?.dispose();
    this.server?.dispose();
    this.client = this.server = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  protected async write(message: string): Promise<void> {
    const local = this.local;
    const target = this.target;
    if (!local || !target) throw new SipError('sip/transport-not-connected', 'no socket');
    const text = fixOutgoing(message, this.options.viaHost, local);
    const head = parseRawSipHead(text);
    if (!head) throw new SipError('sip/malformed-message', 'refusing to send a message that is not SIP');
    if (head.kind === 'request') {
      await this.sendDatagram(text, target);
      this.client?.requestSent(head, text);
      return;
    }
    const destination = responseDestination(head.topVia);
    if (!destination) throw new SipError('sip/send-failed', 'response has no usable top Via');
    await this.sendDatagram(text, destination);
    this.server?.responseSent(head, text, destination);
  }

  private sendDatagram(text: string, destination: { host: string; port: number }): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new SipError('sip/transport-not-connected', 'no socket'));
    this.traceMessage('out', text, destination);
    return new Promise((resolve, reject) => {
      socket.send(Buffer.from(text, 'utf8'), destination.port, destination.host, (error) =>
        error ? reject(new SipError('sip/send-failed', error.message, { cause: error })) : resolve(),
      );
    });
  }

  private receive(datagram: Buffer, source: { host: string; port: number }): void {
    if (datagram.length > (this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE)) {
      this.logger.warn(`sip UDP: dropped an oversize datagram from ${source.host}:${source.port}`);
      return;
    }
    const text = datagram.toString('utf8');
    if (/^[\r\n]*$/.test(text)) return; // a CRLF keep-alive (RFC 5626 §3.5.1) carries nothing
    this.traceMessage('in', text, source);
    const head = parseRawSipHead(text);
    if (!head || !head.topVia) {
      this.logger.warn(`sip UDP: dropped ${datagram.length} bytes from ${source.host}:${source.port} that are not a SIP message`);
      return;
    }
    if (head.kind === 'response') {
      const fixed = this.local ? fixIncomingResponse(text, this.options.viaHost, this.local) : undefined;
      if (fixed === undefined) {
        this.logger.warn('sip UDP: dropped a response whose top Via is not ours (RFC 3261 §18.1.2)');
        return;
      }
      if (this.client?.responseReceived(head) === false) return;
      this.deliver(fixed);
      return;
    }
    if (this.server?.requestReceived(head) === false) return;
    this.deliver(stampIncomingRequest(text, source));
  }
}

/**
 * The local address the OS picks to reach `target`, learned from a throwaway connected socket (connecting a
 * UDP socket sends nothing). Not done on the main socket: on Linux, disconnecting a UDP socket bound to port 0
 * also releases its port.
 */
function routeSourceAddress(type: 'udp4' | 'udp6', target: SipTarget): Promise<string> {
  const probe = createSocket(type);
  return new Promise<string>((resolve, reject) => {
    probe.once('error', reject);
    probe.connect(target.port, target.host, () => resolve(probe.address().address));
  }).finally(() => probe.close());
}

/** RFC 3581 §4 then RFC 3261 §18.2.2: where a response over UDP goes. */
function responseDestination(via: ViaValue | undefined): { host: string; port: number } | undefined {
  if (!via) return undefined;
  const host = via.received ?? via.host.replace(/^\[|\]$/g, '');
  const port = via.rport ?? via.port ?? 5060;
  return { host, port };
}
