import type { ComposingIndicatorOptions, CpimDateTime, DispositionNotification, RemoteComposing } from '../chat-formats';

/** What a chat stream carries both ways, as the session and the UI see it (text messages only). */
export interface ChatStreamMessage {
  /** The MSRP Message-ID, which is also the imdn.Message-ID when the message is wrapped in CPIM. */
  readonly messageId: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly contentType: string;
  readonly text: string;
  readonly time: number;
}

/** Where an outgoing message stands (the history's delivery states, minus `sending`, which is implied by `send`). */
export type ChatDeliveryState = 'sent' | 'delivered' | 'displayed' | 'failed';

export interface ChatDelivery {
  readonly messageId: string;
  readonly state: ChatDeliveryState;
  /** The MSRP status (200, 408, 415 …), 0 when no response was involved (stream ended), null for IMDN. */
  readonly code: number | null;
  readonly reason: string | null;
}

/** An IMDN request carried by an incoming message (RFC 5438 §6.2), kept to answer it later (display). */
export interface ImdnRequestInfo {
  readonly messageId: string;
  readonly dateTime: CpimDateTime;
  readonly notifications: readonly DispositionNotification[];
}

export interface ChatIncoming {
  readonly message: ChatStreamMessage;
  /** The sender as the CPIM From says, else the stream's remote identity. */
  readonly remoteUri: string;
  readonly remoteDisplayName: string | null;
  /** Present when the sender asked for notifications. */
  readonly imdn: ImdnRequestInfo | undefined;
}

export interface ChatStreamEvents {
  [name: string]: unknown;
  /** Text both ways (outgoing when queued or sent, incoming when received). */
  message: ChatStreamMessage;
  /** Incoming text with what the history and IMDN need beyond `message`. */
  incoming: ChatIncoming;
  /** An outgoing message's delivery moved on. */
  delivery: ChatDelivery;
  /** The peer's composing state changed (RFC 3994 §3.3). */
  composing: RemoteComposing;
}

export interface ChatStreamOptions {
  /** Our a=accept-types (RFC 4975 §8.6). */
  readonly acceptTypes?: readonly string[];
  /** Our a=accept-wrapped-types: what we take inside message/cpim. */
  readonly acceptWrappedTypes?: readonly string[];
  /** RFC 4975 §7.1.1: a transaction without a response for this long fails with 408. Default 30 s. */
  readonly responseTimeoutMs?: number;
  /**
   * A message answered 200 but without its Success-Report REPORT for this long fails with 408 (a relay answers
   * the transaction itself, so only the REPORT proves delivery; a later REPORT still corrects it). Default 30 s.
   */
  readonly reportTimeoutMs?: number;
  /** RFC 3994 timers. */
  readonly composing?: ComposingIndicatorOptions;
  /** Ask for IMDN display notifications in CPIM messages (RFC 5438 §6.2). Default true. */
  readonly requestDisplayNotifications?: boolean;
}

/**
 * What Parley's chat takes: CPIM (when the peer does too), text and is-composing. Images are not listed: the
 * conversation view cannot show them yet, and a listed type is a promise to the peer.
 */
export const DEFAULT_CHAT_ACCEPT_TYPES: readonly string[] = ['message/cpim', 'text/*', 'application/im-iscomposing+xml'];
/** Inside CPIM: text, is-composing and IMDN notifications (RFC 5438 §7.1.1). */
export const DEFAULT_CHAT_WRAPPED_TYPES: readonly string[] = ['text/*', 'application/im-iscomposing+xml', 'message/imdn+xml'];
export const DEFAULT_CHAT_RESPONSE_TIMEOUT_MS = 30_000;
export const DEFAULT_CHAT_REPORT_TIMEOUT_MS = 30_000;
