import { MsrpParseError } from '../errors';
import { ChunkReceiver, type ChunkReceiverOptions } from './chunk-receiver';
import type { MsrpChunk } from './msrp-chunk';

/**
 * Parses a buffer holding whole chunks, back to back, into complete `MsrpChunk`s (bodies are views into
 * `data`). Throws the first `MsrpParseError`, or one when the buffer ends inside a chunk.
 */
export function parseChunks(data: Uint8Array, options: Omit<ChunkReceiverOptions, 'mode'> = {}): MsrpChunk[] {
  const chunks: MsrpChunk[] = [];
  let failure: MsrpParseError | undefined;
  const receiver = new ChunkReceiver(
    {
      onChunk: (chunk) => chunks.push(chunk),
      onError: (error) => {
        failure ??= error;
        receiver.dispose();
      },
    },
    { ...options, mode: 'whole', maxBodyBytes: options.maxBodyBytes ?? Math.max(data.length, 1) },
  );
  receiver.push(data);
  if (failure !== undefined) throw failure;
  if (!receiver.idle) throw new MsrpParseError('input ends inside a chunk', { fatal: true });
  return chunks;
}

/** Parses exactly one whole chunk (seed: msrplib's line receiver, for one frame). */
export function parseChunk(data: Uint8Array, options: Omit<ChunkReceiverOptions, 'mode'> = {}): MsrpChunk {
  const chunks = parseChunks(data, options);
  if (chunks.length !== 1) throw new MsrpParseError(`expected one chunk, found ${chunks.length}`, { fatal: true });
  return chunks[0] as MsrpChunk;
}
