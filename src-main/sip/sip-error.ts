/** Stable codes of this package's errors: callers branch on `code`, never on message text. */
export type SipErrorCode =
  | 'sip/transport-not-connected'
  | 'sip/transport-disposed'
  | 'sip/connect-failed'
  | 'sip/resolve-failed'
  | 'sip/invalid-uri'
  | 'sip/invalid-state'
  | 'sip/send-failed'
  | 'sip/connection-lost'
  | 'sip/malformed-message'
  | 'sip/message-too-large';

export class SipError extends Error {
  readonly code: SipErrorCode;
  /** A SIP status to answer with, where the error maps to one (RFC 3261 §21). */
  readonly status: number | undefined;

  constructor(code: SipErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SipError';
    this.code = code;
    this.status = options.status;
  }
}

/** A broken invariant inside this package: a bug, not bad input. */
export class SipInvariantError extends Error {
  readonly code = 'sip/invariant';
  constructor(message: string) {
    super(message);
    this.name = 'SipInvariantError';
  }
}
