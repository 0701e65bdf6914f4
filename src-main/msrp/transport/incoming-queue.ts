/**
 * The transport's receive queue: pieces of incoming chunks (start/data/end) waiting for the consumer,
 * with the number of queued body bytes tracked so that the socket is paused above `highWaterMark` and
 * resumed below `lowWaterMark` (DESIGN.md "Protocol code": backpressure by pausing the socket).
 * Generic over the chunk head so that it stays a small, separately tested piece.
 */
export type IncomingPiece<Head> =
  | { readonly kind: 'start'; readonly head: Head }
  | { readonly kind: 'data'; readonly data: Buffer }
  | { readonly kind: 'end'; readonly flag: string };

export interface IncomingQueueOptions {
  readonly highWaterMark: number;
  readonly lowWaterMark: number;
  /** Called when queued bytes cross the marks. */
  readonly onPressure: (paused: boolean) => void;
}

type Waiter<Head> = { resolve: (piece: IncomingPiece<Head> | null) => void; reject: (error: unknown) => void };

export class IncomingQueue<Head> {
  readonly #pieces: IncomingPiece<Head>[] = [];
  #head = 0;
  #bytes = 0;
  #paused = false;
  #ended = false;
  #error: unknown = undefined;
  #waiter: Waiter<Head> | undefined;
  readonly #options: IncomingQueueOptions;

  constructor(options: IncomingQueueOptions) {
    this.#options = options;
  }

  /** Body bytes queued and not yet taken by the consumer. */
  get bufferedBytes(): number {
    return this.#bytes;
  }

  get paused(): boolean {
    return this.#paused;
  }

  push(piece: IncomingPiece<Head>): void {
    if (this.#ended) return;
    const waiter = this.#waiter;
    if (waiter !== undefined && this.#head === this.#pieces.length) {
      this.#waiter = undefined;
      waiter.resolve(piece);
      return;
    }
    this.#pieces.push(piece);
    if (piece.kind === 'data') {
      this.#bytes += piece.data.length;
      if (!this.#paused && this.#bytes > this.#options.highWaterMark) {
        this.#paused = true;
        this.#options.onPressure(true);
      }
    }
  }

  /** Puts a piece back in front (e.g. a binding chunk that carried content). */
  unshift(...pieces: IncomingPiece<Head>[]): void {
    const rest = this.#pieces.slice(this.#head);
    this.#pieces.length = 0;
    this.#head = 0;
    this.#pieces.push(...pieces, ...rest);
    for (const piece of pieces) if (piece.kind === 'data') this.#bytes += piece.data.length;
    const waiter = this.#waiter;
    const piece = waiter === undefined ? undefined : this.#take();
    if (waiter !== undefined && piece !== undefined) {
      this.#waiter = undefined;
      waiter.resolve(piece);
    }
  }

  /** No more pieces: pending and later reads get `null` (clean end) or reject with `error`. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter !== undefined && this.#head === this.#pieces.length) {
      if (error !== undefined) waiter.reject(error);
      else waiter.resolve(null);
    }
  }

  /** The next piece, waiting for one; `null` after a clean end. One reader at a time. */
  next(): Promise<IncomingPiece<Head> | null> {
    const piece = this.#take();
    if (piece !== undefined) return Promise.resolve(piece);
    if (this.#ended) return this.#error !== undefined ? Promise.reject(this.#error) : Promise.resolve(null);
    if (this.#waiter !== undefined) return Promise.reject(new Error('IncomingQueue: concurrent read'));
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** The next piece if one is queued, without waiting. */
  poll(): IncomingPiece<Head> | undefined {
    return this.#take();
  }

  /** Drops everything queued (close). */
  clear(): void {
    this.#pieces.length = 0;
    this.#head = 0;
    this.#bytes = 0;
  }

  #take(): IncomingPiece<Head> | undefined {
    if (this.#head >= this.#pieces.length) return undefined;
    const piece = this.#pieces[this.#head++] as IncomingPiece<Head>;
    if (this.#head > 1024 && this.#head * 2 > this.#pieces.length) {
      this.#pieces.splice(0, this.#head);
      this.#head = 0;
    }
    if (piece.kind === 'data') {
      this.#bytes -= piece.data.length;
      if (this.#paused && this.#bytes <= this.#options.lowWaterMark) {
        this.#paused = false;
        this.#options.onPressure(false);
      }
    }
    return piece;
  }
}
