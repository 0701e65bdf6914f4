import type { Server, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { MsrpError, MsrpInvariantError } from '../errors';
import type { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTransport } from '../transport/msrp-transport';
import { acceptBinding, withTimeout } from './bind-session';
import { listen, listeningPort } from './listen';
import { DEFAULT_BIND_TIMEOUT_MS, defaultLocalUri, type ConnectOptions, type MsrpConnector } from './msrp-connector';

/**
 * The answering endpoint without a relay (seed `DirectAcceptor`): listens on the local URI's port (0:
 * any, the URI is updated), takes the first connection, and binds it by its first SEND (RFC 4975 §8.4).
 * One session per listening port; `MsrpServer` shares one port among many.
 */
export class AcceptorDirect implements MsrpConnector {
  readonly #options: ConnectOptions;
  #server: Server | undefined;
  #localUri: MsrpUri | undefined;
  #accepted: Promise<Socket | TLSSocket> | undefined;
  #abort: ((error: unknown) => void) | undefined;
  #sockets: Array<Socket | TLSSocket> = [];

  constructor(options: ConnectOptions = {}) {
    this.#options = options;
  }

  get localUri(): MsrpUri | undefined {
    return this.#localUri;
  }

  async prepare(localUri?: MsrpUri): Promise<MsrpUri[]> {
    let uri = localUri ?? defaultLocalUri(this.#options.tlsServer === undefined ? 'msrp' : 'msrps');
    let resolveAccepted!: (socket: Socket | TLSSocket) => void;
    this.#accepted = new Promise((resolve, reject) => {
      resolveAccepted = resolve;
      this.#abort = reject;
    });
    // cleanup() may abort before anybody awaits complete().
    this.#accepted.catch(() => undefined);
    this.#server = await listen(uri, this.#options.tlsServer, (socket) => {
      this.#sockets.push(socket);
      resolveAccepted(socket);
    });
    if (!uri.port) uri = uri.with({ port: listeningPort(this.#server) });
    this.#localUri = uri;
    return [uri];
  }

  async complete(remotePath: readonly MsrpUri[]): Promise<MsrpTransport> {
    const accepted = this.#accepted;
    const localUri = this.#localUri;
    if (accepted === undefined || localUri === undefined) throw new MsrpInvariantError('complete() before prepare()');
    const timeoutMs = this.#options.bindTimeoutMs ?? DEFAULT_BIND_TIMEOUT_MS;
    let socket: Socket | TLSSocket;
    try {
      socket = await withTimeout(accepted, this.#options.connectTimeoutMs ?? timeoutMs, 'no incoming MSRP connection');
    } catch (error) {
      this.#stopListening();
      throw error;
    }
    this.#sockets = this.#sockets.filter((other) => other !== socket);
    this.#stopListening();
    const transport = new MsrpTransport(socket, {
      localUri,
      ...(this.#options.logger !== undefined ? { logger: this.#options.logger } : {}),
      ...(this.#options.sessionMatching !== undefined ? { sessionMatching: this.#options.sessionMatching } : {}),
      ...(this.#options.highWaterMark !== undefined ? { highWaterMark: this.#options.highWaterMark } : {}),
    });
    try {
      await acceptBinding(transport, remotePath, timeoutMs, this.#options.sessionMatching);
    } catch (error) {
      // close(), not dispose(): a 481 just written must reach the peer first.
      void transport.close();
      throw error;
    }
    return transport;
  }

  cleanup(): void {
    this.#stopListening();
    this.#abort?.(new MsrpError('msrp-aborted', 'acceptor cleaned up'));
    this.#abort = undefined;
  }

  #stopListening(): void {
    this.#server?.close();
    this.#server = undefined;
    // Connections that came after the first one are not ours to keep.
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets = [];
  }
}
