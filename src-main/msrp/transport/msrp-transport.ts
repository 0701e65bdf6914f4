import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createNullLogger, type Logger } from '../../common';
import { MsrpConnectionError, MsrpInvariantError, type MsrpError } from '../errors';
import { needsResponse, makeResponse } from '../protocol/make-response';
import type { ContinuationFlag, MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpTracer } from '../trace/msrp-tracer';
import { ChunkWriter, type BeginChunkOptions } from './chunk-writer';
import { PendingTransactions, type TransactionCallback } from './pending-transactions';
import { IncomingRouter } from './incoming-router';
import { socketLabel } from './socket-label';
import { TransportReading } from './transport-reading';
import {
  DEFAULT_TRANSACTION_TIMEOUT_MS,
  TRANSPORT_TRANSITIONS,
  TransportState,
  type MsrpTransportOptions,
} from './transport-types';

export type { IncomingChunk } from './segment-reader';
export { STREAM_SLICE_BYTES, type BeginChunkOptions } from './chunk-writer';
export type { TransactionCallback } from './pending-transactions';
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

/**
 * One MSRP connection (RFC 4975 §4, §5.4) over a TCP or TLS socket. Seed: msrplib `MSRPTransport`.
 * Paths: see `TransportPaths`. Output (batching, streamed chunks, backpressure): see `ChunkWriter`.
 *
 * Incoming chunks are pulled (`readChunk`, `chunks()`, or `readPiece()` for start/data/end streaming; see
 * `TransportReading`); the socket is paused while more than `highWaterMark` body bytes wait for the
 * consumer. Writes resolve once the socket has taken the bytes below its own high-water mark, so a slow
 * peer pauses the writer.
 */
export class MsrpTransport extends TransportReading {
  readonly socket: Socket | TLSSocket;
  readonly #logger: Logger;
  readonly #router: IncomingRouter;
  readonly #pending = new PendingTransactions();
  readonly #transactionTimeoutMs: number;
  #state = TransportState.Open;
  #closeTimer: NodeJS.Timeout | undefined;
  #closeError: MsrpError | undefined;
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;
  readonly #writer: ChunkWriter;
  #tracer: MsrpTracer | undefined;
  #traceLabel: string | undefined;

  constructor(socket: Socket | TLSSocket, options: MsrpTransportOptions = {}) {
    const highWaterMark = options.highWaterMark ?? 1024 * 1024;
    super(options.localUri, options.localPath, { highWaterMark, lowWaterMark: options.lowWaterMark ?? Math.floor(highWaterMark / 4) });
    this.socket = socket;
    this.#logger = options.logger ?? createNullLogger();
    this.#transactionTimeoutMs = options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS;
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#tracer = options.tracer;
    this.#traceLabel = options.traceLabel;
    this.#writer = new ChunkWriter(socket, { lost: () => this.lostError(), tracer: () => this.#tracer, label: () => this.#label() });
    this.#router = new IncomingRouter(
      {
        queue: this.incomingQueue,
        pending: this.#pending,
        logger: this.#logger,
        sessionMatching: options.sessionMatching ?? 'uri',
        localUri: () => this.localUri,
        nextHop: () => this.nextHop,
        respond: (response) => void this.writeChunk(response).catch(() => undefined),
        rejected: (event) => this.emit('rejected', event),
        traceIn: (head) => {
          if (this.listenerCount('trace') > 0) this.emit('trace', { direction: 'in', firstLine: head.firstLine, transactionId: head.transactionId });
        },
        tracer: () => this.#tracer,
        label: () => this.#label(),
        fatal: (error) => {
          this.#closeError = error;
          // Flush the 400 if any, then go.
          this.close().catch(() => undefined);
        },
      },
      options.receiver,
    );

    // RFC 4975 has many small responses and REPORTs: without TCP_NODELAY they wait for delayed ACKs.
    socket.setNoDelay(options.noDelay ?? true);
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('error', this.#onError);
    socket.on('close', this.#onClose);
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

  // ---- tracing ----

  /** The tracer that sees every frame of this connection (RFC 4975 traffic; seed trafficlog hooks). */
  get tracer(): MsrpTracer | undefined {
    return this.#tracer;
  }

  /** Traces this connection's frames into `tracer` (labelled `label`, default the socket addresses). */
  setTracer(tracer: MsrpTracer | undefined, label?: string): void {
    this.#tracer = tracer;
    if (label !== undefined) this.#traceLabel = label;
  }

  // ---- writing ----

  /**
   * Writes a chunk: head, body (as given; large bodies are not copied) and end-line, batched with the other
   * chunks written in the same tick so that they share one system call, and never interleaved with another
   * chunk. While a chunk is streamed (`beginChunk`) the write is held back until that chunk's end-line.
   * Resolves when the socket has buffered no more than its high-water mark (backpressure); rejects with
   * `msrp-connection-lost` when the connection is gone.
   */
  writeChunk(chunk: MsrpChunk, flag: ContinuationFlag = chunk.continuation): Promise<void> {
    try {
      this.#beforeWrite(chunk, flag);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#writer.write(chunk, flag);
  }

  /**
   * `writeChunk` for pipelined senders, like `socket.write`: queues the chunk and returns false when the
   * caller should wait for `whenWritable()` before writing more; throws `msrp-connection-lost` when the
   * connection is gone. (A chunk held behind a streamed one counts as written.)
   */
  writeChunkNow(chunk: MsrpChunk, flag: ContinuationFlag = chunk.continuation): boolean {
    this.#beforeWrite(chunk, flag);
    return this.#writer.writeNow(chunk, flag);
  }

  /** Resolves once the socket has room again (see `writeChunkNow`); rejects when the connection is lost. */
  whenWritable(): Promise<void> {
    return this.#writer.whenWritable();
  }

  // ---- streamed chunks (RFC 4975 §7.1.1 interruptible chunks) ----

  /**
   * Starts a chunk whose body is written piece by piece with `writeBody` and ended with `endChunk`
   * (`head.body` is ignored; it needs a Content-Type and, being interruptible, Byte-Range end `*`).
   * Until it ends, every other write of this transport is held back; the response timer of the chunk's
   * transaction (see `expectResponse`) starts at its end-line (RFC 4975 §7.1.1).
   */
  beginChunk(head: MsrpChunk, options: BeginChunkOptions = {}): void {
    if (this.#state !== TransportState.Open) throw this.lostError();
    this.#writer.beginChunk(head, options);
    this.#pending.hold(head.transactionId);
  }

  /**
   * Writes body bytes of the streamed chunk; resolves with how many were written once the socket has
   * taken them (backpressure). Fewer than given means the chunk should end now: another write is waiting
   * (`heldWrites`), `shouldYield` asked for it, or the next byte would complete the end-line in the body
   * (`streamBlocked`; RFC 4975 §7.1: the body must not contain it).
   */
  writeBody(data: Buffer): Promise<number> {
    return this.#writer.writeBody(data);
  }

  /** Ends the streamed chunk with `flag` (`+` interrupted, `$` last chunk, `#` aborted) and releases held writes. */
  endChunk(flag: ContinuationFlag): Promise<void> {
    const head = this.#writer.streamHead;
    const written = this.#writer.endChunk(flag);
    if (head !== undefined) this.#pending.arm(head.transactionId);
    return written;
  }

  /** A chunk is being streamed. */
  get streaming(): boolean {
    return this.#writer.streaming;
  }

  /** Writes waiting for the streamed chunk to end (the streamer should interrupt it). */
  get heldWrites(): number {
    return this.#writer.heldWrites;
  }

  /** The end-line guard stopped the streamed body: the chunk must end before more of it is written. */
  get streamBlocked(): boolean {
    return this.#writer.streamBlocked;
  }

  /**
   * Answers `request` (RFC 4975 §7.2) unless the request's Failure-Report says no response is wanted
   * (§7.1.2); resolves to whether a response was written.
   */
  async writeResponse(request: MsrpChunk, code: number, comment?: string, headers?: Iterable<readonly [string, string]>): Promise<boolean> {
    if (!needsResponse(request, code)) return false;
    const response = makeResponse(request, code, comment, this.localUri);
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

  /**
   * `expectResponse` without a promise, for pipelined senders: `settle` gets the response, or the
   * `MsrpTimeoutError` / connection error that ended the wait, exactly once and never synchronously.
   */
  awaitResponse(transactionId: string, timeoutMs: number, settle: TransactionCallback): void {
    if (this.#state === TransportState.Closed) {
      const error = this.lostError();
      queueMicrotask(() => settle(undefined, error));
      return;
    }
    this.#pending.expectCallback(transactionId, timeoutMs, settle);
  }

  /** Routes the response with `transactionId` to the returned promise instead of the read queue. */
  expectResponse(transactionId: string, timeoutMs: number = this.#transactionTimeoutMs): Promise<MsrpChunk> {
    if (this.#state === TransportState.Closed) return Promise.reject(this.lostError());
    return this.#pending.expect(transactionId, timeoutMs);
  }

  // ---- closing ----

  /** Ends the connection after the queued output is flushed; destroys it if the peer lingers. */
  close(): Promise<void> {
    if (this.#state === TransportState.Open) {
      this.#setState(TransportState.Closing);
      this.#writer.flush();
      this.socket.end();
      this.#closeTimer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    }
    return this.#closed;
  }

  /** Destroys the connection now; every timer and listener is released. */
  override dispose(): void {
    if (this.#state !== TransportState.Closed) {
      // What was written before still goes out, as it would have without batching.
      if (this.#state === TransportState.Open) this.#writer.flush();
      this.socket.destroy();
    }
    this.#finish(undefined);
    super.dispose();
  }

  // ---- internals ----

  #setState(next: TransportState): void {
    if (next === this.#state) return;
    if (!TRANSPORT_TRANSITIONS[this.#state].includes(next)) throw new MsrpInvariantError(`transport: ${this.#state} → ${next}`);
    this.#state = next;
  }

  protected setSocketReading(reading: boolean): void {
    if (this.#state === TransportState.Closed) return;
    if (reading) this.socket.resume();
    else this.socket.pause();
  }

  #beforeWrite(chunk: MsrpChunk, flag: ContinuationFlag): void {
    if (this.#state !== TransportState.Open) {
      throw new MsrpConnectionError('msrp-connection-lost', `cannot write ${chunk.firstLine}: connection ${this.#state}`);
    }
    if (this.listenerCount('trace') > 0) {
      this.emit('trace', { direction: 'out', firstLine: chunk.firstLine, transactionId: chunk.transactionId, bodyBytes: chunk.body.length, flag });
    }
  }

  protected lostError(): MsrpError {
    return this.#closeError ?? new MsrpConnectionError('msrp-connection-lost', 'connection closed');
  }

  #label(): string {
    return (this.#traceLabel ??= socketLabel(this.socket));
  }

  readonly #onData = (data: Buffer): void => {
    if (this.#state === TransportState.Closed) return;
    this.#router.push(data);
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
    this.#router.dispose();
    const lost = error ?? new MsrpConnectionError('msrp-connection-lost', 'connection closed');
    this.#writer.fail(lost);
    this.#pending.rejectAll(lost);
    // A chunk cut short by the close is incomplete: readers see the failure, not a truncated body.
    this.incomingQueue.end(this.#router.midChunk || this.readerMidChunk ? lost : error);
    this.emit('closed', error === undefined ? {} : { error });
    this.#resolveClosed();
  }
}
