import { EventThrottle } from '../ipc/event-throttle';

/**
 * Turns a transfer's byte counter into progress snapshots for the UI: bytes, total, speed over a sliding
 * window (a few seconds: steady enough to read, quick to follow a change) and ETA, emitted at most ~10
 * times per second through the services' EventThrottle (DESIGN.md "State flow"). `finish()` flushes the
 * last value so the bar never stops short of where the transfer ended.
 */
export interface TransferProgressSnapshot {
  readonly transferId: string;
  readonly bytes: number;
  readonly total: number | undefined;
  /** Bytes per second over the window; 0 until two samples exist. */
  readonly bytesPerSecond: number;
  /** Seconds left at the current speed; undefined when unknown (no total or no speed yet). */
  readonly etaSeconds: number | undefined;
}

export interface TransferProgressOptions {
  readonly transferId: string;
  readonly total: number | undefined;
  readonly emit: (snapshot: TransferProgressSnapshot) => void;
  /** Default 3000 ms. */
  readonly windowMs?: number;
  /** Default 100 ms (about 10 per second). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

export class TransferProgress {
  readonly transferId: string;
  readonly total: number | undefined;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #throttle: EventThrottle<TransferProgressSnapshot>;
  /** (time, bytes) samples inside the window, oldest first. */
  readonly #samples: { at: number; bytes: number }[] = [];
  #last: TransferProgressSnapshot | undefined;

  constructor(options: TransferProgressOptions) {
    this.transferId = options.transferId;
    this.total = options.total;
    this.#windowMs = options.windowMs ?? 3000;
    this.#now = options.now ?? Date.now;
    this.#throttle = new EventThrottle({ emit: options.emit, ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }) });
  }

  /** The latest snapshot computed (whether or not it went out yet). */
  get last(): TransferProgressSnapshot | undefined {
    return this.#last;
  }

  /** Records the transfer's byte counter (absolute, e.g. including a resumed prefix). */
  update(bytes: number): void {
    this.#last = this.#snapshot(bytes);
    this.#throttle.push(this.#last);
  }

  /** Sends the pending snapshot now (before a "done" event). */
  finish(): void {
    this.#throttle.flush();
  }

  dispose(): void {
    this.#throttle.dispose();
  }

  #snapshot(bytes: number): TransferProgressSnapshot {
    const now = this.#now();
    const samples = this.#samples;
    // One sample per ~1/30 of the window is plenty: updates may come for every chunk.
    const newest = samples.at(-1);
    if (newest === undefined || now - newest.at >= this.#windowMs / 30) samples.push({ at: now, bytes });
    // Keep one sample older than the window so the rate spans the whole window.
    while (samples.length > 2 && now - (samples[1] as { at: number }).at >= this.#windowMs) samples.shift();
    const first = samples[0] as { at: number; bytes: number };
    const elapsed = (now - first.at) / 1000;
    const bytesPerSecond = elapsed > 0 ? Math.max(0, (bytes - first.bytes) / elapsed) : 0;
    const etaSeconds =
      this.total === undefined ? undefined
      : bytes >= this.total ? 0
      : bytesPerSecond > 0 ? (this.total - bytes) / bytesPerSecond
      : undefined;
    return { transferId: this.transferId, bytes, total: this.total, bytesPerSecond, etaSeconds };
  }
}
