import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { decodeFrame, encodeFrame, err, WEB_SOCKET_MAX_FRAME_BYTES, type EventEnvelope, type HostFrame, type Result } from '../../src-shared';
import type { IpcCore } from '../services/ipc/ipc-core';
import { accessTokenMatches } from './access-token';
import { parseClientFrame } from './client-frame';

/** RFC 6455 §7.4.1 close codes the host uses. */
export const CLOSE_CODES = {
  goingAway: 1001,
  unsupportedData: 1003,
  policyViolation: 1008,
  messageTooBig: 1009,
} as const;

export interface IpcSocketServerOptions {
  readonly core: IpcCore;
  readonly token: string;
  /** The page's own origin (`http://127.0.0.1:<port>`); known only once the HTTP server listens. */
  readonly allowedOrigin: () => string;
  /** Largest accepted frame; a bigger one closes the socket with 1009. */
  readonly maxPayloadBytes?: number;
  /** A client whose unsent backlog grows past this has stopped reading and is dropped. */
  readonly maxBufferedBytes?: number;
}

export const DEFAULT_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/**
 * The `/ipc` WebSocket endpoint: authenticates upgrades (token + Origin), carries invoke frames to the
 * core and core events to every connected client. Nothing a client sends can throw out of here.
 */
export class IpcSocketServer {
  readonly #options: IpcSocketServerOptions;
  readonly #maxBuffered: number;
  readonly #sockets: WebSocketServer;
  readonly #unsubscribe: () => void;
  #closed = false;

  constructor(options: IpcSocketServerOptions) {
    this.#options = options;
    this.#maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.#sockets = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes ?? WEB_SOCKET_MAX_FRAME_BYTES,
      // Compression would let a small frame inflate into a huge one; loopback gains nothing from it.
      perMessageDeflate: false,
      clientTracking: true,
    });
    this.#unsubscribe = options.core.subscribe((event) => this.#broadcast(event));
  }

  get clientCount(): number {
    return this.#sockets.clients.size;
  }

  /** Called for upgrade requests whose path is the IPC path; refuses with 401/403 and no socket. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closed) return refuse(socket, 503, 'Service Unavailable');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!accessTokenMatches(this.#options.token, url.searchParams.get('token'))) {
      return refuse(socket, 401, 'Unauthorized');
    }
    if (request.headers.origin !== this.#options.allowedOrigin()) return refuse(socket, 403, 'Forbidden');
    this.#sockets.handleUpgrade(request, socket, head, (client) => this.#attach(client));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    for (const client of this.#sockets.clients) client.close(CLOSE_CODES.goingAway, 'host shutting down');
    // Clients that do not answer the close handshake promptly are cut off.
    const stragglers = setTimeout(() => {
      for (const client of this.#sockets.clients) client.terminate();
    }, 1000);
    // With client tracking, the server's close callback runs once the last client has closed.
    await new Promise<void>((resolve) => this.#sockets.close(() => resolve()));
    clearTimeout(stragglers);
  }

  #attach(client: WebSocket): void {
    client.on('error', () => client.terminate());
    client.on('message', (data, isBinary) => this.#onMessage(client, data, isBinary));
  }

  #onMessage(client: WebSocket, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      client.close(CLOSE_CODES.unsupportedData, 'frames are JSON text');
      return;
    }
    const parsed = parseClientFrame(decodeFrame(rawDataToString(data)));
    if (parsed.kind === 'malformed') {
      if (parsed.id === undefined) client.close(CLOSE_CODES.policyViolation, 'unreadable frame');
      else this.#send(client, { type: 'result', id: parsed.id, result: err('invalid-argument', parsed.reason) });
      return;
    }
    const { id, name, args } = parsed.frame;
    void this.#invoke(name, args).then((result) => {
      if (client.readyState === WebSocket.OPEN) this.#send(client, { type: 'result', id, result });
    });
  }

  async #invoke(name: string, args: readonly unknown[]): Promise<Result<unknown>> {
    try {
      return await this.#options.core.invoke(name, args);
    } catch {
      // The core promises never to reject; if it does anyway, the client still gets an answer.
      return err('internal', 'the command failed unexpectedly');
    }
  }

  #broadcast(event: EventEnvelope): void {
    let text: string;
    try {
      text = encodeFrame({ type: 'event', event });
    } catch {
      return;
    }
    for (const client of this.#sockets.clients) {
      if (client.readyState === WebSocket.OPEN) this.#sendText(client, text);
    }
  }

  #send(client: WebSocket, frame: HostFrame): void {
    let text: string;
    try {
      text = encodeFrame(frame);
    } catch {
      if (frame.type !== 'result') return;
      text = encodeFrame({ type: 'result', id: frame.id, result: err('internal', 'the result could not be encoded') });
    }
    this.#sendText(client, text);
  }

  #sendText(client: WebSocket, text: string): void {
    // A client that stopped reading would make the backlog grow without bound: drop it instead.
    if (client.bufferedAmount + text.length > this.#maxBuffered) {
      client.terminate();
      return;
    }
    client.send(text);
  }
}

function refuse(socket: Duplex, status: number, reason: string): void {
  // Destroy only once the answer is flushed, or the client may see a reset instead of the status.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
