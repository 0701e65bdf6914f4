import { MsrpConnectionError, MsrpError, MsrpTimeoutError } from '../errors';
import { FailureReportHeader, SuccessReportHeader } from '../protocol/headers/report-headers';
import { makeResponse } from '../protocol/make-response';
import type { MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpTracer } from '../trace/msrp-tracer';
import type { MsrpTransport } from '../transport/msrp-transport';
import { OutgoingState, type OutgoingMessage } from './outgoing-message';

/**
 * The session's sender: what goes out, in which order, and what the answers mean.
 *
 * Order: single chunks (chat messages, `sendChunk`) go before the next chunk of a large message, so a
 * queued chat message interrupts a long transfer instead of waiting behind it (RFC 4975 §7.1.1: large
 * messages are sent as interruptible chunks and continued later under the same Message-ID). Large messages
 * go one at a time, in queue order, in chunks of at most `chunkSize` bytes with Byte-Range `n-*` (§7.1.1).
 * Responses and REPORTs the session generates do not queue here at all: they are written at once.
 *
 * Answers: a transaction response within `responseTimeoutMs`, else a local 408 when Failure-Report is
 * `yes`, a local 200 when it is `partial`; `no` expects nothing and counts as 200 once written
 * (RFC 4975 §7.1.1, §7.1.2). Success-Report REPORTs acknowledge byte ranges (§7.1.2); with
 * `maxBytesInFlight` they also pace the sender, which is the only flow control through relays that have
 * none (Kamailio).
 */
export interface SendQueueOptions {
  readonly chunkSize: number;
  readonly responseTimeoutMs: number;
  readonly maxBytesInFlight: number | undefined;
  readonly tracer: MsrpTracer | undefined;
  readonly connection: string;
}

export interface TransactionResult {
  readonly response: MsrpChunk;
  /** True when the response was made here (timeout, Failure-Report partial/no, lost connection). */
  readonly local: boolean;
  /** Set for a lost connection. */
  readonly error?: MsrpError;
}

export interface SendQueueHooks {
  onResponse(chunk: MsrpChunk, result: TransactionResult): void;
  onProgress(message: OutgoingMessage): void;
  onDelivered(message: OutgoingMessage): void;
  onFailed(message: OutgoingMessage, code: number, reason: string): void;
}

type Single = { readonly chunk: MsrpChunk; readonly onResult: ((result: TransactionResult) => void) | undefined } | { readonly message: OutgoingMessage };

export class SendQueue {
  readonly #transport: MsrpTransport;
  readonly #options: SendQueueOptions;
  readonly #hooks: SendQueueHooks;
  #singles: Single[] = [];
  #bulk: OutgoingMessage[] = [];
  /** Messages that may still get responses or REPORTs, by Message-ID. */
  readonly #tracked = new Map<string, OutgoingMessage>();
  readonly #reportTimers = new Map<string, NodeJS.Timeout>();
  #openTransactions = 0;
  #running = false;
  #wake: (() => void) | undefined;
  #idleWaiters: (() => void)[] = [];
  #closedError: MsrpError | undefined;
  lastWriteAt = Date.now();

  constructor(transport: MsrpTransport, options: SendQueueOptions, hooks: SendQueueHooks) {
    this.#transport = transport;
    this.#options = options;
    this.#hooks = hooks;
  }

  /** Nothing queued, nothing being written, no transaction open. */
  get idle(): boolean {
    return !this.#running && this.#singles.length === 0 && this.#bulk.length === 0 && this.#openTransactions === 0;
  }

  get queuedMessages(): number {
    return this.#singles.length + this.#bulk.length;
  }

  enqueueChunk(chunk: MsrpChunk, onResult?: (result: TransactionResult) => void): void {
    this.#singles.push({ chunk, onResult });
    this.#kick();
  }

  enqueueMessage(message: OutgoingMessage): void {
    this.#tracked.set(message.messageId, message);
    message.once('cancel', () => this.#kick());
    // Small messages go as one chunk with the chat traffic; large ones take turns in the bulk queue.
    if (message.remaining <= this.#options.chunkSize) this.#singles.push({ message });
    else this.#bulk.push(message);
    this.#kick();
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
      this.#fail(message, code, comment ?? 'failure REPORT');
      return;
    }
    if (range !== undefined) {
      const end = range.end === '*' ? message.position : range.end;
      message.acknowledged.add(range.start - 1, Math.min(end, message.size));
    } else {
      message.acknowledged.add(0, message.size);
    }
    this.#hooks.onProgress(message);
    if (message.acknowledged.covers(0, message.size)) {
      this.#untrack(message);
      message.finish({ state: OutgoingState.Delivered, code: 200 });
      this.#hooks.onDelivered(message);
    }
    this.#wakeUp();
  }

  /** Resolves once everything queued was written and every transaction answered (graceful shutdown). */
  whenIdle(): Promise<void> {
    if (this.idle || this.#closedError !== undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The connection is gone: every queued and tracked message fails with code 0. */
  close(error: MsrpError): void {
    if (this.#closedError !== undefined) return;
    this.#closedError = error;
    for (const timer of this.#reportTimers.values()) clearTimeout(timer);
    this.#reportTimers.clear();
    const singles = this.#singles;
    this.#singles = [];
    for (const single of singles) {
      if ('message' in single) continue;
      single.onResult?.(this.#localResult(single.chunk, 408, 'Connection lost', error));
    }
    this.#bulk = [];
    for (const message of [...this.#tracked.values()]) this.#fail(message, 0, error.message);
    this.#wakeUp();
    this.#notifyIdle();
  }

  #kick(): void {
    if (this.#running) {
      this.#wakeUp();
      return;
    }
    if (this.#closedError !== undefined) return;
    this.#running = true;
    this.#run().then(
      () => undefined,
      (error: unknown) => this.close(error instanceof MsrpError ? error : new MsrpConnectionError('msrp-connection-lost', String(error))),
    );
  }

  async #run(): Promise<void> {
    try {
      while (this.#closedError === undefined) {
        const single = this.#singles.shift();
        if (single !== undefined) {
          if ('message' in single) await this.#sendMessageChunk(single.message);
          else await this.#send(single.chunk, single.onResult);
          continue;
        }
        const message = this.#bulk[0];
        if (message === undefined) break;
        if (message.isFinished || message.remaining === 0) {
          this.#bulk.shift();
          // A cancelled message that was started still owes the receiver its `#` (RFC 4975 §7.1.1).
          if (message.state === OutgoingState.Cancelled) await this.#sendMessageChunk(message);
          continue;
        }
        const window = this.#options.maxBytesInFlight;
        if (window !== undefined && message.successReport === 'yes' && message.bytesInFlight >= window) {
          // Paced by REPORTs: wait for one (or for a chat message to send meanwhile).
          if (!(await this.#sleep(this.#options.responseTimeoutMs))) {
            this.#fail(message, 408, `no REPORT within ${this.#options.responseTimeoutMs} ms with ${message.bytesInFlight} bytes in flight`);
          }
          continue;
        }
        await this.#sendMessageChunk(message);
      }
    } finally {
      this.#running = false;
      this.#notifyIdle();
    }
  }

  /** The next chunk of `message` (RFC 4975 §7.1.1); a cancelled message that was started ends with `#`. */
  async #sendMessageChunk(message: OutgoingMessage): Promise<void> {
    if (message.state === OutgoingState.Cancelled) {
      if (message.position > message.startOffset && message.position < message.size) await this.#sendAbort(message);
      this.#untrack(message);
      return;
    }
    if (message.isFinished) return;
    if (message.state === OutgoingState.Queued) message.setState(OutgoingState.Sending);
    const start = message.position;
    let body: Buffer;
    try {
      body = await message.readNext(this.#options.chunkSize);
    } catch (error) {
      this.#fail(message, 0, error instanceof Error ? error.message : String(error));
      if (start > message.startOffset) await this.#sendAbort(message);
      return;
    }
    if (message.isFinished) return;
    const chunk = this.#messageChunk(message, start, body);
    message.position = start + body.length;
    message.openTransactions++;
    await this.#send(chunk, (result) => this.#onMessageResult(message, result));
    this.#hooks.onProgress(message);
  }

  #messageChunk(message: OutgoingMessage, start: number, body: Buffer): MsrpChunk {
    const chunk = this.#transport.makeChunk({
      messageId: message.messageId,
      body,
      start: start + 1,
      total: message.size,
      contentType: message.contentType,
    });
    chunk.headers.setDecoded(SuccessReportHeader, message.successReport);
    chunk.headers.setDecoded(FailureReportHeader, message.failureReport);
    for (const [name, value] of message.headers) chunk.headers.set(name, value);
    return chunk;
  }

  /** RFC 4975 §7.1.1: a message is abandoned by ending a chunk of it with `#` (here an empty one). */
  async #sendAbort(message: OutgoingMessage): Promise<void> {
    const chunk = this.#transport.makeChunk({ messageId: message.messageId, start: message.position + 1, total: message.size });
    chunk.headers.setDecoded(FailureReportHeader, 'no');
    chunk.continuation = '#';
    await this.#send(chunk, undefined).catch(() => undefined);
  }

  #onMessageResult(message: OutgoingMessage, result: TransactionResult): void {
    message.openTransactions--;
    const code = result.response.code ?? 0;
    if (code !== 200) {
      this.#fail(message, result.error !== undefined ? 0 : code, result.response.comment ?? `status ${code}`);
      return;
    }
    if (message.isFinished || message.position < message.size || message.openTransactions > 0) return;
    if (message.acknowledged.covers(0, message.size)) return;
    const awaitReports = message.successReport === 'yes';
    message.finish({ state: OutgoingState.Sent, code: 200 }, { awaitReports });
    if (!awaitReports) {
      this.#untrack(message);
      return;
    }
    // RFC 4975 §7.1.2 does not bound the wait for a Success-Report; we stop waiting after the response timeout.
    const timer = setTimeout(() => {
      this.#reportTimers.delete(message.messageId);
      this.#untrack(message);
      message.finish({ state: OutgoingState.Sent, code: 200, reason: 'no delivery report' });
    }, this.#options.responseTimeoutMs);
    this.#reportTimers.set(message.messageId, timer);
  }

  /** Writes one request and arranges for its transaction result. Resolves once written (backpressure). */
  async #send(chunk: MsrpChunk, onResult: ((result: TransactionResult) => void) | undefined): Promise<void> {
    const failureReport = chunk.failureReport;
    let response: Promise<MsrpChunk> | undefined;
    if (failureReport !== 'no') {
      response = this.#transport.expectResponse(chunk.transactionId, this.#options.responseTimeoutMs);
      this.#openTransactions++;
    }
    const deliver = (result: TransactionResult): void => {
      this.#hooks.onResponse(chunk, result);
      onResult?.(result);
    };
    // Settle the response promise before anything can reject it unobserved.
    const settled = response?.then(
      (answer) => deliver({ response: answer, local: false }),
      (error: unknown) => {
        if (error instanceof MsrpTimeoutError) {
          // RFC 4975 §7.1.1: no response in time is a 408 when failures are reported, success for `partial`.
          deliver(failureReport === 'partial' ? this.#localResult(chunk, 200) : this.#localResult(chunk, 408, 'Request Timeout'));
        } else {
          const lost = error instanceof MsrpError ? error : new MsrpConnectionError('msrp-connection-lost', String(error));
          deliver(this.#localResult(chunk, 408, 'Connection lost', lost));
        }
      },
    );
    settled?.finally(() => {
      this.#openTransactions--;
      this.#notifyIdle();
    });
    const tracer = this.#options.tracer;
    if (tracer?.enabled) {
      tracer.sentNewChunk(this.#options.connection, chunk);
      if (chunk.body.length > 0) tracer.sentChunkData(this.#options.connection, chunk.transactionId, chunk.body);
      tracer.sentChunkEnd(this.#options.connection, chunk.transactionId, chunk.continuation);
    }
    this.lastWriteAt = Date.now();
    try {
      await this.#transport.writeChunk(chunk);
    } catch (error) {
      // The pending response (if any) is rejected by the transport as it closes.
      if (response === undefined) deliver(this.#localResult(chunk, 408, 'Connection lost', error instanceof MsrpError ? error : undefined));
      throw error;
    }
    // Failure-Report `no`: nothing will come back (RFC 4975 §7.1.2); written is as good as it gets.
    if (response === undefined) deliver(this.#localResult(chunk, 200));
  }

  #localResult(chunk: MsrpChunk, code: number, comment?: string, error?: MsrpError): TransactionResult {
    return { response: makeResponse(chunk, code, comment), local: true, ...(error !== undefined ? { error } : {}) };
  }

  #fail(message: OutgoingMessage, code: number, reason: string): void {
    this.#untrack(message);
    if (message.settled) return;
    message.finish({ state: OutgoingState.Failed, code, reason });
    this.#hooks.onFailed(message, code, reason);
    this.#wakeUp();
  }

  #untrack(message: OutgoingMessage): void {
    this.#tracked.delete(message.messageId);
    const timer = this.#reportTimers.get(message.messageId);
    if (timer !== undefined) clearTimeout(timer);
    this.#reportTimers.delete(message.messageId);
  }

  /** Waits for a wake-up (REPORT, new chunk, close); false when `timeoutMs` passed without one. */
  #sleep(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve(false);
      }, timeoutMs);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve(true);
      };
    });
  }

  #wakeUp(): void {
    this.#wake?.();
  }

  #notifyIdle(): void {
    if (!this.idle && this.#closedError === undefined) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
