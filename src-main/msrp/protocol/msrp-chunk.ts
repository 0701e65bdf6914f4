import { MsrpInvariantError } from '../errors';
import { ByteRangeHeader, type ByteRange } from './headers/byte-range';
import { ContentTypeHeader, type MediaType } from './headers/content-type';
import { ExpiresHeader } from './headers/expires';
import { KNOWN_HEADERS } from './headers/known-headers';
import { FromPathHeader, ToPathHeader, type MsrpPath } from './headers/path-headers';
import {
  DEFAULT_FAILURE_REPORT,
  DEFAULT_SUCCESS_REPORT,
  FailureReportHeader,
  SuccessReportHeader,
  type FailureReport,
  type SuccessReport,
} from './headers/report-headers';
import { StatusHeader, type MsrpStatusValue } from './headers/status';
import { MessageIdHeader } from './headers/text-headers';
import { MsrpHeaders } from './msrp-headers';
import { chooseTransactionId, TRANSACTION_ID_RE } from './transaction-id';

/** RFC 4975 §9: continuation-flag: `$` last chunk, `+` more follow, `#` message aborted. */
export type ContinuationFlag = '$' | '+' | '#';

export const EMPTY_BODY: Buffer = Buffer.alloc(0);

// RFC 4975 §9: other-method = 1*UPALPHA; "_" admitted for Blink's FILE_OFFSET.
const METHOD_RE = /^[A-Z_]{1,32}$/;

export interface MsrpChunkInit {
  /** Random and safe for `body` when omitted (RFC 4975 §7.1). */
  readonly transactionId?: string;
  /** A request: `SEND`, `REPORT`, `AUTH`, … Exactly one of `method` and `code`. */
  readonly method?: string;
  /** A response: the three-digit status code (RFC 4975 §7.2). */
  readonly code?: number;
  readonly comment?: string;
  readonly headers?: MsrpHeaders | Iterable<readonly [string, string]>;
  /** Bytes, or text encoded as UTF-8. Never decoded back to text by this library. */
  readonly body?: Uint8Array | string;
  readonly continuation?: ContinuationFlag;
}

/**
 * One MSRP request or response chunk (RFC 4975 §5.1, §7). Seed name: msrplib `MSRPData`.
 * The start line is fixed; headers, body and continuation flag may change before encoding.
 */
export class MsrpChunk {
  transactionId: string;
  readonly method: string | undefined;
  readonly code: number | undefined;
  readonly comment: string | undefined;
  readonly headers: MsrpHeaders;
  /** The body (RFC 4975 §9 `data`): binary; empty for responses and for a streamed chunk's head. */
  body: Buffer;
  continuation: ContinuationFlag;

  constructor(init: MsrpChunkInit) {
    if ((init.method === undefined) === (init.code === undefined)) {
      throw new MsrpInvariantError('an MSRP chunk is either a request (method) or a response (code)');
    }
    if (init.method !== undefined && !METHOD_RE.test(init.method)) throw new MsrpInvariantError(`bad method ${init.method}`);
    if (init.code !== undefined && !(Number.isInteger(init.code) && init.code >= 0 && init.code <= 999)) {
      throw new MsrpInvariantError(`bad status code ${init.code}`);
    }
    if (init.comment !== undefined && (init.code === undefined || /[\r\n]/.test(init.comment))) {
      throw new MsrpInvariantError('a comment belongs on a response line, without CR/LF');
    }
    const body = init.body;
    this.body =
      body === undefined ? EMPTY_BODY
      : typeof body === 'string' ? Buffer.from(body, 'utf8')
      : Buffer.isBuffer(body) ? body
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const transactionId = init.transactionId ?? chooseTransactionId(this.body);
    if (!TRANSACTION_ID_RE.test(transactionId)) throw new MsrpInvariantError(`bad transaction id ${transactionId}`);
    this.transactionId = transactionId;
    this.method = init.method;
    this.code = init.code;
    this.comment = init.comment;
    this.headers = init.headers instanceof MsrpHeaders ? init.headers : new MsrpHeaders(init.headers);
    this.continuation = init.continuation ?? '$';
  }

  /** Builds a chunk from already-validated parts without copying (the receiver's hot path). */
  static fromParts(
    transactionId: string,
    method: string | undefined,
    code: number | undefined,
    comment: string | undefined,
    headers: MsrpHeaders,
  ): MsrpChunk {
    const chunk: MsrpChunk = Object.create(MsrpChunk.prototype) as MsrpChunk;
    // Same property order as the class fields, so both construction paths share one object shape.
    chunk.transactionId = transactionId;
    (chunk as { method: string | undefined }).method = method;
    (chunk as { code: number | undefined }).code = code;
    (chunk as { comment: string | undefined }).comment = comment;
    (chunk as { headers: MsrpHeaders }).headers = headers;
    chunk.body = EMPTY_BODY;
    chunk.continuation = '$';
    return chunk;
  }

  get isRequest(): boolean {
    return this.method !== undefined;
  }

  get isResponse(): boolean {
    return this.code !== undefined;
  }

  get toPath(): MsrpPath | undefined {
    return this.headers.getDecoded(ToPathHeader);
  }

  get fromPath(): MsrpPath | undefined {
    return this.headers.getDecoded(FromPathHeader);
  }

  get messageId(): string | undefined {
    return this.headers.getDecoded(MessageIdHeader);
  }

  get byteRange(): ByteRange | undefined {
    return this.headers.getDecoded(ByteRangeHeader);
  }

  get status(): MsrpStatusValue | undefined {
    return this.headers.getDecoded(StatusHeader);
  }

  /** With the RFC 4975 §7.1.2 default `no` when absent. */
  get successReport(): SuccessReport {
    return this.headers.getDecoded(SuccessReportHeader) ?? DEFAULT_SUCCESS_REPORT;
  }

  /** With the RFC 4975 §7.1.2 default `yes` when absent. */
  get failureReport(): FailureReport {
    return this.headers.getDecoded(FailureReportHeader) ?? DEFAULT_FAILURE_REPORT;
  }

  /** The Content-Type text as sent (e.g. `text/plain;charset=UTF-8`). */
  get contentType(): string | undefined {
    return this.headers.get('Content-Type');
  }

  /** The Content-Type, parsed. */
  get mediaType(): MediaType | undefined {
    return this.headers.getDecoded(ContentTypeHeader);
  }

  get expires(): number | undefined {
    return this.headers.getDecoded(ExpiresHeader);
  }

  get size(): number {
    return this.body.length;
  }

  /**
   * True when the chunk carries `content-stuff` (RFC 4975 §9): a Content-Type or a body. Then the head ends
   * with a blank line and the data is followed by CRLF before the end-line.
   */
  get hasContent(): boolean {
    return this.body.length > 0 || this.headers.has('Content-Type');
  }

  /** The start line without CRLF, e.g. `MSRP a786hjs2 SEND`. */
  get firstLine(): string {
    if (this.method !== undefined) return `MSRP ${this.transactionId} ${this.method}`;
    const code = String(this.code).padStart(3, '0');
    return `MSRP ${this.transactionId} ${code}${this.comment === undefined ? '' : ` ${this.comment}`}`;
  }

  /** Decodes every known header, throwing the first `MsrpHeaderError` (msrplib `verify_headers`). */
  validate(): void {
    for (const [name] of this.headers) {
      const codec = KNOWN_HEADERS.get(name.toLowerCase());
      if (codec !== undefined) this.headers.getDecoded(codec);
    }
  }

  /** A copy sharing the body bytes (bodies are treated as immutable) but not the header list. */
  copy(): MsrpChunk {
    const chunk = MsrpChunk.fromParts(this.transactionId, this.method, this.code, this.comment, this.headers.copy());
    chunk.body = this.body;
    chunk.continuation = this.continuation;
    return chunk;
  }

  /**
   * Start line, headers and — when the chunk has content — the blank line (RFC 4975 §9). Headers go in the
   * order RFC 4975 §9 requires: To-Path, From-Path, the others as given, Content-* with Content-Type last.
   */
  encodeStart(): Buffer {
    return Buffer.from(this.encodeStartText(), 'utf8');
  }

  /** `encodeStart()` as text (UTF-8 on the wire), for writers that encode straight into their own buffer. */
  encodeStartText(): string {
    const head = `${this.firstLine}\r\n${this.headers.encodeLines()}`;
    return this.hasContent ? `${head}\r\n` : head;
  }

  /**
   * The end-line (RFC 4975 §9 `end-line`), preceded by the CRLF that closes `data` when the chunk has
   * content. `flag` overrides the chunk's own (e.g. `+` when interrupting, `#` when aborting).
   */
  encodeEnd(flag: ContinuationFlag = this.continuation): Buffer {
    return Buffer.from(this.encodeEndText(flag), 'latin1');
  }

  /** `encodeEnd()` as text (ASCII). */
  encodeEndText(flag: ContinuationFlag = this.continuation): string {
    return `${this.hasContent ? '\r\n' : ''}-------${this.transactionId}${flag}\r\n`;
  }

  /** The whole chunk on the wire. */
  encode(): Buffer {
    return Buffer.concat([this.encodeStart(), this.body, this.encodeEnd()]);
  }

  toString(): string {
    return this.firstLine;
  }
}
