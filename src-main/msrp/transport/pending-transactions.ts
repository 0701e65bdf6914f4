import { MsrpTimeoutError } from '../errors';
import type { MsrpChunk } from '../protocol/msrp-chunk';

interface Pending {
  resolve(response: MsrpChunk): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * Requests of this transport waiting for their transaction response (RFC 4975 §7.1.1: 30 s, then 408).
 * Remembers recently finished ids so that a late second response (a relay answering as well as the
 * peer) can be recognised and dropped.
 */
export class PendingTransactions {
  readonly #pending = new Map<string, Pending>();
  readonly #finished = new Set<string>();
  readonly #remember: number;

  constructor(remember = 256) {
    this.#remember = remember;
  }

  get size(): number {
    return this.#pending.size;
  }

  expect(transactionId: string, timeoutMs: number): Promise<MsrpChunk> {
    return new Promise<MsrpChunk>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#take(transactionId);
        reject(new MsrpTimeoutError(`no response to transaction ${transactionId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(transactionId, { resolve, reject, timer });
    });
  }

  /** Delivers `response` when someone waits for it; false otherwise. */
  resolve(response: MsrpChunk): boolean {
    const pending = this.#take(response.transactionId);
    pending?.resolve(response);
    return pending !== undefined;
  }

  reject(transactionId: string, error: unknown): void {
    this.#take(transactionId)?.reject(error);
  }

  rejectAll(error: unknown): void {
    for (const transactionId of [...this.#pending.keys()]) this.reject(transactionId, error);
  }

  /** True for a transaction answered (or timed out) recently. */
  finished(transactionId: string): boolean {
    return this.#finished.has(transactionId);
  }

  #take(transactionId: string): Pending | undefined {
    const pending = this.#pending.get(transactionId);
    if (pending === undefined) return undefined;
    clearTimeout(pending.timer);
    this.#pending.delete(transactionId);
    this.#finished.add(transactionId);
    if (this.#finished.size > this.#remember) this.#finished.delete(this.#finished.values().next().value as string);
    return pending;
  }
}
