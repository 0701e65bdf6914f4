import type { ByteRange } from '../protocol/headers/byte-range';
import type { ContinuationFlag, MsrpChunk } from '../protocol/msrp-chunk';
import type { AcceptTypes } from './accept-types';
import { RecentIds } from '../transport/recent-ids';
import { RangeSet } from './range-set';

/**
 * Reassembly of incoming messages from SEND chunks (RFC 4975 §5.1, §7.3.1): chunks are grouped by
 * Message-ID and placed by Byte-Range, in any order and overlapping; a total of `*` is learnt from the chunk
 * that ends with `$`; a chunk ending with `#` aborts its message (§7.1.1). Small messages are handed out
 * whole; larger ones (or ones of unknown size that grow past the threshold) are streamed with offsets so
 * that memory stays bounded. Pure logic: the session feeds it chunk pieces and writes what it decides.
 */

/** What is known of an incoming message when it starts (or when streaming starts). */
export interface IncomingMessageInfo {
  readonly messageId: string;
  /** The first Content-Type seen (RFC 4975 §7.1.1: every chunk with a body carries one). */
  readonly contentType: string | undefined;
  /** Total size in bytes, when the sender knew it. */
  readonly total: number | undefined;
  /** Head of the first chunk that arrived (Content-Disposition, CPIM wrappers …). */
  readonly head: MsrpChunk;
}

export interface ReceivedMessage extends IncomingMessageInfo {
  readonly body: Buffer;
}

export interface IncomingStreamEnd {
  readonly size: number;
  /**
   * Set when the message did not complete: code 0 for `#` from the sender or the session closing, else the
   * status it was refused with (413, 415).
   */
  readonly aborted?: { readonly code: number; readonly reason: string };
}

export interface ReassemblerHandlers {
  onMessage(message: ReceivedMessage): void;
  onStreamStart(info: IncomingMessageInfo): void | Promise<void>;
  /** `offset` is 0-based within the message. The returned promise (if any) is awaited: backpressure. */
  onStreamData(info: IncomingMessageInfo, offset: number, data: Buffer): void | Promise<void>;
  onStreamEnd(info: IncomingMessageInfo, end: IncomingStreamEnd): void | Promise<void>;
  /** A buffered (not streamed) message that will never complete (code 0: aborted, else the refusal status). */
  onAborted(info: IncomingMessageInfo, code: number, reason: string): void;
  /** Bytes received so far of a message (after each chunk). */
  onProgress(info: IncomingMessageInfo, received: number): void;
  /**
   * An incomplete message was dropped (413) to make room: `maxIncompleteMessages` were open. Comes after
   * its `onAborted` / aborted `onStreamEnd`; the session reports it to the sender (RFC 4975 §7.1.2).
   */
  onDropped?(info: IncomingMessageInfo, received: number): void;
}

export interface ReassemblerOptions {
  readonly acceptTypes: AcceptTypes;
  /** Largest message accepted; larger ones are refused with 413 (RFC 4975 §7.3.1). */
  readonly maxMessageSize: number;
  /** Messages larger than this are streamed instead of buffered. */
  readonly streamingThreshold: number;
  /** Incomplete messages kept at once; the oldest is dropped with 413 beyond. Default unbounded. */
  readonly maxIncompleteMessages?: number;
}

/** One chunk being received: `status` is what its transaction gets (RFC 4975 §7.2). */
export interface ChunkContext {
  readonly head: MsrpChunk;
  status: number;
  reason: string | undefined;
  /** 0-based offset of the next body byte. */
  position: number;
  readonly startOffset: number;
  readonly message: MessageState | undefined;
  /** An empty SEND: binding or keep-alive (RFC 4975 §5.4, §7.1). */
  readonly keepAlive: boolean;
}

export interface ChunkOutcome {
  readonly status: number;
  readonly reason: string | undefined;
  /** Bytes of this chunk's body received, for the REPORT's Byte-Range (RFC 4975 §7.1.2). */
  readonly size: number;
  readonly complete: boolean;
  readonly keepAlive: boolean;
}

interface MessageState {
  readonly info: { messageId: string; contentType: string | undefined; total: number | undefined; head: MsrpChunk };
  readonly received: RangeSet;
  mode: 'buffer' | 'stream';
  pieces: { offset: number; data: Buffer }[];
  refused: { code: number; reason: string } | undefined;
}

const FINISHED_MEMORY = 256;

export class MessageReassembler {
  readonly #options: ReassemblerOptions;
  readonly #handlers: ReassemblerHandlers;
  /** Messages begun and not complete, oldest first. */
  readonly #active = new Map<string, MessageState>();
  /** Refused messages (415, 413), so that their later chunks get the same answer; bounded, oldest first. */
  readonly #refused = new Map<string, MessageState>();
  /** Recently finished Message-IDs: late or duplicate chunks are answered 200 and dropped. */
  readonly #finished = new RecentIds(FINISHED_MEMORY);
  #anonymous = 0;

  constructor(options: ReassemblerOptions, handlers: ReassemblerHandlers) {
    this.#options = options;
    this.#handlers = handlers;
  }

  get activeMessages(): number {
    return this.#active.size;
  }

  /** A SEND chunk's head arrived; a promise only when a handler has to be awaited (streaming, refusal). */
  chunkStart(head: MsrpChunk): ChunkContext | Promise<ChunkContext> {
    let range: ByteRange;
    let messageId: string | undefined;
    try {
      range = head.byteRange ?? { start: 1, end: '*', total: '*' };
      messageId = head.messageId;
    } catch (error) {
      return this.#refusedContext(head, 400, error instanceof Error ? error.message : 'bad header');
    }
    const startOffset = range.start - 1;
    const existing = messageId === undefined ? undefined : (this.#active.get(messageId) ?? this.#refused.get(messageId));
    // RFC 4975 §5.4/§7.1: an empty SEND (no body, nothing started under its id) binds or keeps alive.
    if (existing === undefined && !head.hasContent && (range.total === 0 || range.total === '*')) {
      return { head, status: 200, reason: undefined, position: startOffset, startOffset, message: undefined, keepAlive: true };
    }
    if (messageId !== undefined && this.#finished.has(messageId)) {
      return { head, status: 200, reason: undefined, position: startOffset, startOffset, message: undefined, keepAlive: true };
    }
    // RFC 4975 §7.1.1 requires a Message-ID; a peer that forgets one still gets its one-chunk message read.
    messageId ??= `anonymous-${++this.#anonymous}`;
    if (existing !== undefined) {
      existing.info.contentType ??= head.contentType;
      if (existing.info.total === undefined && range.total !== '*') existing.info.total = range.total;
      return this.#context(head, existing, startOffset, range);
    }
    const total = range.total === '*' ? undefined : range.total;
    const dropping = this.#dropOldest();
    if (dropping !== undefined) return dropping.then(() => this.chunkStart(head));
    const message: MessageState = {
      info: { messageId, contentType: head.contentType, total, head },
      received: new RangeSet(),
      mode: total !== undefined && total > this.#options.streamingThreshold ? 'stream' : 'buffer',
      pieces: [],
      refused: undefined,
    };
    this.#active.set(messageId, message);
    const contentType = head.contentType;
    // RFC 4975 §7.3.1: a media type the endpoint did not accept is answered 415.
    const refusal =
      contentType !== undefined && !this.#options.acceptTypes.accepts(contentType) ? { code: 415, reason: `Content-Type ${contentType} not accepted` }
      // RFC 4975 §7.3.1: 413 tells the sender to stop sending this message.
      : total !== undefined && total > this.#options.maxMessageSize ? { code: 413, reason: `message of ${total} bytes exceeds ${this.#options.maxMessageSize}` }
      : undefined;
    if (refusal !== undefined) {
      message.mode = 'buffer';
      return this.#refuse(message, refusal.code, refusal.reason).then(() => this.#context(head, message, startOffset, range));
    }
    if (message.mode === 'stream') {
      const started = this.#handlers.onStreamStart(message.info);
      if (started instanceof Promise) return started.then(() => this.#context(head, message, startOffset, range));
    }
    return this.#context(head, message, startOffset, range);
  }

  #context(head: MsrpChunk, message: MessageState, startOffset: number, range: ByteRange): ChunkContext | Promise<ChunkContext> {
    const context: ChunkContext = { head, status: 200, reason: undefined, position: startOffset, startOffset, message, keepAlive: false };
    if (message.refused !== undefined) {
      context.status = message.refused.code;
      context.reason = message.refused.reason;
    } else if (startOffset >= this.#options.maxMessageSize) {
      const reason = `byte ${range.start} is beyond ${this.#options.maxMessageSize}`;
      context.status = 413;
      context.reason = reason;
      return this.#refuse(message, 413, reason).then(() => context);
    }
    return context;
  }

  /** Body bytes of the chunk; the promise (streaming consumers) must be awaited before the next piece. */
  chunkData(context: ChunkContext, data: Buffer): void | Promise<void> {
    const offset = context.position;
    context.position += data.length;
    const message = context.message;
    if (message === undefined || context.status !== 200 || message.refused !== undefined) return;
    if (context.position > this.#options.maxMessageSize) {
      context.status = 413;
      context.reason = `message exceeds ${this.#options.maxMessageSize} bytes`;
      return this.#refuse(message, 413, context.reason);
    }
    message.received.add(offset, context.position);
    if (message.mode === 'stream') return this.#handlers.onStreamData(message.info, offset, data);
    message.pieces.push({ offset, data });
    if (message.received.maxEnd > this.#options.streamingThreshold) return this.#switchToStreaming(message);
    return undefined;
  }

  /** The chunk's end-line arrived with `flag` (RFC 4975 §9); a promise only when a handler is awaited. */
  chunkEnd(context: ChunkContext, flag: ContinuationFlag): ChunkOutcome | Promise<ChunkOutcome> {
    const size = context.position - context.startOffset;
    const message = context.message;
    if (message === undefined || context.status !== 200) return outcome(context, size, false);
    if (flag === '#') {
      // RFC 4975 §7.1.1: the sender aborted the message; what arrived of it is discarded.
      return this.#refuse(message, 0, 'aborted by the sender').then(() => outcome(context, size, false));
    }
    // RFC 4975 §7.1.1: the chunk ending with `$` carries the message's last byte, so it fixes a `*` total.
    if (flag === '$' && message.info.total === undefined) message.info.total = context.position;
    const total = message.info.total;
    if (total === undefined || !message.received.covers(0, total)) {
      this.#handlers.onProgress(message.info, message.received.size);
      return outcome(context, size, false);
    }
    this.#finish(message.info.messageId);
    this.#handlers.onProgress(message.info, total);
    if (message.mode === 'stream') {
      const ended = this.#handlers.onStreamEnd(message.info, { size: total });
      if (ended instanceof Promise) return ended.then(() => outcome(context, size, true));
    } else {
      this.#handlers.onMessage({ ...message.info, body: assemble(message.pieces, total) });
    }
    return outcome(context, size, true);
  }

  /** The session is closing: every unfinished message ends aborted. */
  async abortAll(reason: string): Promise<void> {
    for (const message of [...this.#active.values()]) await this.#refuse(message, 0, reason);
  }

  #refusedContext(head: MsrpChunk, status: number, reason: string): ChunkContext {
    return { head, status, reason, position: 0, startOffset: 0, message: undefined, keepAlive: false };
  }

  /**
   * Makes room for one more incomplete message (DESIGN "limits as options"): the oldest is refused with 413
   * (RFC 4975 §7.3.1: the sender is to stop sending it). Undefined when there was room.
   */
  #dropOldest(): Promise<void> | undefined {
    const limit = this.#options.maxIncompleteMessages;
    if (limit === undefined || this.#active.size < Math.max(1, limit)) return undefined;
    const oldest = this.#active.values().next().value as MessageState;
    return this.#refuse(oldest, 413, `more than ${limit} incomplete messages`).then(() => this.#handlers.onDropped?.(oldest.info, oldest.received.size));
  }

  async #refuse(message: MessageState, code: number, reason: string): Promise<void> {
    if (message.refused !== undefined && code !== 0) return;
    const wasStreaming = message.mode === 'stream';
    message.refused = { code, reason };
    message.pieces = [];
    // A refused message keeps its state (later chunks get the same answer); an aborted one is forgotten.
    if (code === 0) {
      this.#finish(message.info.messageId);
    } else {
      this.#active.delete(message.info.messageId);
      this.#refused.set(message.info.messageId, message);
      if (this.#refused.size > FINISHED_MEMORY) this.#refused.delete(this.#refused.keys().next().value as string);
    }
    if (wasStreaming) await this.#handlers.onStreamEnd(message.info, { size: message.received.size, aborted: { code, reason } });
    else this.#handlers.onAborted(message.info, code, reason);
  }

  async #switchToStreaming(message: MessageState): Promise<void> {
    message.mode = 'stream';
    const pieces = message.pieces;
    message.pieces = [];
    await this.#handlers.onStreamStart(message.info);
    for (const piece of pieces) await this.#handlers.onStreamData(message.info, piece.offset, piece.data);
  }

  #finish(messageId: string): void {
    this.#active.delete(messageId);
    this.#refused.delete(messageId);
    this.#finished.add(messageId);
  }
}

function outcome(context: ChunkContext, size: number, complete: boolean): ChunkOutcome {
  return { status: context.status, reason: context.reason, size, complete, keepAlive: context.keepAlive };
}

function assemble(pieces: readonly { offset: number; data: Buffer }[], total: number): Buffer {
  if (pieces.length === 1 && pieces[0]?.offset === 0 && pieces[0].data.length === total) return pieces[0].data;
  const body = Buffer.allocUnsafe(total);
  for (const piece of pieces) piece.data.copy(body, piece.offset, 0, Math.max(0, Math.min(piece.data.length, total - piece.offset)));
  return body;
}
