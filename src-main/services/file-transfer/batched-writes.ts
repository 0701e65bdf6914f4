import type { FileHandle } from 'node:fs/promises';

/**
 * Positioned writes gathered into batches: network pieces arrive at ~16–64 KiB, and one thread-pool round
 * trip per piece costs more than the write itself, so contiguous pieces are collected (no copy) and written
 * with one `writev` per `batchBytes`. One batch is on its way to disk while the next fills; `add` waits
 * only when both are busy, which is the backpressure the MSRP session passes on to the sender.
 */
export const DEFAULT_BATCH_BYTES = 2 * 1024 * 1024;

export class BatchedWrites {
  readonly #handle: FileHandle;
  readonly #batchBytes: number;
  #pending: Buffer[] = [];
  #pendingStart = 0;
  #pendingBytes = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #error: unknown = undefined;

  constructor(handle: FileHandle, batchBytes = DEFAULT_BATCH_BYTES) {
    this.#handle = handle;
    this.#batchBytes = Math.max(1, batchBytes);
  }

  /** Queues `data` for `position`; the buffer must not be modified afterwards (it is written as is). */
  async add(position: number, data: Buffer): Promise<void> {
    this.#throwIfFailed();
    if (this.#pendingBytes > 0 && position !== this.#pendingStart + this.#pendingBytes) await this.#launch();
    if (this.#pendingBytes === 0) this.#pendingStart = position;
    this.#pending.push(data);
    this.#pendingBytes += data.length;
    if (this.#pendingBytes >= this.#batchBytes) await this.#launch();
  }

  /** Writes everything queued and waits for it; rejects with the first write error. */
  async flush(): Promise<void> {
    if (this.#pendingBytes > 0) await this.#launch();
    await this.#inFlight;
    this.#throwIfFailed();
  }

  async #launch(): Promise<void> {
    await this.#inFlight;
    this.#throwIfFailed();
    const buffers = this.#pending;
    const start = this.#pendingStart;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#inFlight = writeAll(this.#handle, buffers, start).catch((error: unknown) => {
      this.#error ??= error;
    });
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}

async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let rest = buffers;
  let at = position;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest, at);
    at += bytesWritten;
    // A short write (rare on regular files): drop what went, keep the tail of a partly written buffer.
    let skip = bytesWritten;
    let i = 0;
    while (i < rest.length && skip >= (rest[i] as Buffer).length) skip -= (rest[i++] as Buffer).length;
    rest = rest.slice(i);
    if (skip > 0 && rest.length > 0) rest[0] = (rest[0] as Buffer).subarray(skip);
    if (bytesWritten === 0 && rest.length > 0) throw new Error('the disk accepted no bytes');
  }
}
