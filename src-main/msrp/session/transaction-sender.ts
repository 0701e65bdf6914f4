import { MsrpConnectionError, MsrpError, MsrpTimeoutError } from '../errors';
import type { FailureReport } from '../protocol/headers/report-headers';
import { makeResponse } from '../protocol/make-response';
import type { MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpTransport } from '../transport/msrp-transport';

export interface TransactionResult {
  readonly response: MsrpChunk;
  /** True when the response was made here (timeout, Failure-Report partial/no, lost connection). */
  readonly local: boolean;
  /** Set for a lost connection. */
  readonly error?: MsrpError;
}

export type ResultCallback = (result: TransactionResult) => void;

/**
 * Writes requests and maps what comes back to a transaction result (RFC 4975 §7.1.1, §7.1.2): the
 * response within `responseTimeoutMs`, else a local 408 when Failure-Report is `yes`, a local 200 when it
 * is `partial`; `no` expects nothing and counts as 200 once written. No promise per transaction: a
 * pipelined chat session has thousands open, and callbacks are what the hot path can afford.
 */
export class TransactionSender {
  readonly #transport: MsrpTransport;
  readonly #timeoutMs: number;
  readonly #onResult: (chunk: MsrpChunk, result: TransactionResult) => void;
  readonly #onSettled: () => void;
  /** Transactions written and not answered yet. */
  open = 0;
  lastWriteAt = Date.now();

  constructor(transport: MsrpTransport, timeoutMs: number, onResult: (chunk: MsrpChunk, result: TransactionResult) => void, onSettled: () => void) {
    this.#transport = transport;
    this.#timeoutMs = timeoutMs;
    this.#onResult = onResult;
    this.#onSettled = onSettled;
  }

  /** Arranges for `chunk`'s transaction result (before its first byte is written); false when none will come. */
  track(chunk: MsrpChunk, onResult: ResultCallback | undefined): boolean {
    const failureReport = chunk.failureReport;
    if (failureReport === 'no') return false;
    this.open++;
    this.#transport.awaitResponse(chunk.transactionId, this.#timeoutMs, (response, error) => {
      this.#deliver(chunk, onResult, response !== undefined ? { response, local: false } : this.#failure(chunk, failureReport, error));
      this.open--;
      this.#onSettled();
    });
    return true;
  }

  /**
   * Writes a whole request; its result arrives through `onResult`. Returns false when the caller should
   * wait for `transport.whenWritable()`; throws when the connection is gone.
   */
  send(chunk: MsrpChunk, onResult: ResultCallback | undefined): boolean {
    const expecting = this.track(chunk, onResult);
    this.lastWriteAt = Date.now();
    let writable: boolean;
    try {
      writable = this.#transport.writeChunkNow(chunk);
    } catch (error) {
      // An expected response is failed by the transport as it closes.
      if (!expecting) this.#deliver(chunk, onResult, this.localResult(chunk, 408, 'Connection lost', error instanceof MsrpError ? error : undefined));
      throw error;
    }
    // Failure-Report `no`: nothing will come back (RFC 4975 §7.1.2); written is as good as it gets.
    if (!expecting) this.#deliver(chunk, onResult, this.localResult(chunk, 200));
    return writable;
  }

  localResult(chunk: MsrpChunk, code: number, comment?: string, error?: MsrpError): TransactionResult {
    return { response: makeResponse(chunk, code, comment), local: true, ...(error !== undefined ? { error } : {}) };
  }

  #failure(chunk: MsrpChunk, failureReport: FailureReport, error: unknown): TransactionResult {
    // RFC 4975 §7.1.1: no response in time is a 408 when failures are reported, success for `partial`.
    if (error instanceof MsrpTimeoutError) return failureReport === 'partial' ? this.localResult(chunk, 200) : this.localResult(chunk, 408, 'Request Timeout');
    const lost = error instanceof MsrpError ? error : new MsrpConnectionError('msrp-connection-lost', String(error));
    return this.localResult(chunk, 408, 'Connection lost', lost);
  }

  #deliver(chunk: MsrpChunk, onResult: ResultCallback | undefined, result: TransactionResult): void {
    this.#onResult(chunk, result);
    onResult?.(result);
  }
}
