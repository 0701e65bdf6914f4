import { readFile } from 'node:fs/promises';
import { type Socket, connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type NodeSipTransportOptions, NodeSipTransportBase } from './node-sip-transport';
import { parseRawSipHead } from './raw-sip-message';
import type { SipTarget } from './resolve-target';
import { SipError } from './sip-error';
import { SipStreamFramer } from './sip-stream-framer';
import { type LocalSentBy, fixIncomingResponse, fixOutgoing } from './via-contact-fixups';

const DEFAULT_MAX_MESSAGE = 65_535;
const DEFAULT_KEEPALIVE_MS = 25_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * SIP over one TCP or TLS connection to the account's next hop (RFC 3261 §18; TLS per RFC 3261 §26.2 with
 * the server certificate verified). Requests and responses share the flow; the registrar reaches us back
 * through it because the Contact carries this socket's address (RFC 5626 §3 flows, without outbound).
 */
export class StreamSipTransport extends NodeSipTransportBase {
  readonly protocol: 'TCP' | 'TLS';
  private socket: Socket | undefined;
  private framer: SipStreamFramer | undefined;
  private target: SipTarget | undefined;
  private local: LocalSentBy | undefined;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: NodeSipTransportOptions, secure: boolean) {
    super(options);
    this.protocol = secure ? 'TLS' : 'TCP';
  }

  localSentBy(): LocalSentBy | undefined {
    return this.local;
  }

  remoteTarget(): SipTarget | undefined {
    return this.target;
  }

  protected async open(): Promise<void> {
    const wanted = this.protocol === 'TLS' ? 'tls' : 'tcp';
    const targets = (await this.options.resolveTargets()).filter((target) => target.transport === wanted);
    if (targets.length === 0) throw new SipError('sip/connect-failed', `no ${wanted} target to connect to`);
    let lastError: unknown;
    // RFC 3263 §4.3: try the candidates in order until one answers.
    for (const target of targets) {
      try {
        this.socket = await this.openSocket(target);
        this.target = target;
        this.local = { host: this.socket.localAddress ?? '127.0.0.1', port: this.socket.localPort ?? 0 };
        this.attach(this.socket);
        return;
      } catch (error) {
        lastError = error;
        this.logger.info(`sip ${this.protocol} connect to ${target.host}:${target.port} failed: ${String(error)}`);
      }
    }
    throw new SipError('sip/connect-failed', `could not connect: ${String(lastError)}`, { cause: lastError });
  }

  protected async close(): Promise<void> {
    this.stopKeepAlive();
    const socket = this.socket;
    this.socket = undefined;
    this.framer = undefined;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => socket.destroy(), 1_000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end();
    });
  }

  protected write(message: string): Promise<void> {
    const socket = this.socket;
    const local = this.local;
    if (!socket || !local) return Promise.reject(new SipError('sip/transport-not-connected', 'no connection'));
    const text = fixOutgoing(message, this.options.viaHost, local);
    this.traceMessage('out', text);
    return new Promise((resolve, reject) => {
      socket.write(text, 'utf8', (error) => (error ? reject(new SipError('sip/send-failed', error.message, { cause: error })) : resolve()));
    });
  }

  private async openSocket(target: SipTarget): Promise<Socket> {
    const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const tls = this.options.tls;
    const ca = tls?.ca ?? (tls?.caFile ? await readFile(tls.caFile, 'utf8') : undefined);
    return new Promise<Socket>((resolve, reject) => {
      const socket =
        this.protocol === 'TLS'
          ? tlsConnect({
              host: target.host,
              port: target.port,
              servername: tls?.serverName ?? (/^[\d.:]+$/.test(target.host) ? undefined : target.host),
              ...(ca === undefined ? {} : { ca }),
              rejectUnauthorized: tls?.rejectUnauthorized ?? true,
            })
          : netConnect({ host: target.host, port: target.port });
      const ready = this.protocol === 'TLS' ? 'secureConnect' : 'connect';
      const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.once('error', fail);
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.off('error', fail);
        resolve(socket);
      });
    });
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    const framer = new SipStreamFramer({ maxMessageBytes: this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE });
    this.framer = framer;
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.clearPongTimer();
      for (const item of framer.push(chunk)) {
        if (item.type === 'message') this.receive(item.text);
        else if (item.type === 'ping') socket.write('\r\n'); // RFC 5626 §4.4.1: answer a ping with a pong
        else if (item.type === 'error') {
          // RFC 3261 §18.3: without a trustworthy Content-Length the stream cannot be re-synchronised.
          this.logger.warn(`sip ${this.protocol} bad frame (${item.code}: ${item.detail}); closing the connection`);
          socket.destroy();
        }
      }
    });
    socket.on('error', (error) => this.logger.info(`sip ${this.protocol} socket error: ${error.message}`));
    socket.on('close', () => {
      if (this.socket === socket) this.lost(new SipError('sip/connection-lost', `${this.protocol} connection closed`));
    });
    this.startKeepAlive(socket);
  }

  private receive(text: string): void {
    this.traceMessage('in', text);
    const head = parseRawSipHead(text);
    if (!head) {
      this.logger.warn(`sip ${this.protocol}: dropped a frame that is not a SIP message (${text.length} chars)`);
      return;
    }
    if (head.kind === 'response') {
      const fixed = this.local ? fixIncomingResponse(text, this.options.viaHost, this.local) : undefined;
      if (fixed === undefined) {
        this.logger.warn(`sip ${this.protocol}: dropped a response whose top Via is not ours (RFC 3261 §18.1.2)`);
        return;
      }
      this.deliver(fixed);
      return;
    }
    this.deliver(text);
  }

  private startKeepAlive(socket: Socket): void {
    const interval = this.options.keepAliveIntervalMs ?? DEFAULT_KEEPALIVE_MS;
    if (interval <= 0) return;
    // RFC 5626 §4.4.1: keep the flow (and NAT bindings) alive with a double-CRLF ping.
    this.keepAliveTimer = setInterval(() => {
      if (this.socket !== socket) return;
      socket.write('\r\n\r\n');
      const pongTimeout = this.options.keepAlivePongTimeoutMs;
      if (pongTimeout && !this.pongTimer) {
        this.pongTimer = setTimeout(() => {
          this.pongTimer = undefined;
          this.lost(new SipError('sip/connection-lost', `no keep-alive pong within ${pongTimeout} ms`));
        }, pongTimeout);
      }
    }, interval);
  }

  private clearPongTimer(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
    this.clearPongTimer();
  }
}

/** sip.js constructs transports itself (`transportConstructor`), with (logger, transportOptions). */
export class TcpSipTransport extends StreamSipTransport {
  constructor(_sipjsLogger: unknown, options: NodeSipTransportOptions) {
    super(options, false);
  }
}

export class TlsSipTransport extends StreamSipTransport {
  constructor(_sipjsLogger: unknown, options: NodeSipTransportOptions) {
    super(options, true);
  }
}
