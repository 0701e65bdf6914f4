import type { FileHandle } from 'node:fs/promises';
import type { UploadId } from '../../../src-shared';
import { ConflictError, InvalidArgumentError, StorageError } from '../errors';

export interface StagedUploadInit {
  readonly id: UploadId;
  /** Bytes the page announced; exactly this many must arrive before the file can be sent. */
  readonly size: number;
  readonly dir: string;
  /** `<dir>/<safe name>`: its basename is the name the far end is offered. */
  readonly path: string;
  readonly handle: FileHandle;
  /** The most bytes one chunk may carry. */
  readonly chunkBytes: number;
}

/**
 * One file being copied from the page into the profile, in order: each chunk must start where the bytes
 * already accepted end, and nothing past the announced size is taken. Writes are serialized on one file
 * handle, so a chunk sent before the previous one was answered (pipelining) is checked against the bytes
 * accepted so far and written after it: never out of order, never two writes at once.
 */
export class StagedUpload {
  readonly id: UploadId;
  readonly size: number;
  readonly dir: string;
  readonly path: string;
  readonly #chunkBytes: number;
  #handle: FileHandle | undefined;
  /** Bytes taken into the write queue: the offset the next chunk must have. */
  #accepted = 0;
  /** Bytes on disk. */
  #written = 0;
  /** The last queued write, settled either way: the next one starts after it. */
  #tail: Promise<void> = Promise.resolve();
  /** The first write that failed: the file's content is unknown from there on, so every later write fails too. */
  #failure: StorageError | undefined;
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(init: StagedUploadInit) {
    this.id = init.id;
    this.size = init.size;
    this.dir = init.dir;
    this.path = init.path;
    this.#handle = init.handle;
    this.#chunkBytes = init.chunkBytes;
  }

  /** Bytes on disk so far. */
  get written(): number {
    return this.#written;
  }

  /** Every announced byte was accepted (some may still be on their way to disk). */
  get fullyAccepted(): boolean {
    return this.#accepted === this.size;
  }

  get failed(): boolean {
    return this.#failure !== undefined;
  }

  /**
   * Queues `bytes` at `offset` and resolves with the bytes staged once they are on disk. Refused without
   * writing anything: a wrong offset (conflict: a chunk lost, repeated or reordered), an empty or oversized
   * chunk, bytes past the announced size, a closed upload.
   */
  async append(offset: number, bytes: Uint8Array): Promise<number> {
    // Checked and counted before the first await: two chunks sent back to back see each other's offsets.
    const handle = this.#handle;
    if (handle === undefined) throw new ConflictError('The upload is no longer taking bytes.', 'id');
    if (this.#failure !== undefined) throw this.#failure;
    if (offset !== this.#accepted) {
      throw new ConflictError(`The next chunk must start at byte ${this.#accepted}, not ${offset}.`, 'offset');
    }
    if (bytes.length === 0 || bytes.length > this.#chunkBytes) {
      throw new InvalidArgumentError(`Send 1 to ${this.#chunkBytes} bytes at a time.`, 'bytes');
    }
    if (offset + bytes.length > this.size) {
      throw new InvalidArgumentError(`The file was announced as ${this.size} bytes; this chunk would go past its end.`, 'bytes');
    }
    this.#accepted += bytes.length;
    const write = this.#tail.then(() => this.#write(handle, offset, bytes));
    this.#tail = write.then(
      () => undefined,
      () => undefined,
    );
    await write;
    return offset + bytes.length;
  }

  /** Takes no more chunks, lets queued writes finish, closes the file. Idempotent; never throws. */
  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    this.stopIdleTimer();
    await this.#tail;
    await handle?.close().catch(() => undefined);
  }

  /** (Re)starts the idle timer: `onIdle` runs if no chunk comes within `ms`. Unref'd: it never keeps Node alive. */
  restartIdleTimer(ms: number, onIdle: () => void): void {
    this.stopIdleTimer();
    this.#idleTimer = setTimeout(onIdle, ms);
    this.#idleTimer.unref();
  }

  stopIdleTimer(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  async #write(handle: FileHandle, offset: number, bytes: Uint8Array): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      // A positional write may be short (it rarely is on a regular file): loop until every byte is down.
      for (let done = 0; done < bytes.length; ) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, offset + done);
        if (bytesWritten <= 0) throw new Error('the disk took no bytes');
        done += bytesWritten;
      }
    } catch (error) {
      this.#failure = new StorageError('The upload could not be written to the profile (is the disk full?).', error);
      throw this.#failure;
    }
    this.#written += bytes.length;
  }
}
