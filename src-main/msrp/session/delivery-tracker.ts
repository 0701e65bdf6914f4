import type { MsrpChunk } from '../protocol/msrp-chunk';
import { OutgoingState, type OutgoingMessage } from './outgoing-message';
import type { TransactionResult } from './transaction-sender';

export interface DeliveryHooks {
  onProgress(message: OutgoingMessage): void;
  onDelivered(message: OutgoingMessage): void;
  onFailed(message: OutgoingMessage, code: number, reason: string): void;
  /** Something changed that a sender waiting on the REPORT window may care about. */
  wake(): void;
}

/**
 * What the answers to our messages mean (RFC 4975 §7.1.2): transaction responses settle chunks, a non-200
 * fails the message; Success-Report REPORTs acknowledge byte ranges until the whole message is covered
 * (delivered); a failure REPORT fails it. Messages stay tracked by Message-ID while answers may come.
 */
export class DeliveryTracker {
  readonly #responseTimeoutMs: number;
  readonly #hooks: DeliveryHooks;
  /** Messages that may still get responses or REPORTs, by Message-ID. */
  readonly #tracked = new Map<string, OutgoingMessage>();
  readonly #reportTimers = new Map<string, NodeJS.Timeout>();

  constructor(responseTimeoutMs: number, hooks: DeliveryHooks) {
    this.#responseTimeoutMs = responseTimeoutMs;
    this.#hooks = hooks;
  }

  track(message: OutgoingMessage): void {
    this.#tracked.set(message.messageId, message);
  }

  /** A REPORT for one of our messages (RFC 4975 §7.1.2, §7.3.2). */
  handleReport(report: MsrpChunk): void {
    let messageId: string | undefined;
    let code: number;
    let comment: string | undefined;
    let range;
    try {
      messageId = report.messageId;
      const status = report.status;
      code = status?.code ?? 0;
      comment = status?.comment;
      range = report.byteRange;
    } catch {
      return;
    }
    const message = messageId === undefined ? undefined : this.#tracked.get(messageId);
    if (message === undefined) return;
    if (code !== 200) {
      this.fail(message, code, comment ?? 'failure REPORT');
      return;
    }
    if (range !== undefined) {
      const end = range.end === '*' ? message.position : range.end;
      message.acknowledged.add(range.start - 1, Math.min(end, message.size));
    } else {
      message.acknowledged.add(0, message.size);
    }
    this.progress(message);
    if (message.acknowledged.covers(0, message.size)) {
      this.untrack(message);
      message.finish({ state: OutgoingState.Delivered, code: 200 });
      this.#hooks.onDelivered(message);
    }
    this.#hooks.wake();
  }

  /** The transaction result of one chunk of `message`. */
  chunkResult(message: OutgoingMessage, result: TransactionResult): void {
    message.openTransactions--;
    const code = result.response.code ?? 0;
    if (code !== 200) {
      this.fail(message, result.error !== undefined ? 0 : code, result.response.comment ?? `status ${code}`);
      return;
    }
    if (message.isFinished || message.position < message.size || message.openTransactions > 0) return;
    if (message.acknowledged.covers(0, message.size)) return;
    const awaitReports = message.successReport === 'yes';
    message.finish({ state: OutgoingState.Sent, code: 200 }, { awaitReports });
    if (!awaitReports) {
      this.untrack(message);
      return;
    }
    // RFC 4975 §7.1.2 does not bound the wait for a Success-Report; we stop waiting after the response timeout.
    const timer = setTimeout(() => {
      this.#reportTimers.delete(message.messageId);
      this.untrack(message);
      message.finish({ state: OutgoingState.Sent, code: 200, reason: 'no delivery report' });
    }, this.#responseTimeoutMs);
    this.#reportTimers.set(message.messageId, timer);
  }

  progress(message: OutgoingMessage): void {
    this.#hooks.onProgress(message);
    if (message.listenerCount('progress') > 0) message.emit('progress', message.progress);
  }

  fail(message: OutgoingMessage, code: number, reason: string): void {
    this.untrack(message);
    if (message.settled) return;
    message.finish({ state: OutgoingState.Failed, code, reason });
    this.#hooks.onFailed(message, code, reason);
    this.#hooks.wake();
  }

  untrack(message: OutgoingMessage): void {
    this.#tracked.delete(message.messageId);
    if (this.#reportTimers.size === 0) return;
    const timer = this.#reportTimers.get(message.messageId);
    if (timer !== undefined) clearTimeout(timer);
    this.#reportTimers.delete(message.messageId);
  }

  /** The connection is gone: every tracked message fails with code 0. */
  failAll(reason: string): void {
    for (const timer of this.#reportTimers.values()) clearTimeout(timer);
    this.#reportTimers.clear();
    for (const message of [...this.#tracked.values()]) this.fail(message, 0, reason);
  }
}
