import type { FileHandle } from 'node:fs/promises';

/**
 * Positioned writes gathered into batches: network pieces arrive at ~16–64 KiB, and one thread-pool round
 * trip per piece costs more than the write itself, so contiguous pieces are collected (no copy) and written
 * with one `writev` per `batchBytes`. Up to `MAX_WRITES_IN_FLIGHT` batches are on their way to disk while
 * the next fills, so the disk never waits for the event loop between two batches; `add` waits only when
 * all of them are busy, which is the backpressure the MSRP session passes on to the sender. When the disk
 * runs dry and at least half a batch is waiting, that part goes at once instead of waiting to fill up.
 */
export const DEFAULT_BATCH_BYTES = 2 * 1024 * 1024;
/** Batches written at the same time (the kernel queues the second behind the first: no gap between them). */
export const MAX_WRITES_IN_FLIGHT = 2;

export class BatchedWrites {
  readonly #handle: FileHandle;
  readonly #batchBytes: number;
  #pending: Buffer[] = [];
  #pendingStart = 0;
  #pendingBytes = 0;
  readonly #inFlight = new Set<Promise<void>>();
  #error: unknown = undefined;

  constructor(handle: FileHandle, batchBytes = DEFAULT_BATCH_BYTES) {
    this.#handle = handle;
    this.#batchBytes = Math.max(1, batchBytes);
  }

  /**
   * Queues `data` for `position`; the buffer must not be modified afterwards (it is written as is). One
   * call at a time (the caller awaits each). Pieces in flight together never overlap unless the caller
   * writes the same range twice, and then with the same bytes (a repeated chunk).
   */
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
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
    this.#throwIfFailed();
  }

  /** Starts writing what is pending as soon as a write slot is free. */
  async #launch(): Promise<void> {
    while (this.#inFlight.size >= MAX_WRITES_IN_FLIGHT) await Promise.race(this.#inFlight);
    this.#throwIfFailed();
    // A slot freed by a finished write may already have taken the pending bytes (see #start).
    if (this.#pendingBytes > 0) this.#start();
  }

  #start(): void {
    const buffers = this.#pending;
    const start = this.#pendingStart;
    this.#pending = [];
    this.#pendingBytes = 0;
    const write: Promise<void> = writeAll(this.#handle, buffers, start).then(
      () => this.#finished(write),
      (error: unknown) => {
        this.#error ??= error;
        this.#inFlight.delete(write);
      },
    );
    this.#inFlight.add(write);
  }

  #finished(write: Promise<void>): void {
    this.#inFlight.delete(write);
    // The disk went idle: half a batch is worth a write of its own rather than a wait.
    if (this.#inFlight.size === 0 && this.#error === undefined && this.#pendingBytes * 2 >= this.#batchBytes) this.#start();
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
