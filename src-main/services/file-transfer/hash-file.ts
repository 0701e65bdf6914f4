import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatHashValue } from '../../sip/sdp';
import { diskFailure, FileTransferError } from './file-transfer-error';

/** RFC 5547 §5: the file-selector hash is SHA-1 (IANA `sha-1`), written as uppercase hex pairs `AA:BB:…`. */
export const FILE_HASH_ALGORITHM = 'sha-1';

export type HashProgress = (processed: number, total: number) => void;

export interface HashFileOptions {
  /** Bytes read per step (one reused buffer). Default 1 MiB. */
  readonly blockSize?: number;
  /** Hash only the first `length` bytes (a partial download's prefix). Default the whole file. */
  readonly length?: number;
  readonly signal?: AbortSignal;
}

/** SHA-1 digest as RFC 5547 §9 hash-value (`AA:BB:…`, 20 pairs). */
export function sha1Value(hash: Hash): string {
  return formatHashValue(hash.digest());
}

/**
 * Hashes a file from disk in blocks (a big file is never in memory), reporting progress after each block
 * so that the UI can show "preparing…" before offering. `feedFile` is the same loop into a caller's hash.
 */
export async function hashFile(path: string, onProgress?: HashProgress, options: HashFileOptions = {}): Promise<string> {
  const hash = createHash('sha1');
  await feedFile(hash, path, onProgress, options);
  return sha1Value(hash);
}

/** Feeds `path` (or its first `options.length` bytes) into `hash`; returns the number of bytes fed. */
export async function feedFile(hash: Hash, path: string, onProgress?: HashProgress, options: HashFileOptions = {}): Promise<number> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw diskFailure(`cannot read ${basename(path)}`, error);
  }
  try {
    const size = (await handle.stat()).size;
    const total = Math.min(size, options.length ?? size);
    const buffer = Buffer.allocUnsafe(Math.max(4096, options.blockSize ?? 1024 * 1024));
    let processed = 0;
    onProgress?.(0, total);
    while (processed < total) {
      if (options.signal?.aborted === true) throw new FileTransferError('aborted', `hashing ${basename(path)} was cancelled`);
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, total - processed), processed);
      if (bytesRead === 0) throw new FileTransferError('size-mismatch', `${basename(path)} shrank while being hashed`);
      hash.update(buffer.subarray(0, bytesRead));
      processed += bytesRead;
      onProgress?.(processed, total);
    }
    return processed;
  } catch (error) {
    throw diskFailure(`cannot hash ${basename(path)}`, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
