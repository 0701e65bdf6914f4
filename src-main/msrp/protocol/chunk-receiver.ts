import { MsrpLimitError, MsrpMissingHeaderError, MsrpParseError, type MsrpParseErrorOptions } from '../errors';
import { EMPTY_BODY, MsrpChunk, type ContinuationFlag } from './msrp-chunk';
import { MsrpHeaders } from './msrp-headers';
import { CR, isFlag, LF, toFlag } from './end-line';
import { EndLineScanner } from './end-line-scanner';
import {
  DEFAULT_MAX_HEAD_BYTES,
  DEFAULT_MAX_HEADER_COUNT,
  DEFAULT_MAX_WHOLE_BODY_BYTES,
  type ChunkReceiverHandlers,
  type ChunkReceiverOptions,
} from './chunk-receiver-options';
import { parseStartLine } from './start-line';

export { DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_HEADER_COUNT, DEFAULT_MAX_WHOLE_BODY_BYTES };
export type { ChunkReceiverHandlers, ChunkReceiverOptions };

export enum ReceiverState {
  StartLine = 'start-line',
  Headers = 'headers',
  Body = 'body',
  Failed = 'failed',
}

// RFC 4975 §9: end-line = "-------" transact-id continuation-flag CRLF
const DASH = 0x2d;

function startsWithDashes(buffer: Buffer, start: number, end: number): boolean {
  if (end - start < 7) return false;
  for (let i = start; i < start + 7; i++) if (buffer[i] !== DASH) return false;
  return true;
}
const HEADER_NAME_RE = /^[A-Za-z][A-Za-z0-9\-.!%*_+`'~]*$/;

/**
 * The streaming MSRP chunk parser (RFC 4975 §5.1, §9), modelled on ws's receiver: a state machine over
 * Buffers that accepts any split of the input. Header lines are cut on LF with `indexOf`; a body goes
 * through an `EndLineScanner` (end-line-scanner.ts), which finds its end-line on bytes and hands the body
 * out as views. Memory held is bounded by the limits; a fatal error stops all processing.
 */
export class ChunkReceiver {
  readonly #handlers: ChunkReceiverHandlers;
  readonly #whole: boolean;
  readonly #maxHeadBytes: number;
  readonly #maxHeaderCount: number;
  readonly #maxBodyBytes: number;

  #state: ReceiverState = ReceiverState.StartLine;
  // Head being read.
  #lineParts: Buffer[] = [];
  #lineLength = 0;
  #headBytes = 0;
  #tid = '';
  #method: string | undefined;
  #code: number | undefined;
  #comment: string | undefined;
  #names: string[] = [];
  #keys: string[] = [];
  #values: string[] = [];
  // Body being read.
  #head: MsrpChunk | undefined;
  readonly #scanner: EndLineScanner;
  #bodyBytes = 0;
  #bodyLimit = 0;
  #accumulate = false;
  #parts: Buffer[] = [];
  /** Skipping a rejected chunk up to its end-line. */
  #discard = false;
  #error: MsrpParseError | undefined;
  #disposed = false;

  constructor(handlers: ChunkReceiverHandlers, options: ChunkReceiverOptions = {}) {
    this.#handlers = handlers;
    this.#whole = options.mode === 'whole';
    this.#maxHeadBytes = options.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES;
    this.#maxHeaderCount = options.maxHeaderCount ?? DEFAULT_MAX_HEADER_COUNT;
    this.#maxBodyBytes = options.maxBodyBytes ?? (this.#whole ? DEFAULT_MAX_WHOLE_BODY_BYTES : Number.POSITIVE_INFINITY);
    const receiver = this;
    this.#scanner = new EndLineScanner({
      data: (buffer, start, end) => this.#emit(buffer, start, end),
      end: (flag) => this.#endBody(flag),
      get active() {
        return receiver.#state === ReceiverState.Body;
      },
    });
  }

  get state(): ReceiverState {
    return this.#disposed ? ReceiverState.Failed : this.#state;
  }

  /** The fatal error that stopped this receiver, if any. */
  get error(): MsrpParseError | undefined {
    return this.#error;
  }

  /** True between chunks: nothing partial is buffered (a clean place for the connection to close). */
  get idle(): boolean {
    return this.#state === ReceiverState.StartLine && this.#lineLength === 0;
  }

  /**
   * Bytes this receiver retains that its caller no longer needs to (partial lines, held-back tail,
   * accumulated body parts). Bounded by maxHeadBytes + end-line + (whole mode) maxBodyBytes.
   */
  get bufferedBytes(): number {
    let parts = 0;
    for (const part of this.#parts) parts += part.length;
    return this.#lineLength + this.#scanner.heldBytes + parts;
  }

  /** Consumes `data`, any split of the stream. Returns false once the receiver has failed or is disposed. */
  push(data: Uint8Array): boolean {
    const buffer = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let pos = 0;
    while (pos < buffer.length && !this.#disposed) {
      switch (this.#state) {
        case ReceiverState.StartLine:
        case ReceiverState.Headers:
          pos = this.#readLine(buffer, pos);
          break;
        case ReceiverState.Body:
          pos = this.#scanner.scan(buffer, pos);
          break;
        case ReceiverState.Failed:
          return false;
      }
    }
    return !this.#disposed;
  }

  /** Stops processing and drops buffered data; later pushes are ignored. */
  dispose(): void {
    this.#disposed = true;
    this.#state = ReceiverState.Failed;
    this.#lineParts = [];
    this.#lineLength = 0;
    this.#scanner.reset();
    this.#parts = [];
    this.#head = undefined;
  }

  // ---- head -------------------------------------------------------------------------------------------

  #readLine(buffer: Buffer, pos: number): number {
    const lf = buffer.indexOf(LF, pos);
    const end = lf < 0 ? buffer.length : lf + 1;
    const length = end - pos;
    if (this.#headBytes + this.#lineLength + length > this.#maxHeadBytes) {
      this.#headLimitExceeded(lf >= 0);
      return end;
    }
    if (lf < 0) {
      // Copied: the caller may reuse its buffer, and the line is small (bounded by maxHeadBytes).
      this.#lineParts.push(Buffer.from(buffer.subarray(pos)));
      this.#lineLength += length;
      return end;
    }
    if (this.#lineLength === 0) {
      this.#onLine(buffer, pos, end);
    } else {
      this.#lineParts.push(buffer.subarray(pos, end));
      const line = Buffer.concat(this.#lineParts, this.#lineLength + length);
      this.#lineParts = [];
      this.#lineLength = 0;
      this.#onLine(line, 0, line.length);
    }
    return end;
  }

  /** The head outgrew its limit; the current line is dropped up to its LF, or to the end of the buffer. */
  #headLimitExceeded(lineEnded: boolean): void {
    const limit = new MsrpLimitError('head-bytes', this.#maxHeadBytes, this.#context(this.#state === ReceiverState.StartLine));
    this.#lineParts = [];
    this.#lineLength = 0;
    // Mid-line there is no stand-in CRLF: the end-line can only follow this line's own CRLF.
    this.#reject(limit, lineEnded);
  }

  /** One line `buffer[start, end)` ending in LF. */
  #onLine(buffer: Buffer, start: number, end: number): void {
    const length = end - start;
    // RFC 4975 §9: every line ends in CRLF.
    if (length < 2 || buffer[end - 2] !== CR) {
      if (this.#state === ReceiverState.StartLine) return this.#fail('start line not terminated by CRLF');
      return this.#reject(new MsrpParseError('header line not terminated by CRLF', this.#context(false)), true);
    }
    this.#headBytes += length;
    if (this.#state === ReceiverState.StartLine) {
      // Stray CRLFs between chunks are tolerated (keep-alive habits of some peers).
      if (length === 2) {
        this.#headBytes = 0;
        return;
      }
      return this.#onStartLine(buffer.toString('utf8', start, end - 2));
    }
    if (length === 2) return this.#onHeadEnd(true, undefined);
    // A line starting with "-------" is the end-line of a chunk without content (RFC 4975 §9).
    if (buffer[start] === DASH && startsWithDashes(buffer, start, end)) {
      const tidEnd = end - 3;
      if (this.#scanner.isEndLineStart(buffer, start, tidEnd) && isFlag(buffer[tidEnd])) {
        return this.#onHeadEnd(false, toFlag(buffer[tidEnd] as number));
      }
      // An end-line for some other transaction: framing is lost.
      return this.#fail(`unexpected end-line in the headers of ${this.#tid}`);
    }
    if (this.#names.length >= this.#maxHeaderCount) {
      return this.#reject(new MsrpLimitError('header-count', this.#maxHeaderCount, this.#context(false)), true);
    }
    const line = buffer.toString('utf8', start, end - 2);
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon);
    if (!HEADER_NAME_RE.test(name) || line.includes('\r')) {
      return this.#reject(new MsrpParseError(`malformed header line in ${this.#tid}`, this.#context(false)), true);
    }
    // RFC 4975 §9: hname ":" SP hval. A missing space is tolerated; further spaces belong to the value,
    // which is kept verbatim (typed codecs trim).
    this.#names.push(name);
    this.#keys.push(name.toLowerCase());
    this.#values.push(line.slice(line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1));
  }

  #onStartLine(line: string): void {
    const start = parseStartLine(line);
    if (start.kind === 'unreadable') return this.#fail(start.reason);
    this.#tid = start.transactionId;
    this.#scanner.expect(start.transactionId);
    this.#state = ReceiverState.Headers;
    if (start.kind === 'request') {
      this.#method = start.method;
    } else if (start.kind === 'response') {
      this.#code = start.code;
      this.#comment = start.comment;
    } else {
      // A readable transaction with a bad method or status: answer 400 and skip it (RFC 4975 §7.3.1).
      const context = { transactionId: start.transactionId, ...(start.method !== undefined ? { method: start.method } : {}) };
      this.#reject(new MsrpParseError(`malformed start line of ${start.transactionId}`, context), true);
    }
  }

  #onHeadEnd(hasContent: boolean, flag: ContinuationFlag | undefined): void {
    const missing = !this.#keys.includes('to-path')
      ? 'To-Path'
      : !this.#keys.includes('from-path')
        ? 'From-Path'
        : undefined;
    if (missing !== undefined) {
      // RFC 4975 §7.1: every chunk carries To-Path and From-Path.
      const error = new MsrpMissingHeaderError(missing, this.#context(false));
      if (flag !== undefined) {
        this.#resetHead();
        this.#handlers.onError?.(error);
        return;
      }
      return this.#reject(error, true);
    }
    const head = MsrpChunk.fromParts(this.#tid, this.#method, this.#code, this.#comment, MsrpHeaders.parsed(this.#names, this.#keys, this.#values));
    this.#resetHead();
    const accumulate = this.#whole || head.code !== undefined;
    if (flag !== undefined) {
      head.continuation = flag;
      if (accumulate) {
        this.#handlers.onChunk?.(head);
      } else {
        this.#handlers.onChunkStart?.(head);
        this.#handlers.onChunkEnd?.(head, flag);
      }
      return;
    }
    this.#head = head;
    this.#accumulate = accumulate;
    // RFC 4975 §7.2: responses carry no body; one that does is held to the head limit.
    this.#bodyLimit = head.code !== undefined ? Math.min(this.#maxBodyBytes, this.#maxHeadBytes) : this.#maxBodyBytes;
    this.#startBody(false);
    if (!accumulate) this.#handlers.onChunkStart?.(head);
  }

  /** Enters the body scan at a line start (see `EndLineScanner.start`). */
  #startBody(discard: boolean): void {
    this.#state = ReceiverState.Body;
    this.#discard = discard;
    this.#bodyBytes = 0;
    this.#scanner.start(true);
  }

  #resetHead(): void {
    this.#headBytes = 0;
    this.#names = [];
    this.#keys = [];
    this.#values = [];
    this.#method = undefined;
    this.#code = undefined;
    this.#comment = undefined;
    this.#state = ReceiverState.StartLine;
  }

  #context(startLine: boolean): MsrpParseErrorOptions {
    if (startLine) return { fatal: true };
    return { transactionId: this.#tid, ...(this.#method !== undefined ? { method: this.#method } : {}) };
  }

  /** Rejects the current chunk (tid known): report, then skip to its end-line. */
  #reject(error: MsrpParseError, atLineStart: boolean): void {
    if (error.fatal) return this.#fail(error);
    this.#resetHead();
    this.#head = undefined;
    this.#parts = [];
    this.#state = ReceiverState.Body;
    this.#discard = true;
    this.#bodyBytes = 0;
    this.#scanner.start(atLineStart);
    this.#handlers.onError?.(error);
  }

  #fail(reason: string | MsrpParseError): void {
    const error = typeof reason === 'string' ? new MsrpParseError(reason, { fatal: true }) : reason;
    this.dispose();
    this.#error = error;
    this.#handlers.onError?.(error);
  }

  // ---- body -------------------------------------------------------------------------------------------

  /** Delivers body bytes `buffer[start, end)`, enforcing the body limit. */
  #emit(buffer: Buffer, start: number, end: number): void {
    if (end <= start || this.#discard) return;
    this.#bodyBytes += end - start;
    const head = this.#head as MsrpChunk;
    if (this.#bodyBytes > this.#bodyLimit) {
      this.#parts = [];
      this.#head = undefined;
      this.#discard = true;
      const limit = new MsrpLimitError('body-bytes', this.#bodyLimit, {
        transactionId: head.transactionId,
        ...(head.method !== undefined ? { method: head.method } : {}),
      });
      this.#handlers.onError?.(limit);
      return;
    }
    const view = buffer.subarray(start, end);
    if (this.#accumulate) this.#parts.push(view);
    else this.#handlers.onChunkData?.(head, view);
  }

  #endBody(flag: ContinuationFlag): void {
    const head = this.#head;
    const discarded = this.#discard;
    const parts = this.#parts;
    this.#head = undefined;
    this.#parts = [];
    this.#discard = false;
    this.#state = ReceiverState.StartLine;
    if (discarded || head === undefined) return;
    head.continuation = flag;
    if (this.#accumulate) {
      head.body = parts.length === 0 ? EMPTY_BODY : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, this.#bodyBytes);
      this.#handlers.onChunk?.(head);
    } else {
      this.#handlers.onChunkEnd?.(head, flag);
    }
  }
}
