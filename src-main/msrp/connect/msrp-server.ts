import type { Server, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createNullLogger, type Logger } from '../../common';
import { MsrpError, MsrpTimeoutError } from '../errors';
import type { MsrpChunk } from '../protocol/msrp-chunk';
import { pathEquals } from '../protocol/msrp-path';
import type { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTransport, type SessionMatching } from '../transport/msrp-transport';
import { admitBindingRequest, checkIncomingSend, readBindingRequest, withTimeout } from './bind-session';
import { listen, listeningPort, type MsrpTlsServerOptions } from './listen';
import { DEFAULT_BIND_TIMEOUT_MS, defaultLocalUri, type MsrpConnector } from './msrp-connector';

export interface MsrpServerOptions {
  readonly logger?: Logger;
  /** Certificate and key for msrps listeners. */
  readonly tls?: MsrpTlsServerOptions;
  /** How long an incoming connection may take to bind, and `complete()` to be matched; default 30 s. */
  readonly bindTimeoutMs?: number;
  /** 'session-id' when CEMA (RFC 6714) is negotiated for the sessions of this server. */
  readonly sessionMatching?: SessionMatching;
  readonly highWaterMark?: number;
}

interface Listener {
  readonly server: Server;
  readonly secure: boolean;
  readonly host: string;
  readonly port: number;
}

interface Waiting {
  readonly remotePath: readonly MsrpUri[];
  resolve(transport: MsrpTransport): void;
  reject(error: unknown): void;
}

/**
 * One listening port shared by many sessions (seed `MSRPServer`). `prepare(localUri)` makes sure a listener
 * exists and expects `localUri`; an incoming connection is bound by its first SEND (RFC 4975 §8.4): the
 * To-Path must be one expected URI (481 otherwise), the From-Path the remote path that `complete()` was
 * given. A connection that does not bind within the bind timeout is closed.
 */
export class MsrpServer {
  readonly #options: MsrpServerOptions;
  readonly #logger: Logger;
  readonly #listeners: Array<{ readonly secure: boolean; readonly host: string; port: number; readonly listener: Promise<Listener> }> = [];
  /** Expected local URIs by comparison key (or session-id with CEMA). */
  readonly #expected = new Map<string, MsrpUri>();
  readonly #waiting = new Set<Waiting>();
  readonly #pendingConnections = new Set<MsrpTransport>();
  readonly #waitingChanged = new Set<() => void>();
  #closed = false;

  constructor(options: MsrpServerOptions = {}) {
    this.#options = options;
    this.#logger = options.logger ?? createNullLogger();
  }

  get bindTimeoutMs(): number {
    return this.#options.bindTimeoutMs ?? DEFAULT_BIND_TIMEOUT_MS;
  }

  /** Connections accepted and not yet bound. */
  get pendingConnectionCount(): number {
    return this.#pendingConnections.size;
  }

  /** Listens (or reuses a listener on the same host, port and scheme) and expects `localUri`. */
  async prepare(localUri?: MsrpUri): Promise<MsrpUri[]> {
    if (this.#closed) throw new MsrpError('msrp-disposed', 'MsrpServer is closed');
    let uri = localUri ?? defaultLocalUri(this.#options.tls === undefined ? 'msrp' : 'msrps');
    const listener = await this.#listener(uri);
    if (!uri.port) uri = uri.with({ port: listener.port });
    this.#expected.set(this.#key(uri), uri);
    return [uri];
  }

  /** Waits for an incoming connection whose first SEND comes from `remotePath`; bound transport. */
  complete(remotePath: readonly MsrpUri[]): Promise<MsrpTransport> {
    if (this.#closed) return Promise.reject(new MsrpError('msrp-disposed', 'MsrpServer is closed'));
    let entry!: Waiting;
    const bound = new Promise<MsrpTransport>((resolve, reject) => {
      entry = { remotePath: [...remotePath], resolve, reject };
    });
    this.#waiting.add(entry);
    for (const notify of [...this.#waitingChanged]) notify();
    return withTimeout(bound, this.bindTimeoutMs, 'no connection bound the session').finally(() => this.#waiting.delete(entry));
  }

  /** Stops expecting `localUri`. */
  cleanup(localUri: MsrpUri): void {
    this.#expected.delete(this.#key(localUri));
  }

  /** The uniform connector API for one session on this server; its cleanup() also abandons its complete(). */
  acceptor(): MsrpConnector {
    let prepared: MsrpUri | undefined;
    let remote: readonly MsrpUri[] | undefined;
    return {
      prepare: async (localUri?: MsrpUri) => {
        const path = await this.prepare(localUri);
        prepared = path[0];
        return path;
      },
      complete: (remotePath) => {
        remote = remotePath;
        return this.complete(remotePath);
      },
      cleanup: () => {
        if (prepared !== undefined) this.cleanup(prepared);
        for (const waiting of this.#waiting) {
          if (waiting.remotePath === remote || (remote !== undefined && pathEquals(waiting.remotePath, remote))) {
            this.#waiting.delete(waiting);
            waiting.reject(new MsrpError('msrp-aborted', 'session setup abandoned'));
          }
        }
      },
    };
  }

  /** Stops listening and closes connections that have not bound. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiting of this.#waiting) waiting.reject(new MsrpError('msrp-aborted', 'MsrpServer closed'));
    this.#waiting.clear();
    for (const transport of this.#pendingConnections) transport.dispose();
    this.#pendingConnections.clear();
    for (const notify of [...this.#waitingChanged]) notify();
    const listeners = await Promise.allSettled(this.#listeners.map((entry) => entry.listener));
    await Promise.all(
      listeners.map((result) => (result.status === 'fulfilled' ? new Promise<void>((resolve) => result.value.server.close(() => resolve())) : undefined)),
    );
    this.#listeners.length = 0;
    this.#expected.clear();
  }

  /**
   * The listener for `uri`: an existing one with the same scheme and host (and port, unless 0), else a new
   * one. Concurrent prepares share the pending listen.
   */
  #listener(uri: MsrpUri): Promise<Listener> {
    const secure = uri.secure;
    const existing = this.#listeners.find(
      (candidate) => candidate.secure === secure && candidate.host === uri.host && (!uri.port || candidate.port === uri.port),
    );
    if (existing !== undefined) return existing.listener;
    const created = listen(uri, this.#options.tls, (socket) => this.#onConnection(socket)).then(
      (server) => ({ server, secure, host: uri.host, port: listeningPort(server) }),
    );
    const entry = { secure, host: uri.host, port: uri.port ?? 0, listener: created };
    this.#listeners.push(entry);
    created.then(
      (listener) => (entry.port = listener.port),
      () => this.#listeners.splice(this.#listeners.indexOf(entry), 1),
    );
    return created;
  }

  #key(uri: MsrpUri): string {
    return this.#options.sessionMatching === 'session-id' ? `sid:${uri.sessionId ?? ''}` : uri.comparisonKey;
  }

  #onConnection(socket: Socket | TLSSocket): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    const transport = new MsrpTransport(socket, {
      logger: this.#logger,
      ...(this.#options.sessionMatching !== undefined ? { sessionMatching: this.#options.sessionMatching } : {}),
      ...(this.#options.highWaterMark !== undefined ? { highWaterMark: this.#options.highWaterMark } : {}),
    });
    this.#pendingConnections.add(transport);
    this.#bind(transport).then(
      () => this.#pendingConnections.delete(transport),
      (error: unknown) => {
        this.#pendingConnections.delete(transport);
        this.#logger.info('incoming MSRP connection not bound', { error: String(error), peer: `${socket.remoteAddress}:${socket.remotePort}` });
        // close(), not dispose(): a 400/481 just written must reach the peer first.
        void transport.close();
      },
    );
  }

  async #bind(transport: MsrpTransport): Promise<void> {
    const deadline = Date.now() + this.bindTimeoutMs;
    const first = await withTimeout(readBindingRequest(transport), this.bindTimeoutMs, 'no binding SEND');
    if (first === null) throw new MsrpError('msrp-connection-lost', 'closed before binding');
    const chunk = first.chunk;
    const toPath = safePath(() => chunk.toPath);
    const fromPath = safePath(() => chunk.fromPath);
    if (chunk.method !== 'SEND' || toPath === undefined || fromPath === undefined || toPath.length !== 1) {
      await this.#refuse(transport, chunk, 400, 'Invalid To-Path');
      throw new MsrpError('msrp-no-such-session', `cannot bind with ${chunk.firstLine}`, { status: 400 });
    }
    const localUri = this.#expected.get(this.#key(toPath[0] as MsrpUri));
    if (localUri === undefined) {
      await this.#refuse(transport, chunk, 481, 'Unknown To-Path');
      throw new MsrpError('msrp-no-such-session', `no session expects ${String(toPath[0])}`, { status: 481 });
    }
    this.#expected.delete(this.#key(localUri));
    // The SDP answer may still be on its way: wait for complete() with this remote path.
    let waiting: Waiting;
    try {
      waiting = await this.#findWaiting(fromPath, deadline);
    } catch (error) {
      // No session expects this peer (RFC 4975 §7.3.1): say so before closing.
      await this.#refuse(transport, chunk, 481, 'Unknown From-Path');
      throw error;
    }
    transport.setLocalUri(localUri);
    transport.setFullRemotePath(waiting.remotePath);
    const error = checkIncomingSend(transport, chunk, this.#options.sessionMatching);
    if (error !== undefined) {
      await this.#refuse(transport, chunk, Number(error.status ?? 481));
      throw error;
    }
    await admitBindingRequest(transport, first);
    this.#waiting.delete(waiting);
    waiting.resolve(transport);
  }

  #findWaiting(fromPath: readonly MsrpUri[], deadline: number): Promise<Waiting> {
    const match = (): Waiting | undefined => {
      for (const waiting of this.#waiting) {
        const matches =
          this.#options.sessionMatching === 'session-id'
            ? waiting.remotePath[0]?.sessionId === fromPath[0]?.sessionId
            : pathEquals(waiting.remotePath, fromPath);
        if (matches) return waiting;
      }
      return undefined;
    };
    const found = match();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<Waiting>((resolve, reject) => {
      const notify = (): void => {
        if (this.#closed) {
          done();
          reject(new MsrpError('msrp-aborted', 'MsrpServer closed'));
          return;
        }
        const waiting = match();
        if (waiting !== undefined) {
          done();
          resolve(waiting);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new MsrpTimeoutError('no session completed for this From-Path'));
      }, Math.max(0, deadline - Date.now()));
      const done = (): void => {
        clearTimeout(timer);
        this.#waitingChanged.delete(notify);
      };
      this.#waitingChanged.add(notify);
    });
  }

  async #refuse(transport: MsrpTransport, chunk: MsrpChunk, code: number, comment?: string): Promise<void> {
    try {
      await transport.writeResponse(chunk, code, comment);
    } catch {
      // The connection is going away anyway.
    }
  }
}

function safePath(read: () => readonly MsrpUri[] | undefined): readonly MsrpUri[] | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
