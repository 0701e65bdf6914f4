import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createNullLogger, TypedEmitter, type Logger } from '../../common';
import { MsrpConnectionError, MsrpInvariantError, type MsrpError, type MsrpParseError } from '../errors';
import { ChunkReceiver } from '../protocol/chunk-receiver';
import { makeResponse, needsResponse } from '../protocol/make-response';
import { EMPTY_BODY, type ContinuationFlag, type MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpUri } from '../protocol/msrp-uri';
import { IncomingQueue, type IncomingPiece } from './incoming-queue';
import { makeRequest, makeSendChunk, type SendChunkInit } from './make-chunk';
import { PendingTransactions } from './pending-transactions';
import { checkToPath, responseWithoutPaths } from './request-check';
import { SegmentReader, type IncomingChunk } from './segment-reader';
import {
  DEFAULT_READ_MAX_SIZE,
  DEFAULT_TRANSACTION_TIMEOUT_MS,
  TRANSPORT_TRANSITIONS,
  TransportState,
  type MsrpTransportEvents,
  type MsrpTransportOptions,
  type SessionMatching,
} from './transport-types';

export type { IncomingChunk } from './segment-reader';
export {
  DEFAULT_READ_MAX_SIZE,
  DEFAULT_TRANSACTION_TIMEOUT_MS,
  TransportState,
  type MsrpTransportEvents,
  type MsrpTransportOptions,
  type SessionMatching,
  type TransportTrace,
} from './transport-types';

const CLOSE_GRACE_MS = 2_000;

type ReceiveMode = 'idle' | 'queue' | 'drop';

/**
 * One MSRP connection (RFC 4975 §4, §5.4) over a TCP or TLS socket. Seed: msrplib `MSRPTransport`.
 *
 * Paths: outgoing requests carry `From-Path: localUri` and `To-Path: localPath + remotePath + remoteUri`
 * (RFC 4976 §6.1: our relays first); `fullLocalPath = localPath + localUri` is what goes into SDP a=path.
 *
 * Incoming chunks are pulled (`readChunk`, `chunks()`, or `readPiece()` for start/data/end streaming); the
 * socket is paused while more than `highWaterMark` body bytes wait for the consumer, so a slow consumer
 * keeps memory flat and the TCP window pushes back on the sender. Writes resolve once the socket has
 * taken the bytes below its own high-water mark, so a slow peer pauses the writer.
 */
export class MsrpTransport extends TypedEmitter<MsrpTransportEvents> {
  readonly socket: Socket | TLSSocket;
  readonly #logger: Logger;
  readonly #queue: IncomingQueue<MsrpChunk>;
  readonly #source: ChunkReceiver;
  readonly #pending = new PendingTransactions();
  readonly #reader: SegmentReader;
  readonly #transactionTimeoutMs: number;
  readonly #sessionMatching: SessionMatching;
  #state = TransportState.Open;
  #mode: ReceiveMode = 'idle';
  #localUri: MsrpUri | undefined;
  #localPath: readonly MsrpUri[];
  #remotePath: readonly MsrpUri[] = [];
  #remoteUri: MsrpUri | undefined;
  #closeTimer: NodeJS.Timeout | undefined;
  #closeError: MsrpError | undefined;
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;
  #userPaused = false;

  constructor(socket: Socket | TLSSocket, options: MsrpTransportOptions = {}) {
    super();
    this.socket = socket;
    this.#logger = options.logger ?? createNullLogger();
    this.#localUri = options.localUri;
    this.#localPath = options.localPath ?? [];
    this.#sessionMatching = options.sessionMatching ?? 'uri';
    this.#transactionTimeoutMs = options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS;
    const highWaterMark = options.highWaterMark ?? 1024 * 1024;
    this.#queue = new IncomingQueue<MsrpChunk>({
      highWaterMark,
      lowWaterMark: options.lowWaterMark ?? Math.floor(highWaterMark / 4),
      onPressure: () => this.#updateFlow(),
    });
    this.#reader = new SegmentReader(this.#queue);
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#source = new ChunkReceiver(
      {
        onChunkStart: (head) => this.#onChunkStart(head),
        onChunkData: (_head, data) => this.#onChunkData(data),
        onChunkEnd: (_head, flag) => this.#onChunkEnd(flag),
        // Responses arrive whole (they have no body to stream).
        onChunk: (chunk) => {
          this.#onChunkStart(chunk);
          if (chunk.body.length > 0) this.#onChunkData(chunk.body);
          this.#onChunkEnd(chunk.continuation);
        },
        onError: (error) => this.#onParseError(error),
      },
      { ...options.receiver, mode: 'stream' },
    );

    // RFC 4975 has many small responses and REPORTs: without TCP_NODELAY they wait for delayed ACKs.
    socket.setNoDelay(options.noDelay ?? true);
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
  }

  // ---- paths (seed: local_uri, local_path, remote_path, remote_uri) ----

  get localUri(): MsrpUri | undefined {
    return this.#localUri;
  }

  /** Sets our URI once known (MsrpServer binds a connection before it knows the session). */
  setLocalUri(uri: MsrpUri): void {
    this.#localUri = uri;
  }

  get localPath(): readonly MsrpUri[] {
    return this.#localPath;
  }

  setLocalPath(path: readonly MsrpUri[]): void {
    this.#localPath = [...path];
  }

  /** What goes into our SDP a=path (RFC 4976 §5.1: Use-Path then our own URI). */
  get fullLocalPath(): MsrpUri[] {
    return [...this.#localPath, this.#requireLocalUri()];
  }

  get remoteUri(): MsrpUri | undefined {
    return this.#remoteUri;
  }

  get remotePath(): readonly MsrpUri[] {
    return this.#remotePath;
  }

  get fullRemotePath(): MsrpUri[] {
    return this.#remoteUri === undefined ? [] : [...this.#remotePath, this.#remoteUri];
  }

  /** The peer's a=path: its relays then its own URI. */
  setFullRemotePath(path: readonly MsrpUri[]): void {
    if (path.length === 0) throw new MsrpInvariantError('empty remote path');
    this.#remoteUri = path[path.length - 1];
    this.#remotePath = path.slice(0, -1);
  }

  /** The first hop of our requests (seed next_host). */
  get nextHop(): MsrpUri | undefined {
    return this.#localPath[0] ?? this.#remotePath[0] ?? this.#remoteUri;
  }

  get state(): TransportState {
    return this.#state;
  }

  get isOpen(): boolean {
    return this.#state === TransportState.Open;
  }

  /** Resolves once the socket is closed. */
  get closed(): Promise<void> {
    return this.#closed;
  }

  /** Body bytes received and waiting for the consumer. */
  get bufferedIncomingBytes(): number {
    return this.#queue.bufferedBytes;
  }

  /** True while reading from the socket is paused (queue above its mark, or `pause()`). */
  get readingPaused(): boolean {
    return this.#queue.paused || this.#userPaused;
  }

  // ---- making chunks (seed make_request / make_send_request) ----

  /** A request with our To-Path/From-Path (RFC 4975 §7.1, RFC 4976 §6.1). */
  makeRequest(method: string, transactionId?: string): MsrpChunk {
    return makeRequest(this.#paths(), method, transactionId);
  }

  /** A SEND chunk (RFC 4975 §7.1.1): Byte-Range from start/end/total, continuation flag derived. */
  makeChunk(init: SendChunkInit = {}): MsrpChunk {
    return makeSendChunk(this.#paths(), init);
  }

  // ---- writing ----

  /**
   * Writes a chunk: head, body (as given, no copy) and end-line in one corked burst so that concurrent
   * writers never interleave. Resolves when the socket has buffered no more than its high-water mark
   * (backpressure); rejects with `msrp-connection-lost` when the connection is gone.
   */
  writeChunk(chunk: MsrpChunk, flag: ContinuationFlag = chunk.continuation): Promise<void> {
    if (this.#state !== TransportState.Open) {
      return Promise.reject(new MsrpConnectionError('msrp-connection-lost', `cannot write ${chunk.firstLine}: connection ${this.#state}`));
    }
    const socket = this.socket;
    socket.cork();
    socket.write(chunk.encodeStart());
    if (chunk.body.length > 0) socket.write(chunk.body);
    const fits = socket.write(chunk.encodeEnd(flag));
    socket.uncork();
    this.emit('trace', { direction: 'out', firstLine: chunk.firstLine, transactionId: chunk.transactionId, bodyBytes: chunk.body.length, flag });
    if (fits) return Promise.resolve();
    return this.#drained();
  }

  /**
   * Answers `request` (RFC 4975 §7.2) unless the request's Failure-Report says no response is wanted
   * (§7.1.2); resolves to whether a response was written.
   */
  async writeResponse(request: MsrpChunk, code: number, comment?: string, headers?: Iterable<readonly [string, string]>): Promise<boolean> {
    if (!needsResponse(request, code)) return false;
    const response = makeResponse(request, code, comment, this.#localUri);
    for (const [name, value] of headers ?? []) response.headers.append(name, value);
    await this.writeChunk(response);
    return true;
  }

  /** Sends a request and waits for its transaction response (RFC 4975 §7.1.1: 30 s, then 408). */
  async request(chunk: MsrpChunk, options: { readonly timeoutMs?: number } = {}): Promise<MsrpChunk> {
    if (chunk.method === undefined) throw new MsrpInvariantError('request() needs a request chunk');
    const response = this.expectResponse(chunk.transactionId, options.timeoutMs);
    try {
      await this.writeChunk(chunk);
    } catch (error) {
      this.#pending.reject(chunk.transactionId, error);
    }
    return response;
  }

  /** Routes the response with `transactionId` to the returned promise instead of the read queue. */
  expectResponse(transactionId: string, timeoutMs: number = this.#transactionTimeoutMs): Promise<MsrpChunk> {
    if (this.#state === TransportState.Closed) return Promise.reject(this.#lostError());
    return this.#pending.expect(transactionId, timeoutMs);
  }

  // ---- reading ----

  /**
   * The next chunk, or the next segment of a chunk whose body exceeds `maxSize` (seed read_chunk with
   * virtual segments). `null` when the connection closed cleanly; rejects when it failed.
   */
  readChunk(maxSize: number = DEFAULT_READ_MAX_SIZE): Promise<IncomingChunk | null> {
    return this.#reader.read(maxSize, () => this.#lostError());
  }

  /** Async iteration over incoming chunks (or segments, see `readChunk`) until the connection closes. */
  async *chunks(maxSize: number = DEFAULT_READ_MAX_SIZE): AsyncGenerator<IncomingChunk, void, undefined> {
    for (;;) {
      const next = await this.readChunk(maxSize);
      if (next === null) return;
      yield next;
    }
  }

  /**
   * Streaming access: the next piece (`start` with the head, `data` with body bytes as received, `end`
   * with the continuation flag); `null` at a clean close. Do not mix with a pending `readChunk`.
   */
  readPiece(): Promise<IncomingPiece<MsrpChunk> | null> {
    return this.#reader.readPiece();
  }

  /** Puts a whole chunk back in front of the read queue (a binding SEND that carried content). */
  unreadChunk(chunk: MsrpChunk): void {
    const head = chunk.copy();
    head.body = EMPTY_BODY;
    this.#queue.unshift(
      { kind: 'start', head },
      ...(chunk.body.length > 0 ? [{ kind: 'data' as const, data: chunk.body }] : []),
      { kind: 'end', flag: chunk.continuation },
    );
  }

  /** Stops reading from the socket (on top of the automatic backpressure) until `resume()`. */
  pause(): void {
    this.#userPaused = true;
    this.#updateFlow();
  }

  resume(): void {
    this.#userPaused = false;
    this.#updateFlow();
  }

  // ---- closing ----

  /** Ends the connection after the queued output is flushed; destroys it if the peer lingers. */
  close(): Promise<void> {
    if (this.#state === TransportState.Open) {
      this.#setState(TransportState.Closing);
      this.socket.end();
      this.#closeTimer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    }
    return this.#closed;
  }

  /** Destroys the connection now; every timer and listener is released. */
  override dispose(): void {
    if (this.#state !== TransportState.Closed) this.socket.destroy();
    this.#finish(undefined);
    super.dispose();
  }

  // ---- internals ----

  #paths(): { localUri: MsrpUri | undefined; localPath: readonly MsrpUri[]; remotePath: readonly MsrpUri[]; remoteUri: MsrpUri | undefined } {
    return { localUri: this.#localUri, localPath: this.#localPath, remotePath: this.#remotePath, remoteUri: this.#remoteUri };
  }

  #requireLocalUri(): MsrpUri {
    if (this.#localUri === undefined) throw new MsrpInvariantError('the local URI is not known yet');
    return this.#localUri;
  }

  #setState(next: TransportState): void {
    if (next === this.#state) return;
    if (!TRANSPORT_TRANSITIONS[this.#state].includes(next)) throw new MsrpInvariantError(`transport: ${this.#state} → ${next}`);
    this.#state = next;
  }

  #updateFlow(): void {
    if (this.#state === TransportState.Closed) return;
    if (this.#queue.paused || this.#userPaused) this.socket.pause();
    else this.socket.resume();
  }

  #drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = (): void => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        this.socket.off('drain', onDrain);
        reject(this.#lostError());
      };
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  #lostError(): MsrpError {
    return this.#closeError ?? new MsrpConnectionError('msrp-connection-lost', 'connection closed');
  }

  #onChunkStart(head: MsrpChunk): void {
    this.emit('trace', { direction: 'in', firstLine: head.firstLine, transactionId: head.transactionId });
    if (head.code !== undefined) {
      if (this.#pending.resolve(head)) {
        this.#mode = 'drop';
        return;
      }
      if (this.#pending.finished(head.transactionId)) {
        this.#logger.debug('dropping a second response to a finished transaction', { transactionId: head.transactionId });
        this.#mode = 'drop';
        return;
      }
      this.#mode = 'queue';
      this.#queue.push({ kind: 'start', head });
      return;
    }
    const refusal = checkToPath(head, this.#localUri, this.#sessionMatching);
    if (refusal !== undefined) {
      this.#mode = 'drop';
      this.#reject(head, refusal.status, refusal.reason);
      return;
    }
    this.#mode = 'queue';
    this.#queue.push({ kind: 'start', head });
  }

  #reject(head: MsrpChunk, status: number, reason: string): void {
    this.#logger.info('refusing request', { transactionId: head.transactionId, method: head.method, status, reason });
    this.emit('rejected', { transactionId: head.transactionId, status, reason });
    let response: MsrpChunk | undefined;
    try {
      if (needsResponse(head, status)) response = makeResponse(head, status, undefined, this.#localUri);
    } catch {
      response = this.#bareResponse(head.transactionId, status);
    }
    if (response !== undefined) this.writeChunk(response).catch(() => undefined);
  }

  /** A response when the request's paths are unreadable: towards the peer as far as we know it. */
  #bareResponse(transactionId: string, status: number): MsrpChunk | undefined {
    return responseWithoutPaths(transactionId, status, this.nextHop, this.#localUri);
  }

  #onChunkData(data: Buffer): void {
    if (this.#mode === 'queue') this.#queue.push({ kind: 'data', data });
  }

  #onChunkEnd(flag: string): void {
    if (this.#mode === 'queue') this.#queue.push({ kind: 'end', flag });
    this.#mode = 'idle';
  }

  /** Malformed input: 400 (or the error's status) when a request can be answered; close when unreadable. */
  #onParseError(error: MsrpParseError): void {
    this.#logger.info('malformed MSRP input', { message: error.message, transactionId: error.transactionId, fatal: error.fatal });
    if (this.#mode === 'queue') this.#queue.push({ kind: 'end', flag: '#' });
    this.#mode = 'idle';
    if (error.answerable && error.transactionId !== undefined) {
      const status = typeof error.status === 'number' ? error.status : 400;
      this.emit('rejected', { transactionId: error.transactionId, status, reason: error.message });
      const response = this.#bareResponse(error.transactionId, status);
      if (response !== undefined) this.writeChunk(response).catch(() => undefined);
    }
    if (error.fatal) {
      this.#closeError = error;
      // Flush the 400 if any, then go.
      this.close().catch(() => undefined);
    } else if (!error.answerable) {
      this.emit('rejected', { transactionId: error.transactionId, status: 400, reason: error.message });
    }
  }

  readonly #onData = (data: Buffer): void => {
    if (this.#state === TransportState.Closed) return;
    this.#source.push(data);
  };

  readonly #onEnd = (): void => {
    // The peer finished sending; finish our side too (MSRP has no half-closed use).
    if (this.#state === TransportState.Open) this.close().catch(() => undefined);
  };

  readonly #onError = (error: Error): void => {
    this.#closeError ??= new MsrpConnectionError('msrp-connection-lost', error.message, { cause: error });
  };

  readonly #onClose = (): void => {
    this.#finish(this.#closeError);
  };

  #finish(error: MsrpError | undefined): void {
    if (this.#state === TransportState.Closed) return;
    this.#setState(TransportState.Closed);
    if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    this.socket.off('data', this.#onData);
    this.socket.off('end', this.#onEnd);
    this.socket.off('error', this.#onError);
    this.socket.off('close', this.#onClose);
    // Late socket errors after close must not become unhandled 'error' events.
    this.socket.on('error', () => undefined);
    this.#source.dispose();
    const lost = error ?? new MsrpConnectionError('msrp-connection-lost', 'connection closed');
    this.#pending.rejectAll(lost);
    // A chunk cut short by the close is incomplete: readers see the failure, not a truncated body.
    this.#queue.end(this.#mode === 'queue' || this.#reader.midChunk ? lost : error);
    this.#mode = 'idle';
    this.emit('closed', error === undefined ? {} : { error });
    this.#resolveClosed();
  }
}
