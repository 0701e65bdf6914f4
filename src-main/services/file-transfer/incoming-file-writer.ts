import { randomBytes, createHash, type Hash } from 'node:crypto';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BatchedWrites } from './batched-writes';
import { ByteRanges } from './byte-ranges';
import { assertInsideDownloads, resolveDownloadsFolder, uniqueDownloadPath } from './downloads-folder';
import { diskFailure, FileTransferError } from './file-transfer-error';
import { feedFile, sha1Value } from './hash-file';
import { safeDownloadName } from './safe-download-name';

/**
 * Receives one file (RFC 5547) into the downloads folder without ever exposing a half file under its
 * final name: bytes go to a hidden partial file (`.<name>.<random>.part`) by positioned, awaited writes (the
 * MSRP session awaits them, so a slow disk slows the sender), SHA-1 is computed on the way in order, and
 * only when size and hash match the file-selector (RFC 5547 §5) is the partial renamed to a fresh unique
 * name. A resumed transfer (RFC 5547 §8 file-range, Blink FILE_OFFSET) continues an earlier partial
 * after rehashing its prefix. Any failure removes the partial (or keeps it for a resume on request).
 */
export interface IncomingFileWriterOptions {
  /** The downloads folder; created if missing, resolved with realpath. */
  readonly downloadsFolder: string;
  /** Name as offered (file-selector `name`); made safe here. */
  readonly offeredName: string | undefined;
  /** Offered size (file-selector `size`), when the peer gave one. */
  readonly size: number | undefined;
  /** Offered SHA-1 as `AA:BB:…` (file-selector `hash:sha-1`); verified on completion when present. */
  readonly sha1: string | undefined;
  /** Refuse files above this many bytes (413). Default unlimited. */
  readonly maxSize?: number;
  /** Keep the partial file when the transfer aborts (for a resume); default false. */
  readonly keepPartialOnAbort?: boolean;
  /** Continue an earlier partial file (from `PartialTransfers`): its path and how many bytes of it to trust. */
  readonly resume?: { readonly partialPath: string; readonly bytes: number };
  /** Flush to disk before the final rename, so a crash never leaves a renamed but empty file. Default true. */
  readonly durable?: boolean;
  /** Bytes gathered per disk write (see BatchedWrites). Default 2 MiB. */
  readonly batchBytes?: number;
  /** Contiguous bytes accepted after each write (for a progress meter). */
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

export interface ReceivedFile {
  readonly path: string;
  readonly name: string;
  readonly size: number;
  readonly sha1: string;
  /** False when the offer carried no SHA-1 to compare with. */
  readonly verified: boolean;
}

export interface KeptPartial {
  readonly path: string;
  /** Bytes at the start of the partial that are known good (the offset to resume from). */
  readonly bytes: number;
}

export type WriterOutcome =
  | { readonly ok: true; readonly file: ReceivedFile }
  | { readonly ok: false; readonly error: FileTransferError; readonly partial: KeptPartial | undefined };

export enum WriterState {
  Receiving = 'receiving',
  Completing = 'completing',
  Done = 'done',
  Failed = 'failed',
}

export class IncomingFileWriter {
  readonly name: string;
  readonly size: number | undefined;
  /** Bytes already present when the writer opened (what to ask the sender to start from). */
  readonly offset: number;
  /** Why a requested resume was not possible (the writer then starts from 0). */
  readonly resumeRefused: string | undefined;
  readonly done: Promise<WriterOutcome>;
  readonly #options: IncomingFileWriterOptions;
  readonly #folder: string;
  readonly #partialPath: string;
  readonly #hash: Hash;
  #handle: FileHandle | undefined;
  readonly #writes: BatchedWrites;
  #contiguous: number;
  /** Set once a chunk arrived beyond the contiguous prefix: the hash is then recomputed from disk. */
  #ranges: ByteRanges | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #state = WriterState.Receiving;
  #completion: Promise<ReceivedFile> | undefined;
  #resolveDone!: (outcome: WriterOutcome) => void;

  private constructor(init: {
    options: IncomingFileWriterOptions;
    folder: string;
    name: string;
    partialPath: string;
    handle: FileHandle;
    hash: Hash;
    offset: number;
    resumeRefused: string | undefined;
  }) {
    this.#options = init.options;
    this.#folder = init.folder;
    this.name = init.name;
    this.size = init.options.size;
    this.#partialPath = init.partialPath;
    this.#handle = init.handle;
    this.#writes = new BatchedWrites(init.handle, init.options.batchBytes);
    this.#hash = init.hash;
    this.offset = init.offset;
    this.#contiguous = init.offset;
    this.resumeRefused = init.resumeRefused;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  static async open(options: IncomingFileWriterOptions): Promise<IncomingFileWriter> {
    const size = options.size;
    if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) throw new FileTransferError('bad-offer', `offered size ${size} is invalid`);
    if (size !== undefined && options.maxSize !== undefined && size > options.maxSize) {
      throw new FileTransferError('too-large', `the file is ${size} bytes; the limit is ${options.maxSize}`);
    }
    const folder = await resolveDownloadsFolder(options.downloadsFolder);
    const name = safeDownloadName(options.offeredName);
    const hash = createHash('sha1');
    let resumeRefused: string | undefined;
    if (options.resume !== undefined) {
      try {
        const resumed = await reopenPartial(folder, options.resume, size, hash);
        return new IncomingFileWriter({ options, folder, name, hash, resumeRefused, ...resumed });
      } catch (error) {
        // The old partial is unusable (gone, moved, unsafe): start over rather than fail the transfer.
        resumeRefused = error instanceof Error ? error.message : String(error);
      }
    }
    const partialPath = join(folder, `.${name.slice(0, 120)}.${randomBytes(6).toString('hex')}.part`);
    let handle: FileHandle;
    try {
      handle = await open(partialPath, 'wx', 0o600);
    } catch (error) {
      throw diskFailure('cannot create the partial file', error);
    }
    return new IncomingFileWriter({ options, folder, name, partialPath, handle, hash: createHash('sha1'), offset: 0, resumeRefused });
  }

  get state(): WriterState {
    return this.#state;
  }

  /** The hidden file the bytes go to until completion. */
  get partialPath(): string {
    return this.#partialPath;
  }

  /** Bytes present from the start of the file without a gap. */
  get received(): number {
    return this.#ranges?.contiguousPrefix ?? this.#contiguous;
  }

  /**
   * Writes `data` at 0-based `offset` (the MSRP session's messageData offset); awaited by the caller for
   * backpressure. Completes the file by itself when the last missing byte arrives and the size is known
   * (a resumed message never looks complete to the MSRP reassembler, which misses the bytes before it).
   */
  write(offset: number, data: Buffer): Promise<void> {
    const step = this.#tail.then(() => this.#write(offset, data));
    this.#tail = step.catch(() => undefined);
    return step;
  }

  /** The whole body at once (a small file the session delivered as one message). */
  async writeAll(body: Buffer): Promise<ReceivedFile> {
    await this.write(0, body);
    return this.complete();
  }

  /**
   * Checks size and SHA-1 and moves the file to its final, unique name. Idempotent. Rejects with
   * `size-mismatch` / `hash-mismatch` (the partial is removed: those bytes are wrong, not merely missing).
   */
  complete(): Promise<ReceivedFile> {
    return this.#tail.then(() => this.#completeOnce());
  }

  /** Ends an unfinished transfer; the partial is kept for a resume when asked (and non-empty). No-op once done. */
  async abort(reason: string, options: { keepPartial?: boolean } = {}): Promise<WriterOutcome> {
    await this.#tail;
    if (this.#state === WriterState.Receiving) {
      const keep = options.keepPartial ?? this.#options.keepPartialOnAbort ?? false;
      await this.#fail(new FileTransferError('aborted', reason), keep);
    }
    return this.done;
  }

  /** Closes the file; an unfinished transfer is aborted (keeping the partial per `keepPartialOnAbort`). */
  dispose(): Promise<void> {
    return this.abort('closed').then(() => undefined);
  }

  // ---- internals ----

  async #write(offset: number, data: Buffer): Promise<void> {
    if (this.#state !== WriterState.Receiving) {
      throw new FileTransferError('finished', `the transfer of ${this.name} is ${this.#state}`);
    }
    const end = offset + data.length;
    const limit = this.size ?? this.#options.maxSize;
    if (!Number.isSafeInteger(offset) || offset < 0 || (limit !== undefined && end > limit)) {
      const error =
        this.size === undefined
          ? new FileTransferError('too-large', `the file grew past the limit of ${limit} bytes`)
          : new FileTransferError('size-mismatch', `bytes ${offset}-${end} are outside the offered size ${this.size}`);
      await this.#fail(error, false);
      throw error;
    }
    if (data.length === 0) return;
    try {
      await this.#writes.add(offset, data);
    } catch (error) {
      const failure = diskFailure(`cannot write ${this.name}`, error);
      await this.#fail(failure, this.#options.keepPartialOnAbort ?? false);
      throw failure;
    }
    this.#account(offset, end, data);
    this.#options.onProgress?.(this.received, this.size);
    if (this.size !== undefined && this.received >= this.size) await this.#completeOnce();
  }

  /** Runs inside the write chain (or after it): never waits on the chain itself. */
  #completeOnce(): Promise<ReceivedFile> {
    this.#completion ??= this.#complete();
    return this.#completion;
  }

  /** In-order bytes feed the running SHA-1; a gap switches to range tracking and a rehash at the end. */
  #account(offset: number, end: number, data: Buffer): void {
    if (this.#ranges === undefined) {
      if (offset <= this.#contiguous) {
        if (end > this.#contiguous) this.#hash.update(data.subarray(this.#contiguous - offset));
        this.#contiguous = Math.max(this.#contiguous, end);
        return;
      }
      this.#ranges = new ByteRanges();
      this.#ranges.add(0, this.#contiguous);
    }
    this.#ranges.add(offset, end);
  }

  async #complete(): Promise<ReceivedFile> {
    const outcome = this.#state === WriterState.Failed ? await this.done : undefined;
    if (outcome !== undefined && !outcome.ok) throw outcome.error;
    this.#state = WriterState.Completing;
    try {
      const size = this.size ?? this.received;
      // A gap anywhere (ranges beyond the contiguous prefix) means bytes are missing.
      const complete = this.#ranges === undefined ? this.#contiguous >= size : this.#ranges.coversPrefix(size) && this.#ranges.count === 1;
      if (!complete) {
        throw new FileTransferError('size-mismatch', `${this.name}: received ${this.received} of ${size} bytes`);
      }
      const handle = this.#handle as FileHandle;
      await this.#writes.flush();
      const onDisk = (await handle.stat()).size;
      if (onDisk !== size) throw new FileTransferError('size-mismatch', `${this.name}: ${onDisk} bytes on disk, ${size} expected`);
      let sha1: string;
      if (this.#ranges === undefined) {
        sha1 = sha1Value(this.#hash);
      } else {
        const hash = createHash('sha1');
        await feedFile(hash, this.#partialPath);
        sha1 = sha1Value(hash);
      }
      const expected = this.#options.sha1?.toUpperCase();
      // RFC 5547 §5: the hash lets the receiver check that the file arrived intact.
      if (expected !== undefined && expected !== sha1) {
        throw new FileTransferError('hash-mismatch', `${this.name}: SHA-1 ${sha1} differs from the offered ${expected}`);
      }
      if (this.#options.durable ?? true) await handle.datasync();
      await this.#closeHandle();
      const path = await this.#moveToFinalName();
      const file: ReceivedFile = { path, name: basename(path), size, sha1, verified: expected !== undefined };
      this.#state = WriterState.Done;
      this.#resolveDone({ ok: true, file });
      return file;
    } catch (error) {
      const failure = diskFailure(`cannot complete ${this.name}`, error);
      await this.#fail(failure, false);
      throw failure;
    }
  }

  async #moveToFinalName(): Promise<string> {
    const target = await uniqueDownloadPath(this.#folder, this.name);
    try {
      await assertInsideDownloads(this.#folder, this.#partialPath);
      // Replaces the empty placeholder claimed with O_EXCL: the final name goes from empty to complete at once.
      await rename(this.#partialPath, target);
    } catch (error) {
      await rm(target, { force: true }).catch(() => undefined);
      throw diskFailure(`cannot move ${this.name} into place`, error);
    }
    return target;
  }

  async #fail(error: FileTransferError, keepPartial: boolean): Promise<void> {
    if (this.#state === WriterState.Failed || this.#state === WriterState.Done) return;
    this.#state = WriterState.Failed;
    // What was accepted goes to disk first: a kept partial must hold every byte it claims.
    const flushed = await this.#writes.flush().then(() => true, () => false);
    await this.#closeHandle();
    const bytes = flushed ? this.received : 0;
    let partial: KeptPartial | undefined;
    if (keepPartial && bytes > 0) {
      partial = { path: this.#partialPath, bytes };
    } else {
      await rm(this.#partialPath, { force: true }).catch(() => undefined);
    }
    this.#resolveDone({ ok: false, error, partial });
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close().catch(() => undefined);
  }
}

/** Opens an earlier partial for appending: trusts at most `bytes` of it, cuts the rest, rehashes the prefix. */
async function reopenPartial(
  folder: string,
  resume: { readonly partialPath: string; readonly bytes: number },
  size: number | undefined,
  hash: Hash,
): Promise<{ partialPath: string; handle: FileHandle; offset: number }> {
  await assertInsideDownloads(folder, resume.partialPath);
  const info = await stat(resume.partialPath);
  if (!info.isFile()) throw new FileTransferError('unsafe-path', 'the partial file is not a regular file');
  const offset = Math.max(0, Math.min(info.size, resume.bytes, size ?? Number.MAX_SAFE_INTEGER));
  const handle = await open(resume.partialPath, 'r+');
  try {
    await handle.truncate(offset);
    await feedFile(hash, resume.partialPath, undefined, { length: offset });
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  return { partialPath: resume.partialPath, handle, offset };
}
