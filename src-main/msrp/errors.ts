/**
 * The MSRP library's error hierarchy. Callers branch on `code` (stable, never reused) and, for errors caused by
 * a peer's request, answer with `status` on the wire (RFC 4975 §10). Messages are for logs only.
 */

/** Status codes this library may answer a request with (RFC 4975 §10, RFC 4976 §5.1). */
export type MsrpStatus = 400 | 403 | 408 | 413 | 415 | 423 | 481 | 501 | 506;

/** Stable error codes of the MSRP library. Add codes here; never reuse one for a different meaning. */
export const MSRP_ERROR_CODES = {
  /** Bytes on the wire are not a well-formed MSRP chunk (start line, header line, end-line). */
  'msrp-parse-failed': true,
  /** A header is present but its value does not follow its grammar. */
  'msrp-invalid-header': true,
  /** A header the request needs (To-Path, From-Path …) is missing. */
  'msrp-missing-header': true,
  /** An MSRP URI does not follow RFC 4975 §9. */
  'msrp-invalid-uri': true,
  /** A configured limit (head bytes, header count, body size) was exceeded. */
  'msrp-limit-exceeded': true,
  /** A transaction got no response in time (RFC 4975 §7.1.1: 30 s). */
  'msrp-timeout': true,
  /** The peer answered a transaction with a non-2xx status; `status` holds its code. */
  'msrp-request-failed': true,
  /** To-Path/From-Path do not name this session (RFC 4975 §7.3.1). */
  'msrp-no-such-session': true,
  /** A method this endpoint does not implement (RFC 4975 §7.3.1). */
  'msrp-unsupported-method': true,
  /** A Content-Type this endpoint does not accept (RFC 4975 §7.3.1). */
  'msrp-unsupported-content-type': true,
  /** The connection could not be opened (DNS, refused, TLS handshake …). */
  'msrp-connect-failed': true,
  /** The connection closed or failed while in use. */
  'msrp-connection-lost': true,
  /** A relay refused authentication (RFC 4976 §5.1: 401 then 403). */
  'msrp-auth-failed': true,
  /** The operation was cancelled by its owner (dispose, shutdown, abort signal). */
  'msrp-aborted': true,
  /** The object was used after `dispose()`. */
  'msrp-disposed': true,
  /** A broken internal invariant: a bug, not bad input. */
  'msrp-invariant': true,
} as const satisfies Record<string, true>;

export type MsrpErrorCode = keyof typeof MSRP_ERROR_CODES;

export interface MsrpErrorOptions {
  /** The status to answer the offending request with, when there is one to answer. */
  readonly status?: MsrpStatus | number;
  readonly cause?: unknown;
}

/** Base of every error the MSRP library raises or emits. */
export class MsrpError extends Error {
  override name = 'MsrpError';
  readonly code: MsrpErrorCode;
  /** Wire status for the response to the request that caused this error, if any (RFC 4975 §10). */
  readonly status: MsrpStatus | number | undefined;

  constructor(code: MsrpErrorCode, message: string, options: MsrpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }
}

export interface MsrpParseErrorOptions extends MsrpErrorOptions {
  /** The transaction id of the offending chunk, when its start line could be read. */
  readonly transactionId?: string;
  /** The request method, when the start line was a request; responses and REPORTs are never answered. */
  readonly method?: string;
  /**
   * True when the stream cannot be resynchronised (no transaction id, so no end-line to skip to):
   * the connection must be closed (RFC 4975 §7.3.1 leaves no other recovery).
   */
  readonly fatal?: boolean;
}

/**
 * Malformed input from the network. With a `transactionId` and a request `method` the transport answers
 * `status` (400 by default); when `fatal` it closes the connection.
 */
export class MsrpParseError extends MsrpError {
  override name = 'MsrpParseError';
  readonly transactionId: string | undefined;
  readonly method: string | undefined;
  readonly fatal: boolean;

  constructor(message: string, options: MsrpParseErrorOptions = {}, code: MsrpErrorCode = 'msrp-parse-failed') {
    super(code, message, { status: options.status ?? 400, cause: options.cause });
    this.transactionId = options.transactionId;
    this.method = options.method;
    this.fatal = options.fatal ?? false;
  }

  /** True when the peer expects an answer: a readable request other than REPORT (RFC 4975 §7.1.2). */
  get answerable(): boolean {
    return !this.fatal && this.transactionId !== undefined && this.method !== undefined && this.method !== 'REPORT';
  }
}

/** A header value that does not follow its grammar; `header` names it (e.g. "Byte-Range"). */
export class MsrpHeaderError extends MsrpParseError {
  override name = 'MsrpHeaderError';
  readonly header: string;

  constructor(header: string, reason: string, options: MsrpParseErrorOptions = {}) {
    super(`invalid ${header} header: ${reason}`, options, 'msrp-invalid-header');
    this.header = header;
  }
}

/** A required header is missing (RFC 4975 §7.1: every request and response carries To-Path and From-Path). */
export class MsrpMissingHeaderError extends MsrpParseError {
  override name = 'MsrpMissingHeaderError';
  readonly header: string;

  constructor(header: string, options: MsrpParseErrorOptions = {}) {
    super(`missing ${header} header`, options, 'msrp-missing-header');
    this.header = header;
  }
}

/** Text that is not an MSRP URI (RFC 4975 §9). */
export class MsrpUriError extends MsrpError {
  override name = 'MsrpUriError';
  readonly input: string;

  constructor(input: string, reason: string) {
    super('msrp-invalid-uri', `invalid MSRP URI ${JSON.stringify(input.slice(0, 200))}: ${reason}`, { status: 400 });
    this.input = input;
  }
}

export type MsrpLimit = 'head-bytes' | 'header-count' | 'body-bytes' | 'line-bytes';

/** A configured size limit was exceeded: answered with 413 (RFC 4975 §7.3.1) when a transaction id is known. */
export class MsrpLimitError extends MsrpParseError {
  override name = 'MsrpLimitError';
  readonly limit: MsrpLimit;
  readonly max: number;

  constructor(limit: MsrpLimit, max: number, options: MsrpParseErrorOptions = {}) {
    super(`${limit} limit of ${max} exceeded`, { ...options, status: options.status ?? 413 }, 'msrp-limit-exceeded');
    this.limit = limit;
    this.max = max;
  }
}

/** A transaction got no response in time (RFC 4975 §7.1.1); the local outcome is a 408. */
export class MsrpTimeoutError extends MsrpError {
  override name = 'MsrpTimeoutError';
  constructor(message: string, options: MsrpErrorOptions = {}) {
    super('msrp-timeout', message, { status: 408, ...options });
  }
}

/** The peer answered a request with a non-2xx status (`status` is the received code). */
export class MsrpRequestFailedError extends MsrpError {
  override name = 'MsrpRequestFailedError';
  readonly comment: string | undefined;
  constructor(status: number, comment?: string, options: Omit<MsrpErrorOptions, 'status'> = {}) {
    super('msrp-request-failed', `request failed: ${status}${comment ? ` ${comment}` : ''}`, { ...options, status });
    this.comment = comment;
  }
}

/** Connection-level failure (open or in use). */
export class MsrpConnectionError extends MsrpError {
  override name = 'MsrpConnectionError';
  constructor(code: 'msrp-connect-failed' | 'msrp-connection-lost', message: string, options: MsrpErrorOptions = {}) {
    super(code, message, options);
  }
}

/**
 * A broken internal invariant: a bug in this library, never bad input. Not an `MsrpError` on purpose, so
 * code that maps peer errors to wire statuses cannot swallow it.
 */
export class MsrpInvariantError extends Error {
  override name = 'MsrpInvariantError';
  readonly code = 'msrp-invariant' as const;
}

/** Throws `MsrpInvariantError` when `condition` is false. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new MsrpInvariantError(message);
}
