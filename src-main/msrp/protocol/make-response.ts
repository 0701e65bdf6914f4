import { MsrpInvariantError, MsrpMissingHeaderError } from '../errors';
import { ByteRangeHeader } from './headers/byte-range';
import { FromPathHeader, ToPathHeader } from './headers/path-headers';
import { StatusHeader } from './headers/status';
import { MessageIdHeader } from './headers/text-headers';
import { MsrpChunk } from './msrp-chunk';
import { MsrpHeaders } from './msrp-headers';
import type { MsrpUri } from './msrp-uri';
import { generateTransactionId } from './transaction-id';

/** Reason phrases of RFC 4975 §10 and RFC 4976 §5.1, for responses and REPORT Status comments. */
export const STATUS_COMMENTS: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  423: 'Interval Out-of-Bounds',
  481: 'Session Does Not Exist',
  501: 'Not Implemented',
  506: 'Wrong Session',
};

/**
 * Whether `request` gets a transaction response with `code` (RFC 4975 §7.1.2): REPORTs never do;
 * Failure-Report `no` suppresses all responses, `partial` suppresses 200s.
 */
export function needsResponse(request: MsrpChunk, code: number): boolean {
  if (request.method === undefined || request.method === 'REPORT') return false;
  const failureReport = request.failureReport;
  if (failureReport === 'no') return false;
  if (failureReport === 'partial' && code === 200) return false;
  return true;
}

// Decoded paths are shared, frozen values (see path-headers), so what responses derive from them can be
// kept per path object: every response of a session goes to the same hop from the same URI.
const firstHops = new WeakMap<readonly MsrpUri[], { readonly path: readonly MsrpUri[]; readonly text: string }>();
const singles = new WeakMap<MsrpUri, { readonly path: readonly MsrpUri[]; readonly text: string }>();

function firstHop(path: readonly MsrpUri[]): { readonly path: readonly MsrpUri[]; readonly text: string } {
  let hop = firstHops.get(path);
  if (hop === undefined) {
    const first = Object.freeze(path.slice(0, 1));
    hop = { path: first, text: ToPathHeader.encode(first) };
    if (Object.isFrozen(path)) firstHops.set(path, hop);
  }
  return hop;
}

function onlyUri(uri: MsrpUri): { readonly path: readonly MsrpUri[]; readonly text: string } {
  let single = singles.get(uri);
  if (single === undefined) {
    const path = Object.freeze([uri]);
    single = { path, text: FromPathHeader.encode(path) };
    singles.set(uri, single);
  }
  return single;
}

function requirePaths(request: MsrpChunk): { toPath: readonly MsrpUri[]; fromPath: readonly MsrpUri[] } {
  const toPath = request.toPath;
  const fromPath = request.fromPath;
  const context = { transactionId: request.transactionId, ...(request.method ? { method: request.method } : {}) };
  if (toPath === undefined) throw new MsrpMissingHeaderError('To-Path', context);
  if (fromPath === undefined) throw new MsrpMissingHeaderError('From-Path', context);
  return { toPath, fromPath };
}

/**
 * The transaction response to `request` (RFC 4975 §7.2): same transaction id, no body. A SEND's response
 * goes back one hop only (To-Path = first URI of the request's From-Path); other requests (AUTH …) are
 * answered on their full From-Path. From-Path is `localUri`, by default the last URI of the request's
 * To-Path (the receiver's own). Throws `MsrpMissingHeaderError` (400) when the request lacks a path.
 */
export function makeResponse(request: MsrpChunk, code: number, comment?: string, localUri?: MsrpUri): MsrpChunk {
  const { toPath, fromPath } = requirePaths(request);
  if (comment !== undefined && /[\r\n]/.test(comment)) throw new MsrpInvariantError('a comment belongs on a response line, without CR/LF');
  if (!Number.isInteger(code) || code < 0 || code > 999) throw new MsrpInvariantError(`bad status code ${code}`);
  // Every part comes from a parsed request or from this module: built without re-validating (the hot path
  // of a receiver answers every chunk).
  const to = request.method === 'SEND' ? firstHop(fromPath) : { path: fromPath, text: ToPathHeader.encode(fromPath) };
  const from = onlyUri(localUri ?? (toPath[toPath.length - 1] as MsrpUri));
  const headers = new MsrpHeaders().appendTrusted(ToPathHeader, 'To-Path', to.text, to.path).appendTrusted(FromPathHeader, 'From-Path', from.text, from.path);
  return MsrpChunk.fromParts(request.transactionId, undefined, code, comment ?? STATUS_COMMENTS[code], headers);
}

export interface MakeReportOptions {
  /** The REPORT's From-Path URI; by default the last URI of the request's To-Path. */
  readonly localUri?: MsrpUri;
  /** Bytes of the request this REPORT covers; defaults to its body size (needed for streamed chunks). */
  readonly size?: number;
  /** 1-based first byte covered; default the request's Byte-Range start (a whole message: 1). */
  readonly start?: number;
  readonly comment?: string;
}

/**
 * Whether `request` asks for a REPORT with `code` (RFC 4975 §7.1.2): Success-Report `yes` for 200,
 * Failure-Report `yes`/`partial` for errors.
 */
export function needsReport(request: MsrpChunk, code: number): boolean {
  if (request.method !== 'SEND') return false;
  if (code === 200) return request.successReport === 'yes';
  return request.failureReport !== 'no';
}

/**
 * A REPORT for a received SEND (RFC 4975 §7.1.2): To-Path = the SEND's From-Path, Message-ID copied,
 * Status `000 <code>`, Byte-Range covering the reported bytes.
 */
export function makeReport(request: MsrpChunk, code: number, options: MakeReportOptions = {}): MsrpChunk {
  const { toPath, fromPath } = requirePaths(request);
  const report = new MsrpChunk({ transactionId: generateTransactionId(), method: 'REPORT' });
  report.headers.setDecoded(ToPathHeader, fromPath);
  report.headers.setDecoded(FromPathHeader, [options.localUri ?? (toPath[toPath.length - 1] as MsrpUri)]);
  const messageId = request.messageId;
  if (messageId !== undefined) report.headers.setDecoded(MessageIdHeader, messageId);
  const size = options.size ?? request.size;
  const range = request.byteRange;
  const start = options.start ?? range?.start ?? 1;
  const total = range?.total ?? size;
  report.headers.setDecoded(ByteRangeHeader, { start, end: start + size - 1, total });
  report.headers.setDecoded(StatusHeader, {
    namespace: '000',
    code,
    comment: options.comment ?? STATUS_COMMENTS[code],
  });
  return report;
}
