import type { MsrpParseError } from '../errors';
import type { ContinuationFlag, MsrpChunk } from './msrp-chunk';

/**
 * What a `ChunkReceiver` reports. Handlers run synchronously inside `push()`; they may call `dispose()`.
 * For one request the order is: `onChunkStart`, any number of `onChunkData`, then `onChunkEnd` — or an
 * `onError` whose `error.transactionId` names the chunk (it then gets no `onChunkEnd`).
 */
export interface ChunkReceiverHandlers {
  /** A request's start line and headers are parsed (its `body` is empty). Stream mode only. */
  onChunkStart?(head: MsrpChunk): void;
  /** Body bytes of `head` as they arrive: views into the pushed buffers, never copies. Stream mode only. */
  onChunkData?(head: MsrpChunk, data: Buffer): void;
  /** `head`'s end-line arrived with `flag` (RFC 4975 §9 continuation-flag). Stream mode only. */
  onChunkEnd?(head: MsrpChunk, flag: ContinuationFlag): void;
  /**
   * A complete chunk with its body and flag: every response, and every request in `whole` mode. A body that
   * arrived in one push is a view into that buffer; one that spanned pushes is a fresh concatenation.
   */
  onChunk?(chunk: MsrpChunk): void;
  /**
   * Bad input. With `error.fatal` the stream cannot be resynchronised and the receiver accepts nothing more
   * (close the connection); otherwise the offending chunk is skipped up to its end-line, and when
   * `error.answerable` the transport answers `error.status` (400, or 413 for limits) to its transaction.
   */
  onError?(error: MsrpParseError): void;
}

export interface ChunkReceiverOptions {
  /** `stream` (default): requests as start/data/end events. `whole`: every chunk through `onChunk`. */
  readonly mode?: 'stream' | 'whole';
  /** Start line plus header lines, CRLFs included. Default 16 KiB. */
  readonly maxHeadBytes?: number;
  /** Header lines per chunk. Default 64. */
  readonly maxHeaderCount?: number;
  /** Body bytes per chunk; 413 beyond. Default 4 MiB in `whole` mode, unlimited in `stream` mode. */
  readonly maxBodyBytes?: number;
}

export const DEFAULT_MAX_HEAD_BYTES = 16 * 1024;
export const DEFAULT_MAX_HEADER_COUNT = 64;
export const DEFAULT_MAX_WHOLE_BODY_BYTES = 4 * 1024 * 1024;
