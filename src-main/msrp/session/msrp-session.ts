import { createNullLogger, TypedEmitter, type Logger } from '../../common';
import { MsrpConnectionError, MsrpError, MsrpInvariantError, MsrpRequestFailedError, MsrpTimeoutError } from '../errors';
import type { MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpTracer } from '../trace/msrp-tracer';
import type { MsrpTransport } from '../transport/msrp-transport';
import { AcceptTypes } from './accept-types';
import {
  MessageReassembler,
  type IncomingMessageInfo,
  type IncomingStreamEnd,
  type ReceivedMessage,
} from './message-reassembler';
import type { OutgoingFile } from './outgoing-file';
import { bufferSource, OutgoingMessage, type OutgoingMessageOptions, type OutgoingProgress } from './outgoing-message';
import { SendQueue, type TransactionResult } from './send-queue';
import { SessionReceiver } from './session-receiver';

/**
 * An MSRP session over one connected transport (RFC 4975; seed: msrplib `MSRPSession` /
 * `GreenMSRPSession`): sends messages and chunks with priorities and reports, receives and reassembles
 * messages, answers transactions and Success-Report REPORTs, keeps the connection alive and shuts down
 * gracefully. Incoming large messages stream through `onIncomingStream` (awaited: backpressure) and the
 * `messageStart`/`messageData`/`messageEnd` events; small ones arrive whole as `message`.
 */
export enum SessionState {
  Active = 'active',
  ShuttingDown = 'shutting-down',
  Closed = 'closed',
}

const TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  [SessionState.Active]: [SessionState.ShuttingDown, SessionState.Closed],
  [SessionState.ShuttingDown]: [SessionState.Closed],
  [SessionState.Closed]: [],
};

export interface IncomingStreamHandler {
  start?(info: IncomingMessageInfo): void | Promise<void>;
  data?(info: IncomingMessageInfo, offset: number, data: Buffer): void | Promise<void>;
  end?(info: IncomingMessageInfo, end: IncomingStreamEnd): void | Promise<void>;
}

export interface MsrpSessionOptions {
  /** RFC 4975 §8.6 accept-types: `*`, `type/*`, `type/subtype`. Default `['*']`. */
  readonly acceptTypes?: readonly string[];
  /** Largest incoming message; 413 beyond (RFC 4975 §7.3.1). Default unlimited (large ones stream). */
  readonly maxMessageSize?: number;
  /**
   * Incoming messages begun and not complete that are kept at once; beyond it the oldest is dropped and
   * reported with 413 (RFC 4975 §7.1.2 failure REPORT; its later chunks are answered 413). Default 64.
   */
  readonly maxIncompleteMessages?: number;
  /** Incoming messages above this size are streamed instead of buffered. Default 1 MiB. */
  readonly streamingThreshold?: number;
  /**
   * Largest outgoing chunk body (the per-path cap). Default none: large messages are streamed as one
   * chunk, interrupted when chat, responses or REPORTs wait (RFC 4975 §7.1.1). Through Kamailio ~8 KiB
   * (see MsrpRelaySettings.maxChunkSize): it drops larger frames.
   */
  readonly chunkSize?: number;
  /** Bytes of a message written but not yet confirmed by REPORTs before the sender waits. Default none. */
  readonly maxBytesInFlight?: number;
  /** RFC 4975 §7.1.1: 30 s. */
  readonly responseTimeoutMs?: number;
  /** An empty SEND after this long without writing; 0 disables. Default 60 s. */
  readonly keepAliveMs?: number;
  readonly onIncomingStream?: IncomingStreamHandler;
  /** Sees every frame of the connection (handed to the transport unless it has a tracer already). */
  readonly tracer?: MsrpTracer;
  readonly logger?: Logger;
}

export interface MessageDataEvent {
  readonly info: IncomingMessageInfo;
  readonly offset: number;
  readonly data: Buffer;
}

export interface ResponseEvent {
  readonly transactionId: string;
  readonly messageId: string | undefined;
  readonly code: number;
  readonly comment: string | undefined;
  readonly local: boolean;
}

export interface MsrpSessionEvents {
  [name: string]: unknown;
  /** A whole incoming message (up to `streamingThreshold`). */
  message: ReceivedMessage;
  messageStart: IncomingMessageInfo;
  messageData: MessageDataEvent;
  messageEnd: { readonly info: IncomingMessageInfo; readonly end: IncomingStreamEnd };
  /** A buffered incoming message that will not complete (sender's `#`, 413, 415; code 0 for `#`). */
  messageAborted: { readonly info: IncomingMessageInfo; readonly code: number; readonly reason: string };
  incomingProgress: { readonly messageId: string; readonly received: number; readonly total: number | undefined };
  /** Outgoing bytes written and acknowledged. */
  progress: OutgoingProgress;
  /** REPORTs covered every byte of an outgoing message (RFC 4975 §7.1.2). */
  delivered: { readonly messageId: string };
  /** An error response, a failure REPORT, a local timeout (408) or a lost connection (code 0). */
  failed: { readonly messageId: string; readonly code: number; readonly reason: string };
  /** Every transaction result of our requests, received or made locally. */
  response: ResponseEvent;
  closed: { readonly error?: MsrpError };
}

/** No cap: a large message goes as one interruptible chunk, cut only when something else must go first. */
export const DEFAULT_CHUNK_SIZE = Number.POSITIVE_INFINITY;
export const DEFAULT_STREAMING_THRESHOLD = 1024 * 1024;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;
export const DEFAULT_KEEP_ALIVE_MS = 60_000;
export const DEFAULT_MAX_INCOMPLETE_MESSAGES = 64;

export class MsrpSession extends TypedEmitter<MsrpSessionEvents> {
  readonly transport: MsrpTransport;
  readonly acceptTypes: AcceptTypes;
  readonly chunkSize: number;
  readonly #options: MsrpSessionOptions;
  readonly #logger: Logger;
  readonly #queue: SendQueue;
  readonly #reassembler: MessageReassembler;
  readonly #receiver: SessionReceiver;
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;
  #state = SessionState.Active;
  #keepAliveTimer: NodeJS.Timeout | undefined;
  #shutdown: Promise<void> | undefined;

  constructor(transport: MsrpTransport, options: MsrpSessionOptions = {}) {
    super();
    this.transport = transport;
    this.#options = options;
    this.#logger = options.logger ?? createNullLogger();
    // Frames are traced where they are read and written: in the transport.
    if (options.tracer !== undefined && transport.tracer === undefined) transport.setTracer(options.tracer);
    this.acceptTypes = new AcceptTypes(options.acceptTypes ?? ['*']);
    this.chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#queue = new SendQueue(
      transport,
      {
        chunkSize: this.chunkSize,
        responseTimeoutMs: options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
        maxBytesInFlight: options.maxBytesInFlight,
      },
      {
        onResponse: (chunk, result) => this.#emitResponse(chunk, result),
        onProgress: (message) => {
          if (this.listenerCount('progress') > 0) this.emit('progress', message.progress);
        },
        onDelivered: (message) => this.emit('delivered', { messageId: message.messageId }),
        onFailed: (message, code, reason) => this.emit('failed', { messageId: message.messageId, code, reason }),
      },
    );
    const stream = options.onIncomingStream;
    this.#reassembler = new MessageReassembler(
      {
        acceptTypes: this.acceptTypes,
        maxMessageSize: options.maxMessageSize ?? Number.MAX_SAFE_INTEGER,
        streamingThreshold: options.streamingThreshold ?? DEFAULT_STREAMING_THRESHOLD,
        maxIncompleteMessages: options.maxIncompleteMessages ?? DEFAULT_MAX_INCOMPLETE_MESSAGES,
      },
      {
        onMessage: (message) => this.emit('message', message),
        onStreamStart: (info) => {
          this.emit('messageStart', info);
          return stream?.start?.(info);
        },
        onStreamData: (info, offset, data) => {
          this.emit('messageData', { info, offset, data });
          return stream?.data?.(info, offset, data);
        },
        onStreamEnd: (info, end) => {
          this.emit('messageEnd', { info, end });
          return stream?.end?.(info, end);
        },
        onAborted: (info, code, reason) => this.emit('messageAborted', { info, code, reason }),
        onDropped: (info, received) => this.#receiver.reportDropped(info, received),
        onProgress: (info, received) => this.emit('incomingProgress', { messageId: info.messageId, received, total: info.total }),
      },
    );
    this.#receiver = new SessionReceiver(transport, this.#reassembler, { onReport: (report) => this.#queue.handleReport(report), onEnd: (error) => this.#finish(error) }, this.#logger);
    this.#scheduleKeepAlive();
    void this.#receiver.run();
  }

  get state(): SessionState {
    return this.#state;
  }

  /** Resolves once the session is closed (after `shutdown()`, `dispose()` or a lost connection). */
  get closed(): Promise<void> {
    return this.#closed;
  }

  // ---- sending (seed: send_chunk, deliver_chunk, send_message, send_file) ----

  /**
   * Queues a ready-made request chunk with chat priority (seed `send_chunk`); `onResponse` gets its
   * transaction result, received or locally made (408 on timeout, 200 for Failure-Report partial/no).
   */
  sendChunk(chunk: MsrpChunk, onResponse?: (response: MsrpChunk, local: boolean) => void): void {
    this.#requireActive();
    if (chunk.method === undefined) throw new MsrpInvariantError('sendChunk() needs a request chunk');
    this.#queue.enqueueChunk(chunk, onResponse === undefined ? undefined : (result) => onResponse(result.response, result.local));
  }

  /**
   * Sends a chunk and resolves with its 200 response (seed `deliver_chunk`); rejects with
   * `MsrpRequestFailedError` (non-2xx), `MsrpTimeoutError` (local 408) or the connection error.
   */
  deliverChunk(chunk: MsrpChunk): Promise<MsrpChunk> {
    return new Promise((resolve, reject) => {
      this.#requireActive();
      if (chunk.method === undefined) throw new MsrpInvariantError('deliverChunk() needs a request chunk');
      this.#queue.enqueueChunk(chunk, (result) => {
        const code = result.response.code ?? 0;
        if (result.error !== undefined) reject(result.error);
        else if (code >= 200 && code < 300) resolve(result.response);
        else if (code === 408 && result.local) reject(new MsrpTimeoutError(`no response to ${chunk.transactionId}`));
        else reject(new MsrpRequestFailedError(code, result.response.comment));
      });
    });
  }

  /** Sends a message (text or bytes); large ones are chunked and interleaved with chat traffic. */
  sendMessage(body: Buffer | string, options: OutgoingMessageOptions = {}): OutgoingMessage {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (options.contentType !== undefined) return this.send(new OutgoingMessage(bufferSource(bytes), options));
    const contentType = typeof body === 'string' ? 'text/plain' : 'application/octet-stream';
    return this.send(new OutgoingMessage(bufferSource(bytes), { ...options, contentType }));
  }

  /** Queues a prepared outgoing message (a custom body source); returns it. */
  send<T extends OutgoingMessage>(message: T): T {
    this.#requireActive();
    this.#queue.enqueueMessage(message);
    return message;
  }

  /** Queues a file (seed `send_file`); files go one after another, chat messages in between. */
  sendFile(file: OutgoingFile): OutgoingFile {
    return this.send(file);
  }

  // ---- ending ----

  /** Sends what is queued, waits for its transaction responses, then closes the connection (seed `shutdown`). */
  shutdown(): Promise<void> {
    if (this.#shutdown !== undefined) return this.#shutdown;
    if (this.#state === SessionState.Closed) return Promise.resolve();
    this.#setState(SessionState.ShuttingDown);
    this.#clearKeepAlive();
    this.#shutdown = (async () => {
      await this.#queue.whenIdle();
      await this.transport.close();
      await this.#closed;
    })();
    return this.#shutdown;
  }

  /** Closes at once: the connection is destroyed, queued messages fail, every timer and listener goes. */
  override dispose(): void {
    this.transport.dispose();
    this.#finish(undefined);
    super.dispose();
  }

  // ---- internals ----

  #requireActive(): void {
    if (this.#state !== SessionState.Active) throw new MsrpError('msrp-disposed', `session is ${this.#state}`);
  }

  #setState(next: SessionState): void {
    if (next === this.#state) return;
    if (!TRANSITIONS[this.#state].includes(next)) throw new MsrpInvariantError(`session: ${this.#state} → ${next}`);
    this.#state = next;
  }

  #emitResponse(chunk: MsrpChunk, result: TransactionResult): void {
    if (this.listenerCount('response') === 0) return;
    let messageId: string | undefined;
    try {
      messageId = chunk.messageId;
    } catch {
      messageId = undefined;
    }
    const response = result.response;
    this.emit('response', { transactionId: chunk.transactionId, messageId, code: response.code ?? 0, comment: response.comment, local: result.local });
  }

  #scheduleKeepAlive(): void {
    const interval = this.#options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
    if (!(interval > 0) || this.#state !== SessionState.Active) return;
    const due = this.#queue.lastWriteAt + interval - Date.now();
    this.#keepAliveTimer = setTimeout(() => this.#keepAlive(interval), Math.max(0, due));
  }

  /** An empty SEND when nothing was written for `interval` (seed keep-alive; RFC 4975 §7.1.1 allows empty SENDs). */
  #keepAlive(interval: number): void {
    this.#keepAliveTimer = undefined;
    if (this.#state !== SessionState.Active) return;
    if (Date.now() - this.#queue.lastWriteAt >= interval && this.#queue.idle && this.transport.remoteUri !== undefined) {
      const chunk = this.transport.makeChunk({});
      this.#queue.enqueueChunk(chunk, (result) => {
        const code = result.response.code ?? 0;
        if (code !== 200 && this.#state === SessionState.Active) {
          this.#logger.info('keep-alive failed, closing', { code });
          const error =
            code === 408 ? new MsrpTimeoutError('keep-alive got no response') : new MsrpError('msrp-connection-lost', `keep-alive answered ${code}`, { status: code });
          this.transport.dispose();
          this.#finish(error);
        }
      });
      // Count the keep-alive itself as the last write, so the next one comes a full interval later.
      this.#queue.lastWriteAt = Date.now();
    }
    this.#scheduleKeepAlive();
  }

  #clearKeepAlive(): void {
    if (this.#keepAliveTimer !== undefined) clearTimeout(this.#keepAliveTimer);
    this.#keepAliveTimer = undefined;
  }

  #finish(error: MsrpError | undefined): void {
    if (this.#state === SessionState.Closed) return;
    this.#setState(SessionState.Closed);
    this.#clearKeepAlive();
    const lost = error ?? new MsrpConnectionError('msrp-connection-lost', 'session closed');
    this.#queue.close(lost);
    this.#reassembler.abortAll(lost.message).catch(() => undefined);
    this.emit('closed', error === undefined ? {} : { error });
    this.#resolveClosed();
  }
}
