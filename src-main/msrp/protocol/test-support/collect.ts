import { ChunkReceiver, type ChunkReceiverOptions } from '../chunk-receiver';
import type { MsrpChunk } from '../msrp-chunk';
import type { MsrpParseError } from '../../errors';
import type { ExpectedChunk } from './fixtures';

export interface Collected {
  /** Bodies as hex, so that deep equality stays cheap. */
  readonly chunks: Comparable[];
  readonly errors: MsrpParseError[];
  readonly receiver: ChunkReceiver;
}

export type Comparable = Omit<ExpectedChunk, 'body'> & { readonly body: string };

export function comparable(chunk: ExpectedChunk): Comparable {
  return { ...chunk, body: chunk.body.toString('hex') };
}

export function comparableAll(chunks: readonly ExpectedChunk[]): Comparable[] {
  return chunks.map(comparable);
}

export function summarize(chunk: MsrpChunk, body: Buffer = chunk.body): Comparable {
  return comparable({ firstLine: chunk.firstLine, headers: [...chunk.headers.entries()], body, continuation: chunk.continuation });
}

/**
 * Feeds `pieces` to a receiver and returns what it produced. In stream mode request bodies are rebuilt
 * from the data views, checking the start/data/end order on the way.
 */
export function collect(pieces: Iterable<Buffer>, options: ChunkReceiverOptions = {}): Collected {
  const chunks: Comparable[] = [];
  const errors: MsrpParseError[] = [];
  let open: { head: MsrpChunk; parts: Buffer[] } | undefined;
  const receiver = new ChunkReceiver(
    {
      onChunkStart(head) {
        if (open !== undefined) throw new Error(`chunkStart of ${head.transactionId} while ${open.head.transactionId} is open`);
        open = { head, parts: [] };
      },
      onChunkData(head, data) {
        if (open?.head !== head) throw new Error('chunkData for a chunk that is not open');
        // Copied: the views are only guaranteed until the pushed buffer is reused.
        open.parts.push(Buffer.from(data));
      },
      onChunkEnd(head, flag) {
        if (open?.head !== head || head.continuation !== flag) throw new Error('chunkEnd for a chunk that is not open');
        chunks.push(summarize(head, Buffer.concat(open.parts)));
        open = undefined;
      },
      onChunk(chunk) {
        chunks.push(summarize(chunk));
      },
      onError(error) {
        errors.push(error);
        if (open !== undefined && open.head.transactionId === error.transactionId) open = undefined;
      },
    },
    options,
  );
  for (const piece of pieces) receiver.push(piece);
  return { chunks, errors, receiver };
}

/** `wire` cut at the given offsets. */
export function splitAt(wire: Buffer, ...offsets: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let last = 0;
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    pieces.push(wire.subarray(last, offset));
    last = offset;
  }
  pieces.push(wire.subarray(last));
  return pieces;
}

export function* bytewise(wire: Buffer): Generator<Buffer> {
  for (let i = 0; i < wire.length; i++) yield wire.subarray(i, i + 1);
}
