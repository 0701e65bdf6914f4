/**
 * Errors of the chat payload codecs. A ChatStream answers the SEND (or the SIP MESSAGE) that carried the
 * offending payload with `status`; callers branch on `code`, never on the message text.
 */

/** Stable codes; add new ones, never reuse one for a different meaning. */
export const CHAT_FORMAT_ERROR_CODES = {
  /** The payload does not follow its grammar (CPIM wrapper, XML document, IMDN or is-composing schema). */
  'chat-format-malformed': 400,
  /** A configured limit (header bytes, header count, XML size/depth/elements) was exceeded. */
  'chat-format-limit-exceeded': 400,
  /** The XML carries a DOCTYPE or an entity reference beyond the five predefined ones (no XXE, no billion laughs). */
  'chat-format-forbidden-xml': 400,
  /** The payload is in a character encoding or a media type this codec does not handle. */
  'chat-format-unsupported': 415,
  /** Our own value cannot be written on the wire (a header name with a colon, a character XML cannot carry). */
  'chat-format-unencodable': null,
} as const satisfies Record<string, 400 | 415 | null>;

export type ChatFormatErrorCode = keyof typeof CHAT_FORMAT_ERROR_CODES;

export class ChatFormatError extends Error {
  override name = 'ChatFormatError';
  readonly code: ChatFormatErrorCode;
  /** Status to answer the carrying request with (RFC 4975 §7.3.1, RFC 3428 §7); undefined for our own bugs. */
  readonly status: 400 | 415 | undefined;

  constructor(code: ChatFormatErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = CHAT_FORMAT_ERROR_CODES[code] ?? undefined;
  }
}

export function malformed(message: string, cause?: unknown): ChatFormatError {
  return new ChatFormatError('chat-format-malformed', message, cause === undefined ? {} : { cause });
}
