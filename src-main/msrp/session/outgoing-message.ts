import { TypedEmitter } from '../../common';
import { MsrpInvariantError } from '../errors';
import type { FailureReport, SuccessReport } from '../protocol/headers/report-headers';
import { generateTransactionId } from '../protocol/transaction-id';
import { RangeSet } from './range-set';

/** Where an outgoing message's bytes come from: memory, a file, a generator (benchmark). */
export interface OutgoingBodySource {
  /** Total size of the message in bytes (RFC 4975 §7.1.1 Byte-Range total). */
  readonly size: number;
  /** Up to `length` bytes at 0-based `position`; fewer only at the end. The buffer is not reused afterwards. */
  read(position: number, length: number): Buffer | Promise<Buffer>;
  close?(): void | Promise<void>;
}

const EMPTY = Buffer.alloc(0);
const NO_HEADERS: readonly (readonly [string, string])[] = Object.freeze([]);

function checkRead(data: Buffer, position: number, size: number): Buffer {
  if (data.length === 0) throw new MsrpInvariantError(`body source ended at ${position} of ${size}`);
  return data;
}

/** A body held in memory (views, no copies). */
export function bufferSource(body: Buffer): OutgoingBodySource {
  return new BufferSource(body);
}

// A class rather than an object literal with a closure: one of these is made per chat message.
class BufferSource implements OutgoingBodySource {
  readonly #body: Buffer;

  constructor(body: Buffer) {
    this.#body = body;
  }

  get size(): number {
    return this.#body.length;
  }

  read(position: number, length: number): Buffer {
    return this.#body.subarray(position, position + length);
  }
}

/** `size` bytes made of `block` repeated: large test and benchmark messages without the memory. */
export function repeatSource(block: Buffer, size: number): OutgoingBodySource {
  if (block.length === 0) throw new MsrpInvariantError('repeatSource needs a non-empty block');
  return {
    size,
    read(position, length) {
      const end = Math.min(size, position + length);
      const offset = position % block.length;
      // The common case (chunks aligned to the block) is a view; otherwise one copy of the chunk.
      if (offset + (end - position) <= block.length) return block.subarray(offset, offset + (end - position));
      const out = Buffer.allocUnsafe(end - position);
      for (let done = 0; done < out.length; ) {
        const from = (position + done) % block.length;
        done += block.copy(out, done, from, Math.min(block.length, from + out.length - done));
      }
      return out;
    },
  };
}

export enum OutgoingState {
  Queued = 'queued',
  Sending = 'sending',
  /** Every chunk was written and answered; waiting for Success-Report REPORTs. */
  Sent = 'sent',
  Delivered = 'delivered',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

const TRANSITIONS: Readonly<Record<OutgoingState, readonly OutgoingState[]>> = {
  [OutgoingState.Queued]: [OutgoingState.Sending, OutgoingState.Failed, OutgoingState.Cancelled],
  [OutgoingState.Sending]: [OutgoingState.Sent, OutgoingState.Delivered, OutgoingState.Failed, OutgoingState.Cancelled],
  [OutgoingState.Sent]: [OutgoingState.Delivered, OutgoingState.Failed],
  [OutgoingState.Delivered]: [],
  [OutgoingState.Failed]: [],
  [OutgoingState.Cancelled]: [],
};

/** How a message ended; never a rejection, so an unobserved outcome cannot crash the process. */
export interface OutgoingOutcome {
  /** `sent`: all chunks answered 200 and no REPORT was asked for; `delivered`: REPORTs covered every byte. */
  readonly state: OutgoingState.Sent | OutgoingState.Delivered | OutgoingState.Failed | OutgoingState.Cancelled;
  /** 200, or the failing status (408 for a local timeout, 413, 415, 481 …; 0 for a lost connection). */
  readonly code: number;
  readonly reason?: string;
}

export interface OutgoingProgress {
  readonly messageId: string;
  /** Bytes of the message written so far (counting from byte 1, so a resumed message starts above 0). */
  readonly sent: number;
  /** Bytes the receiver confirmed with Success-Report REPORTs (RFC 4975 §7.1.2). */
  readonly acknowledged: number;
  readonly total: number;
}

export interface OutgoingMessageEvents {
  [name: string]: unknown;
  progress: OutgoingProgress;
  done: OutgoingOutcome;
  /** Internal wake-up for the session's sender when `cancel()` is called. */
  cancel: undefined;
}

export interface OutgoingMessageOptions {
  readonly messageId?: string;
  /** Default `text/plain` for text, `application/octet-stream` for bytes. */
  readonly contentType?: string;
  /** RFC 4975 §7.1.2; default `yes` (delivery notification). */
  readonly successReport?: SuccessReport;
  /** RFC 4975 §7.1.2; default `yes`. */
  readonly failureReport?: FailureReport;
  /** Extra headers for every chunk (Content-Disposition …). */
  readonly headers?: Iterable<readonly [string, string]>;
  /** 0-based offset of the first byte to send (resume); the bytes before it count as delivered. */
  readonly start?: number;
}

/**
 * One outgoing message (RFC 4975 §7.1.1): a Message-ID, a body source, and what happened to its bytes.
 * The session turns it into chunks with Byte-Range `start-*|end/total`; `cancel()` ends it with `#`.
 */
export class OutgoingMessage extends TypedEmitter<OutgoingMessageEvents> {
  readonly messageId: string;
  readonly contentType: string;
  readonly size: number;
  readonly startOffset: number;
  readonly successReport: SuccessReport;
  readonly failureReport: FailureReport;
  readonly headers: readonly (readonly [string, string])[];
  readonly done: Promise<OutgoingOutcome>;
  /** 0-based offset of the next byte to send. */
  position: number;
  /** Byte ranges confirmed by REPORTs (0-based). */
  readonly acknowledged = new RangeSet();
  /** Chunks written whose transaction is still open. */
  openTransactions = 0;
  /** For the session's sender: called on `cancel()` (cheaper than an event listener per message). */
  onCancel: (() => void) | undefined;
  #state = OutgoingState.Queued;
  #settled = false;
  #resolve!: (outcome: OutgoingOutcome) => void;
  readonly #source: OutgoingBodySource;

  constructor(source: OutgoingBodySource, options: OutgoingMessageOptions = {}) {
    super();
    this.#source = source;
    this.messageId = options.messageId ?? generateTransactionId();
    this.contentType = options.contentType ?? 'application/octet-stream';
    this.size = source.size;
    this.startOffset = Math.max(0, Math.min(options.start ?? 0, source.size));
    this.position = this.startOffset;
    this.successReport = options.successReport ?? 'yes';
    this.failureReport = options.failureReport ?? 'yes';
    this.headers = options.headers === undefined ? NO_HEADERS : [...options.headers];
    this.done = new Promise((resolve) => (this.#resolve = resolve));
    if (this.startOffset > 0) this.acknowledged.add(0, this.startOffset);
  }

  get state(): OutgoingState {
    return this.#state;
  }

  /** No more chunks will be sent (it may still wait for REPORTs). */
  get isFinished(): boolean {
    return this.#state !== OutgoingState.Queued && this.#state !== OutgoingState.Sending;
  }

  get remaining(): number {
    return this.size - this.position;
  }

  /** Written but not yet confirmed by REPORTs. */
  get bytesInFlight(): number {
    return Math.max(0, this.position - this.acknowledged.size);
  }

  get progress(): OutgoingProgress {
    return { messageId: this.messageId, sent: this.position, acknowledged: this.acknowledged.size, total: this.size };
  }

  /** Stops sending; a message already partly sent is ended with a `#` chunk (RFC 4975 §7.1.1). */
  cancel(): void {
    if (this.#state !== OutgoingState.Queued && this.#state !== OutgoingState.Sending) return;
    this.finish({ state: OutgoingState.Cancelled, code: 0, reason: 'cancelled' });
    this.onCancel?.();
    this.emit('cancel', undefined);
  }

  /** Reads the next body slice of at most `max` bytes (the session's sender calls this). */
  async readNext(max: number): Promise<Buffer> {
    return this.read(max);
  }

  /** `readNext` without a promise when the source answers at once (memory): the chat hot path. */
  read(max: number): Buffer | Promise<Buffer> {
    const length = Math.min(max, this.size - this.position);
    if (length <= 0) return EMPTY;
    const position = this.position;
    const data = this.#source.read(position, length);
    return data instanceof Promise ? data.then((bytes) => checkRead(bytes, position, this.size)) : checkRead(data, position, this.size);
  }

  /** For the session: moves the state on (guarded by the transition table). */
  setState(next: OutgoingState): void {
    if (next === this.#state) return;
    if (!TRANSITIONS[this.#state].includes(next)) throw new MsrpInvariantError(`outgoing message ${this.messageId}: ${this.#state} → ${next}`);
    this.#state = next;
  }

  /**
   * For the session: the message reached `outcome.state`. `done` settles now unless `awaitReports` (a
   * `sent` message whose Success-Report REPORTs are still expected). The first settled outcome wins; an
   * impossible transition (e.g. a late failure REPORT after delivery) is ignored.
   */
  finish(outcome: OutgoingOutcome, options: { readonly awaitReports?: boolean } = {}): void {
    if (this.#settled) return;
    if (outcome.state !== this.#state) {
      if (!TRANSITIONS[this.#state].includes(outcome.state)) return;
      this.#state = outcome.state;
    }
    if (options.awaitReports === true && outcome.state === OutgoingState.Sent) return;
    this.#settled = true;
    const closing = this.#source.close?.();
    if (closing instanceof Promise) closing.catch(() => undefined);
    this.#resolve(outcome);
    this.emit('done', outcome);
  }

  /** True once `done` has settled. */
  get settled(): boolean {
    return this.#settled;
  }
}
