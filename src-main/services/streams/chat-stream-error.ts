import { ServicesError } from '../errors';

/**
 * Stable reasons a chat message cannot be sent at all (as opposed to a delivery that fails later, which is a
 * delivery state with a code). The command layer maps the ServicesError code; `reason` lets callers branch
 * finer without reading message text.
 */
export const CHAT_STREAM_ERROR_REASONS = {
  /** The stream ended or failed: nothing can be queued on it any more. */
  'chat-stream-ended': 'unavailable',
  /** A private message (RFC 3862 To other than the peer) on a one-to-one stream: no chat room is involved. */
  'chat-private-unsupported': 'unavailable',
} as const;

export type ChatStreamErrorReason = keyof typeof CHAT_STREAM_ERROR_REASONS;

export class ChatStreamError extends ServicesError {
  readonly reason: ChatStreamErrorReason;

  constructor(reason: ChatStreamErrorReason, message: string) {
    super(CHAT_STREAM_ERROR_REASONS[reason], message);
    this.reason = reason;
  }
}
