/**
 * Stable codes of the LAN account's errors (mDNS/DNS-SD presence and the direct SIP listener). Callers branch
 * on `code`, never on message text. Kept beside `SipError` rather than inside it so the LAN code stays one
 * self-contained folder.
 */
export type LanErrorCode =
  | 'sip/lan-invalid-option'
  | 'sip/lan-not-started'
  | 'sip/lan-disposed'
  | 'sip/lan-listen-failed'
  | 'sip/lan-mdns-failed'
  | 'sip/lan-no-route'
  | 'sip/lan-send-failed';

export class LanError extends Error {
  readonly code: LanErrorCode;

  constructor(code: LanErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LanError';
    this.code = code;
  }
}
