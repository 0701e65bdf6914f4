import { MsrpInvariantError } from '../errors';
import { ByteRangeHeader, type ByteRange } from '../protocol/headers/byte-range';
import { FromPathHeader, ToPathHeader } from '../protocol/headers/path-headers';
import { FailureReportHeader, SuccessReportHeader, type FailureReport, type SuccessReport } from '../protocol/headers/report-headers';
import { MessageIdHeader } from '../protocol/headers/text-headers';
import { EMPTY_BODY, MsrpChunk } from '../protocol/msrp-chunk';
import { MsrpHeaders } from '../protocol/msrp-headers';
import type { MsrpUri } from '../protocol/msrp-uri';
import { chooseTransactionId, generateTransactionId } from '../protocol/transaction-id';

/** The paths of one transport (seed: local_uri, local_path, remote_path, remote_uri). */
export interface ChunkPaths {
  readonly localUri: MsrpUri | undefined;
  readonly localPath: readonly MsrpUri[];
  readonly remotePath: readonly MsrpUri[];
  readonly remoteUri: MsrpUri | undefined;
}

export interface SendChunkInit {
  readonly messageId?: string;
  readonly body?: Uint8Array | string;
  /** 1-based position of the first body byte in the message (RFC 4975 §7.1.1). */
  readonly start?: number;
  /** Last byte position; default the end of `body`. */
  readonly end?: number;
  /** Message size, or `'*'` when unknown; default `end` (the message ends with this chunk). */
  readonly total?: number | '*';
  readonly contentType?: string;
  readonly transactionId?: string;
  /** RFC 4975 §7.1.2; omitted when not given (the receiver assumes `no`). */
  readonly successReport?: SuccessReport;
  /** RFC 4975 §7.1.2; omitted when not given (the receiver assumes `yes`). */
  readonly failureReport?: FailureReport;
  /** Further headers (Content-Disposition …), set after the others. */
  readonly headers?: Iterable<readonly [string, string]>;
  /**
   * A chunk whose body is streamed (`MsrpTransport.beginChunk`): Byte-Range end `*`, the body and
   * continuation decided while writing (RFC 4975 §7.1.1).
   */
  readonly streamed?: boolean;
}

/**
 * The encoded To-Path and From-Path of one transport's requests: the same for every chunk of a session,
 * so they are formatted once (the transport drops them when its paths change).
 */
export interface EncodedPaths {
  readonly toPath: readonly MsrpUri[];
  readonly toPathText: string;
  readonly fromPath: readonly MsrpUri[];
  readonly fromPathText: string;
}

/** RFC 4975 §7.1, RFC 4976 §6.1: From-Path is our URI, To-Path our relays, the peer's relays, the peer. */
export function encodePaths(paths: ChunkPaths): EncodedPaths {
  const { localUri, remoteUri } = paths;
  if (remoteUri === undefined || localUri === undefined) throw new MsrpInvariantError('makeRequest before both paths are known');
  const toPath = Object.freeze([...paths.localPath, ...paths.remotePath, remoteUri]);
  const fromPath = Object.freeze([localUri]);
  return { toPath, toPathText: ToPathHeader.encode(toPath), fromPath, fromPathText: FromPathHeader.encode(fromPath) };
}

function isEncoded(paths: ChunkPaths | EncodedPaths): paths is EncodedPaths {
  return 'toPathText' in paths;
}

/** RFC 4975 §7.1, RFC 4976 §6.1: From-Path is our URI, To-Path our relays, the peer's relays, the peer. */
export function makeRequest(paths: ChunkPaths | EncodedPaths, method: string, transactionId?: string): MsrpChunk {
  return newRequest(paths, method, transactionId ?? generateTransactionId(), transactionId === undefined);
}

function newRequest(paths: ChunkPaths | EncodedPaths, method: string, transactionId: string, generated: boolean): MsrpChunk {
  const encoded = isEncoded(paths) ? paths : encodePaths(paths);
  const headers = new MsrpHeaders()
    .appendTrusted(ToPathHeader, 'To-Path', encoded.toPathText, encoded.toPath)
    .appendTrusted(FromPathHeader, 'From-Path', encoded.fromPathText, encoded.fromPath);
  // A generated id is valid by construction; the constructor checks what a caller passes in.
  if (generated && method === 'SEND') return MsrpChunk.fromParts(transactionId, method, undefined, undefined, headers);
  return new MsrpChunk({ transactionId, method, headers });
}

/** The last Content-Type value found safe to write: a session sends the same one over and over. */
let checkedContentType = '';

function setContentType(headers: MsrpHeaders, value: string): void {
  if (value === checkedContentType) {
    headers.appendTrusted(undefined, 'Content-Type', value);
    return;
  }
  headers.set('Content-Type', value);
  checkedContentType = value;
}

/**
 * A SEND chunk (RFC 4975 §7.1.1; seed make_send_request). The continuation flag is `$` when the chunk
 * reaches the end of the message, `+` otherwise; bodies over 2048 octets get range-end `*` (interruptible).
 * The transaction id is chosen so that its end-line does not occur in the body (§7.1).
 */
export function makeSendChunk(paths: ChunkPaths | EncodedPaths, init: SendChunkInit = {}): MsrpChunk {
  const body =
    init.body === undefined ? EMPTY_BODY
    : typeof init.body === 'string' ? Buffer.from(init.body, 'utf8')
    : Buffer.isBuffer(init.body) ? init.body
    : Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength);
  // RFC 4975 §7.1: the id is chosen so that its end-line does not occur in the body.
  const chunk = newRequest(paths, 'SEND', init.transactionId ?? chooseTransactionId(body), init.transactionId === undefined);
  chunk.body = body;
  const start = init.start ?? 1;
  const end = init.end ?? start - 1 + body.length;
  const total = init.total ?? end;
  const headers = chunk.headers;
  const messageId = init.messageId ?? generateTransactionId();
  const range: ByteRange = { start, end: init.streamed === true || body.length > 2048 ? '*' : end, total };
  // Generated and numeric values need no syntax check; what the caller passed in does.
  if (init.messageId === undefined) headers.appendTrusted(MessageIdHeader, 'Message-ID', messageId, messageId);
  else headers.setDecoded(MessageIdHeader, messageId);
  headers.appendTrusted(ByteRangeHeader, 'Byte-Range', ByteRangeHeader.encode(range), range);
  if (init.successReport !== undefined) headers.appendTrusted(SuccessReportHeader, 'Success-Report', init.successReport, init.successReport);
  if (init.failureReport !== undefined) headers.appendTrusted(FailureReportHeader, 'Failure-Report', init.failureReport, init.failureReport);
  if (init.contentType !== undefined) setContentType(headers, init.contentType);
  for (const [name, value] of init.headers ?? []) headers.set(name, value);
  chunk.continuation = init.streamed !== true && total !== '*' && end === total ? '$' : '+';
  return chunk;
}
