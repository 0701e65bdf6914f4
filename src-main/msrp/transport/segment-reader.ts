import { MsrpInvariantError } from '../errors';
import { EMPTY_BODY, type ContinuationFlag, type MsrpChunk } from '../protocol/msrp-chunk';
import type { IncomingPiece, IncomingQueue } from './incoming-queue';

/** A received chunk or, for a body longer than `maxSize`, one segment of it (the seed's virtual segments). */
export interface IncomingChunk {
  /** Head and this segment's body bytes; `continuation` is meaningful when `final`. */
  readonly chunk: MsrpChunk;
  /** 0 for the first (or only) segment of a chunk, then 1, 2, … */
  readonly segment: number;
  /** Offset of this segment's first byte within the chunk body. */
  readonly offset: number;
  /** True for the segment that ends the chunk. */
  readonly final: boolean;
}

interface Partial {
  readonly chunk: MsrpChunk;
  readonly segment: number;
  readonly offset: number;
}

/**
 * Reads whole chunks, or segments of at most `maxSize` body bytes, from the transport's piece queue.
 * Bodies are concatenated only when a segment spans several received buffers.
 */
export class SegmentReader {
  readonly #queue: IncomingQueue<MsrpChunk>;
  #partial: Partial | undefined;

  constructor(queue: IncomingQueue<MsrpChunk>) {
    this.#queue = queue;
  }

  /** True while a chunk has been delivered in part. */
  get midChunk(): boolean {
    return this.#partial !== undefined;
  }

  /** `null` at a clean end; rejects with `lost()` when the queue ends inside a chunk. */
  async read(maxSize: number, lost: () => unknown): Promise<IncomingChunk | null> {
    if (!(maxSize > 0)) throw new MsrpInvariantError('readChunk: maxSize must be positive');
    let current = this.#partial;
    this.#partial = undefined;
    if (current === undefined) {
      const piece = await this.#queue.next();
      if (piece === null) return null;
      if (piece.kind !== 'start') throw new MsrpInvariantError(`read queue out of step: ${piece.kind} before start`);
      current = { chunk: piece.head, segment: 0, offset: 0 };
    }
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      const piece = await this.#queue.next();
      if (piece === null) throw lost();
      if (piece.kind === 'start') throw new MsrpInvariantError('read queue out of step: start inside a chunk');
      if (piece.kind === 'end') return segment(current, parts, size, piece.flag as ContinuationFlag, true);
      let data = piece.data;
      if (size + data.length > maxSize) {
        // The rest goes back in front of the queue for the next segment.
        const take = maxSize - size;
        this.#queue.unshift({ kind: 'data', data: data.subarray(take) });
        data = data.subarray(0, take);
      }
      parts.push(data);
      size += data.length;
      if (size >= maxSize) {
        this.#partial = { chunk: current.chunk, segment: current.segment + 1, offset: current.offset + size };
        return segment(current, parts, size, '+', false);
      }
    }
  }

  /** `readPiece` without waiting: the next piece if one is queued. */
  pollPiece(): IncomingPiece<MsrpChunk> | undefined {
    if (this.#partial !== undefined) {
      const { chunk } = this.#partial;
      this.#partial = undefined;
      return { kind: 'start', head: chunk };
    }
    return this.#queue.poll();
  }

  /** Streaming access; a chunk read in part continues with a fresh `start` piece carrying its head. */
  readPiece(): Promise<IncomingPiece<MsrpChunk> | null> {
    if (this.#partial !== undefined) {
      const { chunk } = this.#partial;
      this.#partial = undefined;
      return Promise.resolve({ kind: 'start', head: chunk });
    }
    return this.#queue.next();
  }
}

function segment(current: Partial, parts: Buffer[], size: number, flag: ContinuationFlag, final: boolean): IncomingChunk {
  const chunk = current.segment === 0 && final ? current.chunk : current.chunk.copy();
  chunk.body = parts.length === 0 ? EMPTY_BODY : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
  if (final) chunk.continuation = flag;
  return { chunk, segment: current.segment, offset: current.offset, final };
}
