import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * The MSRP end of a sipp call: sipp speaks SIP only, so the a=path its SDP advertises points here. A plain
 * TCP listener on 127.0.0.1 that answers every SEND with 200 (RFC 4975 §7.2: To-Path is the request's
 * From-Path, From-Path is our own URI) and can send a text/plain message back. Raw bytes on purpose: it
 * shares no code with Parley's MSRP stack, so it cannot share its bugs.
 */
export interface ReceivedMsrpRequest {
  readonly transactionId: string;
  readonly method: string;
  readonly toPath: string;
  readonly fromPath: string;
  readonly body: string;
}

export class SippMsrpPeer {
  readonly requests: ReceivedMsrpRequest[] = [];
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #waiters = new Set<() => void>();
  #lastSocket: Socket | undefined;

  private constructor(
    server: Server,
    readonly port: number,
  ) {
    this.#server = server;
  }

  static async start(): Promise<SippMsrpPeer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('the MSRP peer has no port');
    const peer = new SippMsrpPeer(server, address.port);
    server.on('connection', (socket) => peer.#accept(socket));
    return peer;
  }

  /** A fresh URI of ours, for an a=path line (RFC 4975 §6: session-id of 80+ random bits). */
  uri(): { readonly uri: string; readonly sessionId: string } {
    const sessionId = randomBytes(12).toString('base64url');
    return { uri: `msrp://127.0.0.1:${this.port}/${sessionId};tcp`, sessionId };
  }

  /** Resolves with the first request (past or future) that satisfies `predicate`. */
  waitFor(predicate: (request: ReceivedMsrpRequest) => boolean, what: string, timeoutMs = 10_000): Promise<ReceivedMsrpRequest> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.requests.find(predicate);
        if (found === undefined) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`MSRP peer: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter = () => void check();
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      this.#waiters.add(waiter);
      check();
    });
  }

  /** Sends a complete text/plain message on the last connection, to the path Parley bound with. */
  sendText(toPath: string, fromPath: string, text: string): void {
    const socket = this.#lastSocket;
    if (socket === undefined) throw new Error('MSRP peer: no connection yet');
    const body = Buffer.from(text, 'utf8');
    const id = randomBytes(6).toString('hex');
    socket.write(
      `MSRP ${id} SEND\r\nTo-Path: ${toPath}\r\nFrom-Path: ${fromPath}\r\nMessage-ID: ${id}\r\n` +
        `Byte-Range: 1-${body.length}/${body.length}\r\nContent-Type: text/plain\r\n\r\n${body.toString('utf8')}\r\n-------${id}$\r\n`,
    );
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    this.#sockets.add(socket);
    this.#lastSocket = socket;
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (data: Buffer) => {
      buffer += data.toString('latin1');
      for (;;) {
        const start = /^MSRP (\S+) (\S+)[^\r\n]*\r\n/.exec(buffer);
        if (start === null) return;
        const [, transactionId = '', method = ''] = start;
        // RFC 4975 §7.1: the end-line is seven dashes, the transaction id and a flag.
        const endLine = new RegExp(`\\r\\n-------${transactionId}[$#+]\\r\\n`).exec(buffer);
        if (endLine === null) return;
        const frame = buffer.slice(0, endLine.index);
        buffer = buffer.slice(endLine.index + endLine[0].length);
        if (/^\d{3}$/.test(method)) continue;
        this.#received(socket, transactionId, method, frame);
      }
    });
  }

  #received(socket: Socket, transactionId: string, method: string, frame: string): void {
    const header = (name: string) => new RegExp(`^${name}: *(.*)$`, 'im').exec(frame)?.[1]?.trim() ?? '';
    const bodyAt = frame.indexOf('\r\n\r\n');
    const request = {
      transactionId,
      method,
      toPath: header('To-Path'),
      fromPath: header('From-Path'),
      body: bodyAt < 0 ? '' : Buffer.from(frame.slice(bodyAt + 4), 'latin1').toString('utf8'),
    };
    this.requests.push(request);
    if (method === 'SEND') {
      const own = request.toPath.split(/\s+/).at(-1) ?? '';
      socket.write(`MSRP ${transactionId} 200 OK\r\nTo-Path: ${request.fromPath.split(/\s+/)[0] ?? ''}\r\nFrom-Path: ${own}\r\n-------${transactionId}$\r\n`);
    }
    for (const waiter of [...this.#waiters]) waiter();
  }
}
