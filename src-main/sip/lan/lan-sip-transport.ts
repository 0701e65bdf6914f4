import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { type Server, type Socket, createServer, connect as netConnect, isIPv6 } from 'node:net';
import { NodeSipTransportBase } from '../node-sip-transport';
import { parseRawSipHead } from '../raw-sip-message';
import type { SipTarget } from '../resolve-target';
import type { SipLogger } from '../sip-logger';
import { SipStreamFramer } from '../sip-stream-framer';
import { UdpClientRetransmitter, UdpServerDuplicates } from '../udp-retransmissions';
import { type LocalSentBy, fixIncomingResponse, fixOutgoing, stampIncomingRequest } from '../via-contact-fixups';
import type { LanSipTransportName } from './dns-sd-records';
import { LanError } from './lan-error';
import { type LanNextHop, nextHopForRequest, requestUriOf, setTopViaTransport } from './sip-next-hop';

/** What the LAN transport is built with; sip.js passes `transportOptions` through untouched. */
export interface LanSipTransportOptions {
  /** The `viaHost` given to sip.js (a placeholder swapped for the listening socket on the way out). */
  readonly viaHost: string;
  /** The LAN interface address to listen on (and name in Via and Contact). */
  readonly listenAddress: string;
  /** One port for TCP and UDP alike; 0 (default) lets the OS pick one free for both. */
  readonly listenPort?: number | undefined;
  /** Defaults to both. */
  readonly transports?: readonly LanSipTransportName[] | undefined;
  readonly logger?: SipLogger | undefined;
  /** Largest accepted message in bytes (default 65535). */
  readonly maxMessageBytes?: number | undefined;
  /** Open TCP connections, inbound and outbound together (default 64); beyond it new inbound ones are refused. */
  readonly maxConnections?: number | undefined;
  /** A connection with no traffic for this long is closed (default 5 min). */
  readonly idleTimeoutMs?: number | undefined;
  readonly connectTimeoutMs?: number | undefined;
  readonly t1Ms?: number | undefined;
  readonly t2Ms?: number | undefined;
}

interface Connection {
  readonly socket: Socket;
  readonly key: string;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
}

const DEFAULT_MAX_MESSAGE = 65_535;
const PORT_ATTEMPTS = 10;
/** Server transactions whose responses must go back over the connection the request came on. */
const MAX_PENDING_RESPONSES = 1_024;

/**
 * SIP without a server (RFC 3261 §18): a TCP listener and a UDP socket on one LAN address and port. Requests
 * go straight to their Request-URI (or top Route) over the transport it names; responses go back over the
 * connection the request came on (TCP, §18.2.2) or to its top Via's received/rport (UDP, RFC 3581 §4). The
 * Via sent-by is always the listening socket, so a peer can open a new connection to it. "Connected" means
 * "listening": losing the listener ends the transport, a single peer's connection never does.
 */
export class LanSipTransport extends NodeSipTransportBase {
  /** sip.js writes this into Via; each request's actual transport is written over it. */
  readonly protocol = 'TCP' as const;
  private server: Server | undefined;
  private udp: UdpSocket | undefined;
  private local: LocalSentBy | undefined;
  private readonly connections = new Map<string, Connection>();
  private readonly opening = new Map<string, Promise<Connection>>();
  /** branch → the connection a TCP request arrived on. */
  private readonly responseFlows = new Map<string, Connection>();
  private client: UdpClientRetransmitter | undefined;
  private duplicates: UdpServerDuplicates | undefined;
  private readonly lanOptions: LanSipTransportOptions;

  /** sip.js constructs transports itself (`transportConstructor`), with (logger, transportOptions). */
  constructor(_sipjsLogger: unknown, options: LanSipTransportOptions) {
    super({ viaHost: options.viaHost, logger: options.logger, resolveTargets: () => Promise.resolve([]) });
    this.lanOptions = options;
  }

  localSentBy(): LocalSentBy | undefined {
    return this.local;
  }

  /** No single next hop: every request is routed by its own URI. */
  remoteTarget(): SipTarget | undefined {
    return undefined;
  }

  /** The transports actually listening. */
  get listening(): readonly LanSipTransportName[] {
    return [...(this.server ? (['tcp'] as const) : []), ...(this.udp ? (['udp'] as const) : [])];
  }

  protected async open(): Promise<void> {
    const wanted = this.lanOptions.transports ?? ['tcp', 'udp'];
    if (wanted.length === 0) throw new LanError('sip/lan-invalid-option', 'no transport to listen on');
    const host = this.lanOptions.listenAddress;
    const requested = this.lanOptions.listenPort ?? 0;
    let lastError: unknown;
    // With port 0, the OS picks a TCP port; the same UDP port may be taken, so try a few times.
    for (let attempt = 0; attempt < (requested === 0 ? PORT_ATTEMPTS : 1); attempt += 1) {
      try {
        const server = wanted.includes('tcp') ? await listenTcp(host, requested) : undefined;
        const port = server ? (server.address() as { port: number }).port : requested;
        try {
          this.udp = wanted.includes('udp') ? await bindUdp(host, port) : undefined;
        } catch (error) {
          server?.close();
          throw error;
        }
        this.server = server;
        this.local = { host, port: port || (this.udp?.address().port ?? 0) };
        this.attach();
        return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new LanError('sip/lan-listen-failed', `cannot listen on ${host}:${requested}: ${String(lastError)}`, { cause: lastError });
  }

  protected async close(): Promise<void> {
    this.client?.dispose();
    this.duplicates?.dispose();
    this.client = this.duplicates = undefined;
    this.responseFlows.clear();
    this.opening.clear();
    for (const connection of [...this.connections.values()]) this.drop(connection);
    const server = this.server;
    const udp = this.udp;
    this.server = this.udp = undefined;
    await Promise.all([
      server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined,
      udp ? new Promise<void>((resolve) => udp.close(() => resolve())) : undefined,
    ]);
  }

  protected async write(message: string): Promise<void> {
    const local = this.local;
    if (!local) throw new LanError('sip/lan-not-started', 'not listening');
    const head = parseRawSipHead(message);
    if (!head) throw new LanError('sip/lan-send-failed', 'refusing to send a message that is not SIP');
    if (head.kind === 'request') {
      const hop = nextHopForRequest(head, requestUriOf(message) ?? '');
      if (!hop) throw new LanError('sip/lan-no-route', `no LAN route to ${requestUriOf(message) ?? '?'} (an IP-literal sip: URI is needed)`);
      const text = fixOutgoing(setTopViaTransport(message, hop.transport === 'tcp' ? 'TCP' : 'UDP'), this.options.viaHost, local);
      if (hop.transport === 'tcp') {
        await this.writeTo(await this.connection(hop), text);
        return;
      }
      await this.sendDatagram(text, hop);
      this.client?.requestSent(head, text);
      return;
    }
    const via = head.topVia;
    if (!via) throw new LanError('sip/lan-send-failed', 'response without a Via');
    if (via.transport === 'UDP') {
      // RFC 3581 §4 / RFC 3261 §18.2.2: to the source of the request, as stamped on its top Via.
      const destination = { host: via.received ?? via.host.replace(/^\[|\]$/g, ''), port: via.rport ?? via.port ?? 5060 };
      await this.sendDatagram(message, destination);
      this.duplicates?.responseSent(head, message, destination);
      return;
    }
    // RFC 3261 §18.2.2: over the connection the request came on; if it is gone, a new one to received/sent-by.
    const flow = via.branch ? this.responseFlows.get(via.branch) : undefined;
    if (flow && !flow.socket.destroyed) {
      if ((head.statusCode ?? 0) >= 200 && head.cseqMethod !== 'INVITE' && via.branch) this.responseFlows.delete(via.branch);
      await this.writeTo(flow, message);
      return;
    }
    const hop: LanNextHop = { host: via.received ?? via.host.replace(/^\[|\]$/g, ''), port: via.port ?? 5060, transport: 'tcp' };
    await this.writeTo(await this.connection(hop), message);
  }

  private attach(): void {
    const timers = { t1Ms: this.lanOptions.t1Ms ?? 500, t2Ms: this.lanOptions.t2Ms ?? 4_000 };
    const udp = this.udp;
    if (udp) {
      // Retransmissions are routed like the original request: by their own Request-URI.
      this.client = new UdpClientRetransmitter(timers, (text) => {
        const head = parseRawSipHead(text);
        const hop = head ? nextHopForRequest(head, requestUriOf(text) ?? '') : undefined;
        if (hop) void this.sendDatagram(text, hop).catch(() => undefined);
      });
      this.duplicates = new UdpServerDuplicates(timers, (text, destination) => void this.sendDatagram(text, destination).catch(() => undefined));
      udp.on('message', (datagram, remote) => this.receiveDatagram(datagram, { host: remote.address, port: remote.port }));
      udp.on('error', (error) => this.logger.info(`sip LAN UDP socket error: ${error.message}`));
      udp.on('close', () => {
        if (this.udp === udp) this.lost(new LanError('sip/lan-listen-failed', 'UDP socket closed'));
      });
    }
    const server = this.server;
    if (server) {
      server.on('connection', (socket) => {
        if (this.connections.size >= (this.lanOptions.maxConnections ?? 64)) {
          this.logger.warn(`sip LAN: refused a connection from ${socket.remoteAddress ?? '?'}: connection limit reached`);
          socket.destroy();
          return;
        }
        this.adopt(socket);
      });
      server.on('error', (error) => this.logger.info(`sip LAN TCP listener error: ${error.message}`));
      server.on('close', () => {
        if (this.server === server) this.lost(new LanError('sip/lan-listen-failed', 'TCP listener closed'));
      });
    }
  }

  /** An open connection to `hop`, reusing one (RFC 3261 §18.1.1: SHOULD reuse an existing connection). */
  private connection(hop: LanNextHop): Promise<Connection> {
    const key = flowKey(hop.host, hop.port);
    const existing = this.connections.get(key);
    if (existing && !existing.socket.destroyed) return Promise.resolve(existing);
    const pending = this.opening.get(key);
    if (pending) return pending;
    if (this.connections.size >= (this.lanOptions.maxConnections ?? 64)) {
      return Promise.reject(new LanError('sip/lan-send-failed', 'connection limit reached'));
    }
    const timeoutMs = this.lanOptions.connectTimeoutMs ?? 10_000;
    const attempt = new Promise<Connection>((resolve, reject) => {
      const socket = netConnect({ host: hop.host, port: hop.port, localAddress: this.lanOptions.listenAddress });
      const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(new LanError('sip/lan-send-failed', `connect to ${hop.host}:${hop.port}: ${error.message}`, { cause: error }));
      };
      socket.once('error', fail);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        resolve(this.adopt(socket, key));
      });
    }).finally(() => this.opening.delete(key));
    this.opening.set(key, attempt);
    return attempt;
  }

  private adopt(socket: Socket, key = flowKey(socket.remoteAddress ?? '?', socket.remotePort ?? 0)): Connection {
    socket.setNoDelay(true);
    const connection: Connection = { socket, key, idleTimer: undefined };
    this.connections.set(key, connection);
    this.touch(connection);
    const framer = new SipStreamFramer({ maxMessageBytes: this.lanOptions.maxMessageBytes ?? DEFAULT_MAX_MESSAGE });
    const source = { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    socket.on('data', (chunk: Buffer) => {
      this.touch(connection);
      for (const item of framer.push(chunk)) {
        if (item.type === 'message') this.receiveStream(item.text, connection, source);
        else if (item.type === 'ping') socket.write('\r\n'); // RFC 5626 §4.4.1: a pong for each ping
        else if (item.type === 'error') {
          // RFC 3261 §18.3: without a trustworthy Content-Length the stream cannot be re-synchronised.
          this.logger.warn(`sip LAN: bad frame from ${source.host}:${source.port} (${item.code}); closing the connection`);
          socket.destroy();
        }
      }
    });
    socket.on('error', (error) => this.logger.info(`sip LAN connection ${key}: ${error.message}`));
    socket.on('close', () => this.drop(connection));
    return connection;
  }

  private drop(connection: Connection): void {
    if (connection.idleTimer) clearTimeout(connection.idleTimer);
    connection.idleTimer = undefined;
    if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
    for (const [branch, flow] of this.responseFlows) if (flow === connection) this.responseFlows.delete(branch);
    if (!connection.socket.destroyed) connection.socket.destroy();
  }

  private touch(connection: Connection): void {
    if (connection.idleTimer) clearTimeout(connection.idleTimer);
    connection.idleTimer = setTimeout(() => this.drop(connection), this.lanOptions.idleTimeoutMs ?? 300_000);
  }

  private receiveStream(text: string, connection: Connection, source: LocalSentBy): void {
    const head = parseRawSipHead(text);
    if (!head || !head.topVia) {
      this.logger.warn(`sip LAN: dropped a frame from ${source.host}:${source.port} that is not a SIP message`);
      return;
    }
    if (head.kind === 'response') {
      this.deliverResponse(text);
      return;
    }
    const branch = head.topVia.branch;
    if (branch && head.method !== 'ACK') {
      if (this.responseFlows.size >= MAX_PENDING_RESPONSES) {
        const oldest = this.responseFlows.keys().next().value;
        if (oldest !== undefined) this.responseFlows.delete(oldest);
      }
      this.responseFlows.set(branch, connection);
    }
    this.deliver(stampIncomingRequest(text, source));
  }

  private receiveDatagram(datagram: Buffer, source: LocalSentBy): void {
    if (datagram.length > (this.lanOptions.maxMessageBytes ?? DEFAULT_MAX_MESSAGE)) {
      this.logger.warn(`sip LAN UDP: dropped an oversize datagram from ${source.host}:${source.port}`);
      return;
    }
    const text = datagram.toString('utf8');
    if (/^[\r\n]*$/.test(text)) return; // a CRLF keep-alive (RFC 5626 §3.5.1)
    const head = parseRawSipHead(text);
    if (!head || !head.topVia) {
      this.logger.warn(`sip LAN UDP: dropped ${datagram.length} bytes from ${source.host}:${source.port} that are not a SIP message`);
      return;
    }
    if (head.kind === 'response') {
      if (this.client?.responseReceived(head) === false) return;
      this.deliverResponse(text);
      return;
    }
    if (this.duplicates?.requestReceived(head) === false) return;
    this.deliver(stampIncomingRequest(text, source));
  }

  private deliverResponse(text: string): void {
    const fixed = this.local ? fixIncomingResponse(text, this.options.viaHost, this.local) : undefined;
    if (fixed === undefined) {
      this.logger.warn('sip LAN: dropped a response whose top Via is not ours (RFC 3261 §18.1.2)');
      return;
    }
    this.deliver(fixed);
  }

  private writeTo(connection: Connection, text: string): Promise<void> {
    this.touch(connection);
    return new Promise((resolve, reject) => {
      connection.socket.write(text, 'utf8', (error) =>
        error ? reject(new LanError('sip/lan-send-failed', error.message, { cause: error })) : resolve(),
      );
    });
  }

  private sendDatagram(text: string, destination: { readonly host: string; readonly port: number }): Promise<void> {
    const udp = this.udp;
    if (!udp) return Promise.reject(new LanError('sip/lan-send-failed', 'not listening on UDP'));
    return new Promise((resolve, reject) => {
      udp.send(Buffer.from(text, 'utf8'), destination.port, destination.host, (error) =>
        error ? reject(new LanError('sip/lan-send-failed', error.message, { cause: error })) : resolve(),
      );
    });
  }
}

function flowKey(host: string, port: number): string {
  return `${host.toLowerCase()}|${port}`;
}

function listenTcp(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function bindUdp(host: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
