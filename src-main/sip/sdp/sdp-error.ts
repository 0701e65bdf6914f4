/**
 * Stable codes of SDP errors: callers branch on `code`, never on message text.
 * `status` is the SIP status to answer an offer with (RFC 3261 §21.4.1 400 Bad Request for a body that does
 * not parse, §21.4.26 488 Not Acceptable Here for a well-formed body we cannot or will not use).
 */
export type SdpErrorCode =
  | 'sdp/too-large'
  | 'sdp/too-many-lines'
  | 'sdp/bad-encoding'
  | 'sdp/malformed-line'
  | 'sdp/unknown-line-type'
  | 'sdp/misplaced-line'
  | 'sdp/missing-line'
  | 'sdp/bad-version'
  | 'sdp/bad-origin'
  | 'sdp/bad-connection'
  | 'sdp/bad-timing'
  | 'sdp/bad-media-line'
  | 'sdp/bad-attribute'
  | 'sdp/bad-path'
  | 'sdp/bad-file-selector'
  | 'sdp/bad-file-attribute'
  | 'sdp/not-msrp'
  | 'sdp/unsupported-stream'
  | 'sdp/bad-direction'
  | 'sdp/setup-conflict'
  | 'sdp/no-common-types'
  | 'sdp/no-acceptable-stream'
  | 'sdp/answer-mismatch';

export type SdpErrorStatus = 400 | 488;

export class SdpError extends Error {
  readonly code: SdpErrorCode;
  /** The SIP status to answer with. */
  readonly status: SdpErrorStatus;

  constructor(code: SdpErrorCode, status: SdpErrorStatus, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SdpError';
    this.code = code;
    this.status = status;
  }
}

/** A broken invariant of this module (e.g. a caller handing the serializer a value with a line break): a bug. */
export class SdpInvariantError extends Error {
  readonly code = 'sdp/invariant';
  constructor(message: string) {
    super(message);
    this.name = 'SdpInvariantError';
  }
}
