import { UPLOAD_CHUNK_MAX_BYTES, type AccountId, type TransferView } from '../../../../src-shared';
import type { CommandsFacade } from '../../bridge/bridge';
import type { ClientError } from '../../bridge/client-result';

/** What the page holds of a file: a browser `File` (dropped or picked), or anything with a name and slices. */
export interface PageBlob {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export type UploadOutcome =
  | { readonly kind: 'offered'; readonly transfer: TransferView }
  /** `read`: the page could not read the file (moved or changed since it was chosen); else main refused a step. */
  | { readonly kind: 'failed'; readonly step: 'read' | 'upload' | 'send'; readonly error: ClientError }
  | { readonly kind: 'cancelled' };

export interface UploadOptions {
  /** Bytes staged in main so far, after each chunk. */
  readonly onProgress?: (staged: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Sends a file the page has only as bytes (web mode never learns a file's path): its bytes go to main in
 * ordered chunks of at most `chunkBytes` (`transfers.uploadBegin` / `uploadChunk`), staged in the profile,
 * then `transfers.uploadSend` offers it like any file. The next slice is read while the previous chunk
 * travels, and only one chunk is in flight, so the page holds at most two chunks of the file at a time.
 * A failure or cancellation aborts the upload, so main deletes what it staged.
 */
export async function uploadAndSend(commands: CommandsFacade, file: PageBlob, accountId: AccountId, target: string, options: UploadOptions = {}): Promise<UploadOutcome> {
  const begun = await commands.invoke('transfers.uploadBegin', file.name, file.size);
  if (!begun.ok) return { kind: 'failed', step: 'upload', error: begun.error };
  const { id } = begun.value;
  const chunkBytes = Math.max(1, Math.min(begun.value.chunkBytes, UPLOAD_CHUNK_MAX_BYTES));
  const give = async (outcome: UploadOutcome): Promise<UploadOutcome> => {
    await commands.invoke('transfers.uploadAbort', id);
    return outcome;
  };

  let offset = 0;
  let reading = file.size > 0 ? readSlice(file, 0, chunkBytes) : null;
  while (reading !== null) {
    const bytes = await reading;
    if (options.signal?.aborted === true) return give({ kind: 'cancelled' });
    if (bytes instanceof Error) return give({ kind: 'failed', step: 'read', error: { code: 'not-found', message: bytes.message } });
    const next = offset + bytes.length;
    reading = next < file.size ? readSlice(file, next, chunkBytes) : null;
    const staged = await commands.invoke('transfers.uploadChunk', id, offset, bytes);
    if (!staged.ok) return give({ kind: 'failed', step: 'upload', error: staged.error });
    if (staged.value.received !== next) return give({ kind: 'failed', step: 'upload', error: { code: 'internal', message: 'The staged copy lost count of its bytes.' } });
    offset = next;
    options.onProgress?.(offset);
  }
  if (options.signal?.aborted === true) return give({ kind: 'cancelled' });
  const sent = await commands.invoke('transfers.uploadSend', id, accountId, target);
  // A refused send leaves the staged copy in main: abort deletes it.
  return sent.ok ? { kind: 'offered', transfer: sent.value } : give({ kind: 'failed', step: 'send', error: sent.error });
}

/** One slice's bytes, or the reason it could not be read (a file changed or removed after it was chosen). */
async function readSlice(file: PageBlob, start: number, length: number): Promise<Uint8Array | Error> {
  const end = Math.min(file.size, start + length);
  try {
    const buffer = await file.slice(start, end).arrayBuffer();
    if (buffer.byteLength !== end - start) return new Error(`${file.name} changed while it was being read.`);
    return new Uint8Array(buffer);
  } catch (error) {
    return new Error(`${file.name} could not be read (${error instanceof Error ? error.message : String(error)}). Choose it again.`);
  }
}
