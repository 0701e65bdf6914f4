import { MsrpConnectionError, MsrpError } from '../errors';
import type { ContinuationFlag, MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpTransport } from '../transport/msrp-transport';
import { DeliveryTracker } from './delivery-tracker';
import { OutgoingState, type OutgoingMessage } from './outgoing-message';
import { TransactionSender, type ResultCallback, type TransactionResult } from './transaction-sender';

export type { TransactionResult } from './transaction-sender';

/**
 * The session's sender: what goes out, in which order, and what the answers mean.
 *
 * Order: single chunks (chat messages up to `WHOLE_MESSAGE_BYTES`, `sendChunk`) go first. A larger message
 * is streamed as ONE interruptible chunk (RFC 4975 §7.1.1: Byte-Range `start-*` / total) and interrupted at
 * whatever byte it has reached — its end-line gets `+` — as soon as a single chunk, a response or a REPORT
 * is waiting; it then continues in a new chunk under the same Message-ID (§5.1). A chunk also ends at
 * `chunkSize` (the per-path cap: relays such as Kamailio drop large frames) and when the REPORT window is
 * full. Large messages go one at a time, in queue order.
 *
 * Answers: see `TransactionSender`. Success-Report REPORTs acknowledge byte ranges (§7.1.2); with
 * `maxBytesInFlight` they also pace the sender, which is the only flow control through relays that have
 * none (Kamailio).
 */
export interface SendQueueOptions {
  /** Largest chunk body (Infinity: no cap). */
  readonly chunkSize: number;
  readonly responseTimeoutMs: number;
  readonly maxBytesInFlight: number | undefined;
}

export interface SendQueueHooks {
  onResponse(chunk: MsrpChunk, result: TransactionResult): void;
  onProgress(message: OutgoingMessage): void;
  onDelivered(message: OutgoingMessage): void;
  onFailed(message: OutgoingMessage, code: number, reason: string): void;
}

/** Messages up to this size go as one whole chunk with the chat traffic; larger ones are streamed. */
export const WHOLE_MESSAGE_BYTES = 16 * 1024;
/** How much of a streamed message is read from its source at a time. */
const STREAM_READ_BYTES = 256 * 1024;

type Single = { readonly chunk: MsrpChunk; readonly onResult: ResultCallback | undefined } | { readonly message: OutgoingMessage };

export class SendQueue {
  readonly #transport: MsrpTransport;
  readonly #options: SendQueueOptions;
  readonly #sender: TransactionSender;
  #singles: Single[] = [];
  #bulk: OutgoingMessage[] = [];
  readonly #delivery: DeliveryTracker;
  /** Messages whose last chunk already ended with `#`. */
  readonly #aborted = new WeakSet<OutgoingMessage>();
  /** Bytes of the current bulk message read but not written when its chunk was interrupted. */
  #leftover: { readonly message: OutgoingMessage; readonly data: Buffer } | undefined;
  #running = false;
  #wake: (() => void) | undefined;
  #idleWaiters: (() => void)[] = [];
  #closedError: MsrpError | undefined;

  constructor(transport: MsrpTransport, options: SendQueueOptions, hooks: SendQueueHooks) {
    this.#transport = transport;
    this.#options = options;
    this.#sender = new TransactionSender(transport, options.responseTimeoutMs, hooks.onResponse, () => this.#notifyIdle());
    this.#delivery = new DeliveryTracker(options.responseTimeoutMs, { ...hooks, wake: () => this.#wakeUp() });
  }

  /** Nothing queued, nothing being written, no transaction open. */
  get idle(): boolean {
    return !this.#running && this.#singles.length === 0 && this.#bulk.length === 0 && this.#sender.open === 0;
  }

  get queuedMessages(): number {
    return this.#singles.length + this.#bulk.length;
  }

  /** When something was last written (keep-alive). */
  get lastWriteAt(): number {
    return this.#sender.lastWriteAt;
  }

  set lastWriteAt(time: number) {
    this.#sender.lastWriteAt = time;
  }

  /** A REPORT for one of our messages (RFC 4975 §7.1.2, §7.3.2). */
  handleReport(report: MsrpChunk): void {
    this.#delivery.handleReport(report);
  }

  enqueueChunk(chunk: MsrpChunk, onResult?: (result: TransactionResult) => void): void {
    this.#singles.push({ chunk, onResult });
    this.#kick();
  }

  enqueueMessage(message: OutgoingMessage): void {
    this.#delivery.track(message);
    message.onCancel = this.#onCancel;
    if (message.remaining <= Math.min(this.#options.chunkSize, WHOLE_MESSAGE_BYTES)) this.#singles.push({ message });
    else this.#bulk.push(message);
    this.#kick();
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
    const singles = this.#singles;
    this.#singles = [];
    for (const single of singles) {
      if ('message' in single) continue;
      single.onResult?.(this.#sender.localResult(single.chunk, 408, 'Connection lost', error));
    }
    this.#bulk = [];
    this.#leftover = undefined;
    this.#delivery.failAll(error.message);
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

  readonly #onCancel = (): void => this.#kick();

  async #run(): Promise<void> {
    try {
      while (this.#closedError === undefined) {
        const single = this.#singles.shift();
        if (single !== undefined) {
          let writable: boolean | Promise<boolean>;
          if ('message' in single) writable = this.#sendWhole(single.message);
          else writable = this.#sender.send(single.chunk, single.onResult);
          if (typeof writable !== 'boolean') writable = await writable;
          if (!writable) await this.#transport.whenWritable();
          continue;
        }
        const message = this.#bulk[0];
        if (message === undefined) break;
        if (message.isFinished || message.remaining === 0) {
          this.#bulk.shift();
          if (this.#leftover?.message === message) this.#leftover = undefined;
          // A cancelled message that was started still owes the receiver its `#` (RFC 4975 §7.1.1).
          if (message.state === OutgoingState.Cancelled) await this.#endCancelled(message);
          continue;
        }
        if (this.#windowFull(message)) {
          // Paced by REPORTs: wait for one (or for a chat message to send meanwhile).
          if (!(await this.#sleep(this.#options.responseTimeoutMs))) {
            this.#delivery.fail(message, 408, `no REPORT within ${this.#options.responseTimeoutMs} ms with ${message.bytesInFlight} bytes in flight`);
          }
          continue;
        }
        await this.#streamChunk(message);
      }
    } finally {
      this.#running = false;
      this.#notifyIdle();
    }
  }

  /** A small message as one whole chunk; false (or a promise of it) when the transport wants a pause. */
  #sendWhole(message: OutgoingMessage): boolean | Promise<boolean> {
    if (message.state === OutgoingState.Cancelled) return this.#endCancelled(message).then(() => true);
    if (message.isFinished) return true;
    if (message.state === OutgoingState.Queued) message.setState(OutgoingState.Sending);
    const start = message.position;
    let body: Buffer | Promise<Buffer>;
    try {
      body = message.read(message.remaining);
    } catch (error) {
      return this.#readFailed(message, start, error).then(() => true);
    }
    if (body instanceof Promise) {
      return body.then(
        (data) => this.#writeWhole(message, start, data),
        (error: unknown) => this.#readFailed(message, start, error).then(() => true),
      );
    }
    return this.#writeWhole(message, start, body);
  }

  #writeWhole(message: OutgoingMessage, start: number, body: Buffer): boolean {
    if (message.isFinished) return true;
    const chunk = this.#messageChunk(message, start, body, false);
    message.position = start + body.length;
    message.openTransactions++;
    const writable = this.#sender.send(chunk, (result) => this.#delivery.chunkResult(message, result));
    this.#delivery.progress(message);
    return writable;
  }

  /**
   * The next chunk of a large message (RFC 4975 §7.1.1), streamed from where the message stands until it
   * ends (`$`), must give way (`+`), or fails or is cancelled mid-chunk (`#`).
   */
  async #streamChunk(message: OutgoingMessage): Promise<void> {
    if (message.state === OutgoingState.Queued) message.setState(OutgoingState.Sending);
    let data = await this.#nextData(message, 0);
    if (data === undefined || message.isFinished) return;
    const transport = this.#transport;
    const chunk = this.#messageChunk(message, message.position, undefined, true);
    message.openTransactions++;
    this.#sender.track(chunk, (result) => this.#delivery.chunkResult(message, result));
    this.#sender.lastWriteAt = Date.now();
    transport.beginChunk(chunk, { shouldYield: () => this.#singles.length > 0 || message.isFinished || this.#closedError !== undefined });
    let chunkBytes = 0;
    for (;;) {
      const written = await transport.writeBody(data);
      message.position += written;
      chunkBytes += written;
      // One chunk may be a whole file: progress goes with the bytes, not with chunk ends.
      if (written > 0) this.#delivery.progress(message);
      if (written < data.length) this.#leftover = { message, data: data.subarray(written) };
      if (written < data.length || message.position >= message.size || this.#mustEnd(message, chunkBytes)) break;
      const next = await this.#nextData(message, chunkBytes);
      if (next === undefined || message.isFinished) {
        if (next !== undefined) this.#leftover = { message, data: next };
        break;
      }
      data = next;
    }
    let flag: ContinuationFlag = '+';
    if (message.position >= message.size) flag = '$';
    else if (message.isFinished) {
      // Cancelled or failed mid-chunk: this chunk's end-line abandons the message (RFC 4975 §7.1.1).
      flag = '#';
      this.#aborted.add(message);
    }
    await transport.endChunk(flag);
  }

  /** Ends the current chunk: something else waits, the cap or the REPORT window is reached. */
  #mustEnd(message: OutgoingMessage, chunkBytes: number): boolean {
    return (
      this.#singles.length > 0 ||
      this.#transport.heldWrites > 0 ||
      this.#transport.streamBlocked ||
      message.isFinished ||
      this.#closedError !== undefined ||
      chunkBytes >= this.#options.chunkSize ||
      this.#windowFull(message)
    );
  }

  /** Body bytes to write next (at most to the cap and the window); undefined when the source failed. */
  async #nextData(message: OutgoingMessage, chunkBytes: number): Promise<Buffer | undefined> {
    const leftover = this.#leftover;
    this.#leftover = undefined;
    let limit = Math.min(STREAM_READ_BYTES, this.#options.chunkSize - chunkBytes);
    const window = this.#options.maxBytesInFlight;
    if (window !== undefined && message.successReport === 'yes') limit = Math.min(limit, Math.max(1, window - message.bytesInFlight));
    if (leftover !== undefined && leftover.message === message) {
      if (leftover.data.length <= limit) return leftover.data;
      this.#leftover = { message, data: leftover.data.subarray(limit) };
      return leftover.data.subarray(0, limit);
    }
    const start = message.position;
    try {
      return await message.read(limit);
    } catch (error) {
      await this.#readFailed(message, start, error, chunkBytes > 0);
      return undefined;
    }
  }

  #windowFull(message: OutgoingMessage): boolean {
    const window = this.#options.maxBytesInFlight;
    return window !== undefined && message.successReport === 'yes' && message.bytesInFlight >= window;
  }

  /** The body source failed: the message fails, and a started one is abandoned with `#` (RFC 4975 §7.1.1). */
  async #readFailed(message: OutgoingMessage, start: number, error: unknown, inChunk = false): Promise<void> {
    this.#delivery.fail(message, 0, error instanceof Error ? error.message : String(error));
    if (!inChunk && start > message.startOffset) await this.#sendAbort(message);
  }

  async #endCancelled(message: OutgoingMessage): Promise<void> {
    if (message.position > message.startOffset && message.position < message.size && !this.#aborted.has(message)) await this.#sendAbort(message);
    this.#delivery.untrack(message);
  }

  #messageChunk(message: OutgoingMessage, start: number, body: Buffer | undefined, streamed: boolean): MsrpChunk {
    return this.#transport.makeChunk({
      messageId: message.messageId,
      ...(body !== undefined ? { body } : {}),
      start: start + 1,
      total: message.size,
      contentType: message.contentType,
      successReport: message.successReport,
      failureReport: message.failureReport,
      headers: message.headers,
      streamed,
    });
  }

  /** RFC 4975 §7.1.1: a message is abandoned by ending a chunk of it with `#` (here an empty one). */
  async #sendAbort(message: OutgoingMessage): Promise<void> {
    this.#aborted.add(message);
    const chunk = this.#transport.makeChunk({ messageId: message.messageId, start: message.position + 1, total: message.size, failureReport: 'no' });
    chunk.continuation = '#';
    try {
      if (!this.#sender.send(chunk, undefined)) await this.#transport.whenWritable();
    } catch {
      /* the connection is gone: nothing to abandon any more */
    }
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
    if (this.#idleWaiters.length === 0) return;
    if (!this.idle && this.#closedError === undefined) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
