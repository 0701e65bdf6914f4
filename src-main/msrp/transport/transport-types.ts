import type { Logger } from '../../common';
import type { MsrpError } from '../errors';
import type { ChunkReceiverOptions } from '../protocol/chunk-receiver';
import type { ContinuationFlag } from '../protocol/msrp-chunk';
import type { MsrpUri } from '../protocol/msrp-uri';
import type { MsrpTracer } from '../trace/msrp-tracer';

export enum TransportState {
  Open = 'open',
  Closing = 'closing',
  Closed = 'closed',
}

export const TRANSPORT_TRANSITIONS: Readonly<Record<TransportState, readonly TransportState[]>> = {
  [TransportState.Open]: [TransportState.Closing, TransportState.Closed],
  [TransportState.Closing]: [TransportState.Closed],
  [TransportState.Closed]: [],
};

/** How the first URI of an incoming To-Path is matched to ours (RFC 4975 §7.3.1, RFC 6714 §4.2 CEMA). */
export type SessionMatching = 'uri' | 'session-id';

export interface MsrpTransportOptions {
  /** Our URI: From-Path of our requests, and what incoming To-Paths must start with (checked when set). */
  readonly localUri?: MsrpUri;
  /** Relays between us and the peer (the Use-Path from AUTH). */
  readonly localPath?: readonly MsrpUri[];
  readonly logger?: Logger;
  /** Body bytes queued for the consumer above which the socket is paused; default 1 MiB. */
  readonly highWaterMark?: number;
  /** …and below which it is resumed; default a quarter of highWaterMark. */
  readonly lowWaterMark?: number;
  /** Default 'uri' (RFC 4975 §7.3.1); 'session-id' when CEMA (RFC 6714) was negotiated. */
  readonly sessionMatching?: SessionMatching;
  /** Limits of the chunk parser. */
  readonly receiver?: Omit<ChunkReceiverOptions, 'mode'>;
  /** Default timeout of `request()`; RFC 4975 §7.1.1: 30 s. */
  readonly transactionTimeoutMs?: number;
  /** TCP_NODELAY; default true. Off only to measure what it is worth. */
  readonly noDelay?: boolean;
  /** Sees every frame in and out (heads, body pieces, end-lines); costs one boolean test while unsubscribed. */
  readonly tracer?: MsrpTracer;
  /** The connection's name in trace events; default `local -> remote` socket addresses. */
  readonly traceLabel?: string;
}

export type TransportTrace =
  | { readonly direction: 'out'; readonly firstLine: string; readonly transactionId: string; readonly bodyBytes: number; readonly flag: ContinuationFlag }
  | { readonly direction: 'in'; readonly firstLine: string; readonly transactionId: string };

export interface MsrpTransportEvents {
  [name: string]: unknown;
  /** Once, when the connection is gone; `error` unless it closed cleanly. */
  closed: { readonly error?: MsrpError };
  /** Chunks in and out (heads only): the seed's trafficlog hooks. */
  trace: TransportTrace;
  /** A request the transport refused itself (To-Path mismatch → 481, malformed → 400). */
  rejected: { readonly transactionId: string | undefined; readonly status: number; readonly reason: string };
}

export const DEFAULT_READ_MAX_SIZE = 4 * 1024 * 1024;
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 30_000;

