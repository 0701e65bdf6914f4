import { MsrpTimeoutError } from '../errors';
import type { MsrpChunk } from '../protocol/msrp-chunk';

/** Gets the response, or the error (timeout, lost connection) that ends the wait. */
export type TransactionCallback = (response: MsrpChunk | undefined, error?: unknown) => void;

interface Pending {
  readonly settle: TransactionCallback;
  readonly timeoutMs: number;
  /** Wheel tick at which the transaction times out; `undefined` while held (a chunk still being written). */
  deadline: number | undefined;
}

/** Granularity of response timeouts: a timeout fires between `timeoutMs` and `timeoutMs + TICK_MS` late. */
export const TRANSACTION_TICK_MS = 100;

/**
 * Requests of this transport waiting for their transaction response (RFC 4975 §7.1.1: 30 s, then 408).
 * Remembers recently finished ids so that a late second response (a relay answering as well as the
 * peer) can be recognised and dropped.
 *
 * Timeouts run on one coarse timer wheel instead of a timer per transaction: a pipelined chat session has
 * thousands of open transactions, and arming and clearing a `setTimeout` for each was a measurable share
 * of its CPU. The wheel ticks (a `setTimeout` re-armed per tick, only while something is pending) count
 * time rather than read a clock, so fake timers in tests drive it like any other timer.
 */
export class PendingTransactions {
  readonly #pending = new Map<string, Pending>();
  /**
   * Recently finished ids, a ring: written for every transaction, read only for a response nobody waits
   * for (rare), so a linear search there is cheaper than keeping a hash set up to date here.
   */
  readonly #finished: (string | undefined)[];
  #finishedNext = 0;
  /** Transaction ids by the tick they expire at; entries already answered are skipped when the tick comes. */
  readonly #wheel = new Map<number, string[]>();
  #tick = 0;
  #armed = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(remember = 256) {
    this.#finished = new Array<string | undefined>(Math.max(1, remember)).fill(undefined);
  }

  get size(): number {
    return this.#pending.size;
  }

  expect(transactionId: string, timeoutMs: number): Promise<MsrpChunk> {
    return new Promise<MsrpChunk>((resolve, reject) => {
      this.expectCallback(transactionId, timeoutMs, (response, error) => (response !== undefined ? resolve(response) : reject(error)));
    });
  }

  /** `expect` without a promise (the pipelined hot path): `settle` is called exactly once. */
  expectCallback(transactionId: string, timeoutMs: number, settle: TransactionCallback): void {
    const pending: Pending = { settle, timeoutMs, deadline: undefined };
    this.#pending.set(transactionId, pending);
    this.#arm(transactionId, pending);
  }

  /**
   * Stops the clock of `transactionId` until `arm()`: RFC 4975 §7.1.1 counts the 30 s from the end of the
   * request, and a streamed chunk may take longer than that to write.
   */
  hold(transactionId: string): void {
    const pending = this.#pending.get(transactionId);
    if (pending === undefined || pending.deadline === undefined) return;
    pending.deadline = undefined;
    this.#armed--;
  }

  /** Restarts the full timeout of a held transaction (its request was written completely). */
  arm(transactionId: string): void {
    const pending = this.#pending.get(transactionId);
    if (pending !== undefined && pending.deadline === undefined) this.#arm(transactionId, pending);
  }

  /** Delivers `response` when someone waits for it; false otherwise. */
  resolve(response: MsrpChunk): boolean {
    const pending = this.#take(response.transactionId);
    pending?.settle(response);
    return pending !== undefined;
  }

  reject(transactionId: string, error: unknown): void {
    this.#take(transactionId)?.settle(undefined, error);
  }

  rejectAll(error: unknown): void {
    for (const transactionId of [...this.#pending.keys()]) this.reject(transactionId, error);
    this.#stop();
  }

  /** True for a transaction answered (or timed out) recently. */
  finished(transactionId: string): boolean {
    return this.#finished.includes(transactionId);
  }

  #arm(transactionId: string, pending: Pending): void {
    // +1: the current tick is already partly over, and a timeout must never fire early.
    const deadline = this.#tick + Math.ceil(pending.timeoutMs / TRANSACTION_TICK_MS) + 1;
    pending.deadline = deadline;
    this.#armed++;
    const slot = this.#wheel.get(deadline);
    if (slot === undefined) this.#wheel.set(deadline, [transactionId]);
    else slot.push(transactionId);
    this.#timer ??= setTimeout(this.#onTick, TRANSACTION_TICK_MS);
  }

  readonly #onTick = (): void => {
    this.#timer = undefined;
    const tick = ++this.#tick;
    const due = this.#wheel.get(tick);
    if (due !== undefined) {
      this.#wheel.delete(tick);
      for (const transactionId of due) {
        const pending = this.#pending.get(transactionId);
        // Answered meanwhile, or held and re-armed for a later tick.
        if (pending === undefined || pending.deadline !== tick) continue;
        this.#take(transactionId);
        pending.settle(undefined, new MsrpTimeoutError(`no response to transaction ${transactionId} within ${pending.timeoutMs} ms`));
      }
    }
    if (this.#armed > 0) this.#timer = setTimeout(this.#onTick, TRANSACTION_TICK_MS);
    else this.#wheel.clear();
  };

  #stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#wheel.clear();
    this.#armed = 0;
  }

  #take(transactionId: string): Pending | undefined {
    const pending = this.#pending.get(transactionId);
    if (pending === undefined) return undefined;
    if (pending.deadline !== undefined) this.#armed--;
    this.#pending.delete(transactionId);
    this.#finished[this.#finishedNext] = transactionId;
    this.#finishedNext = (this.#finishedNext + 1) % this.#finished.length;
    if (this.#pending.size === 0) this.#stop();
    return pending;
  }
}
