import type { Socket } from 'node:net';
import { MsrpInvariantError } from '../errors';
import type { ContinuationFlag, MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpTracer } from '../trace/msrp-tracer';
import { EndLineGuard } from './end-line-guard';

/**
 * The output side of one MSRP connection: whole chunks, streamed chunks, batching and backpressure.
 *
 * Batching: chunks written in one run of the event loop (a pipelined burst of chat messages, the responses
 * to a burst of received chunks) are encoded into one pooled buffer and handed to the socket once, on the
 * next tick — one system call instead of one per chunk. Large bodies are not copied: they follow the pooled
 * bytes as their own buffers in the same corked write.
 *
 * Streaming (RFC 4975 §7.1.1 interruptible chunks): `beginChunk` writes a head, `writeBody` body bytes
 * in slices of at most `STREAM_SLICE_BYTES`, `endChunk` the end-line with the flag the sender chooses. While
 * a chunk streams, every other write (responses, REPORTs, refusals, AUTH refreshes, chat) is held back and
 * goes out right after its end-line; `writeBody` returns early as soon as something is held (or the
 * stream's `shouldYield` says so) so that the owner can interrupt the chunk with `+` and let it through.
 * Each slice waits until the socket has passed the previous one to the kernel, so at most one slice stands
 * between a newly queued chunk and the wire.
 */
export const STREAM_SLICE_BYTES = 32 * 1024;

/** Bodies at least this large are handed to the socket as they are instead of being copied into the batch. */
const COPY_LIMIT = 16 * 1024;
const POOL_BYTES = 64 * 1024;
const RESOLVED: Promise<void> = Promise.resolve();
const noop = (): void => undefined;

export interface ChunkWriterHooks {
  /** The connection is gone (or going): the error writes reject with. */
  lost(): Error;
  /** Sees every frame written (heads, body pieces, end-lines). */
  tracer(): MsrpTracer | undefined;
  /** The connection's name in trace events. */
  label(): string;
}

export interface BeginChunkOptions {
  /** Asked before each slice: true makes `writeBody` return early (the owner has something urgent). */
  readonly shouldYield?: () => boolean;
}

interface Held {
  readonly chunk: MsrpChunk;
  readonly flag: ContinuationFlag;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Stream {
  readonly head: MsrpChunk;
  readonly guard: EndLineGuard;
  readonly shouldYield: (() => boolean) | undefined;
  /** The guard stopped the body: the chunk must end before anything more of it is written. */
  blocked: boolean;
}

export class ChunkWriter {
  readonly #socket: Socket;
  readonly #hooks: ChunkWriterHooks;
  #pool = Buffer.allocUnsafe(POOL_BYTES);
  #poolStart = 0;
  #poolUsed = 0;
  /** Buffers ready to go ahead of the pool's unwritten bytes. */
  #parts: Buffer[] = [];
  #batchBytes = 0;
  #flushScheduled = false;
  #writable: Promise<void> | undefined;
  #stream: Stream | undefined;
  #held: Held[] = [];
  #slicesPending = 0;
  #sliceWaiter: ((error?: Error | null) => void) | undefined;
  readonly #waiters = new Set<(error?: Error | null) => void>();
  #failed = false;

  constructor(socket: Socket, hooks: ChunkWriterHooks) {
    this.#socket = socket;
    this.#hooks = hooks;
  }

  /** A chunk is being streamed (between `beginChunk` and `endChunk`). */
  get streaming(): boolean {
    return this.#stream !== undefined;
  }

  /** Writes waiting for the streamed chunk to end. */
  get heldWrites(): number {
    return this.#held.length;
  }

  /** The head of the chunk being streamed. */
  get streamHead(): MsrpChunk | undefined {
    return this.#stream?.head;
  }

  /** Queues a whole chunk (held while another one streams); resolves when the socket has room again. */
  write(chunk: MsrpChunk, flag: ContinuationFlag): Promise<void> {
    if (this.#stream !== undefined) {
      return new Promise((resolve, reject) => this.#held.push({ chunk, flag, resolve, reject }));
    }
    this.#append(chunk, flag);
    return this.#backpressure();
  }

  /** `write` without a promise: false when the caller should wait for `whenWritable()`. */
  writeNow(chunk: MsrpChunk, flag: ContinuationFlag): boolean {
    if (this.#stream !== undefined) {
      this.#held.push({ chunk, flag, resolve: noop, reject: noop });
      return true;
    }
    this.#append(chunk, flag);
    return this.#socket.writableLength + this.#batchBytes <= this.#socket.writableHighWaterMark;
  }

  whenWritable(): Promise<void> {
    return this.#backpressure();
  }

  beginChunk(head: MsrpChunk, options: BeginChunkOptions = {}): void {
    if (this.#stream !== undefined) throw new MsrpInvariantError(`beginChunk(${head.transactionId}) while ${this.#stream.head.transactionId} streams`);
    // RFC 4975 §9: data follows the blank line that only a chunk with content-stuff has.
    if (!head.headers.has('Content-Type')) throw new MsrpInvariantError('a streamed chunk needs a Content-Type (RFC 4975 §7.1.1)');
    this.#sentHead(head);
    this.#appendText(head.encodeStartText());
    this.#stream = { head, guard: new EndLineGuard(head.transactionId), shouldYield: options.shouldYield, blocked: false };
  }

  /**
   * Writes body bytes of the streamed chunk and resolves with how many were written: all of them, or fewer
   * when the chunk has to end first — a write is held, `shouldYield` said so, or the next byte would
   * complete the end-line in the body (see EndLineGuard; the chunk must then end, and `streamBlocked` is set).
   */
  async writeBody(data: Buffer): Promise<number> {
    const stream = this.#requireStream();
    const socket = this.#socket;
    let done = 0;
    while (done < data.length && !stream.blocked) {
      if (this.#held.length > 0 || stream.shouldYield?.() === true) break;
      if (this.#failed) throw this.#hooks.lost();
      const piece = data.subarray(done, Math.min(data.length, done + STREAM_SLICE_BYTES));
      const accepted = stream.guard.accept(piece);
      if (accepted < piece.length) stream.blocked = true;
      if (accepted === 0) break;
      const slice = accepted === piece.length ? piece : piece.subarray(0, accepted);
      this.#sentData(stream.head.transactionId, slice);
      this.#flushNow();
      this.#slicesPending++;
      socket.write(slice, this.#onSliceWritten);
      done += accepted;
      // Only what the kernel did not take at once is waited for: at most one slice stays queued here.
      if (socket.writableLength > 0 && this.#slicesPending > 0) {
        const written = this.#waitable();
        this.#sliceWaiter = written.settle;
        await written.promise;
      }
    }
    if (this.#failed && done < data.length) throw this.#hooks.lost();
    return done;
  }

  /** True when the end-line guard stopped the streamed body (the chunk must end now). */
  get streamBlocked(): boolean {
    return this.#stream?.blocked ?? false;
  }

  /** Ends the streamed chunk with `flag` and lets the held writes out behind it. */
  endChunk(flag: ContinuationFlag): Promise<void> {
    const stream = this.#requireStream();
    this.#stream = undefined;
    this.#sentEnd(stream.head.transactionId, flag);
    this.#appendText(stream.head.encodeEndText(flag));
    const held = this.#held;
    this.#held = [];
    for (const entry of held) {
      this.#append(entry.chunk, entry.flag);
      entry.resolve();
    }
    return this.#backpressure();
  }

  /** Writes out what is batched now (before closing the connection). */
  flush(): void {
    this.#flushNow();
  }

  /** The connection is gone: held writes fail, nothing more is written. */
  fail(error: unknown): void {
    this.#failed = true;
    for (const waiter of [...this.#waiters]) waiter(new Error('connection lost'));
    this.#stream = undefined;
    const held = this.#held;
    this.#held = [];
    for (const entry of held) entry.reject(error);
    this.#parts = [];
    this.#poolStart = this.#poolUsed;
    this.#batchBytes = 0;
  }

  // ---- tracing (one boolean test while nobody listens) ----

  #sentHead(chunk: MsrpChunk): void {
    const tracer = this.#hooks.tracer();
    if (tracer?.enabled) tracer.sentNewChunk(this.#hooks.label(), chunk);
  }

  #sentData(transactionId: string, data: Buffer): void {
    const tracer = this.#hooks.tracer();
    if (tracer?.enabled) tracer.sentChunkData(this.#hooks.label(), transactionId, data);
  }

  #sentEnd(transactionId: string, flag: ContinuationFlag): void {
    const tracer = this.#hooks.tracer();
    if (tracer?.enabled) tracer.sentChunkEnd(this.#hooks.label(), transactionId, flag);
  }

  // ---- batching ----

  #append(chunk: MsrpChunk, flag: ContinuationFlag): void {
    this.#sentHead(chunk);
    const body = chunk.body;
    this.#appendText(chunk.encodeStartText());
    if (body.length > 0) {
      if (body.length >= COPY_LIMIT) {
        this.#sealPool();
        this.#parts.push(body);
        this.#batchBytes += body.length;
      } else {
        this.#appendBytes(body);
      }
      this.#sentData(chunk.transactionId, body);
    }
    this.#sentEnd(chunk.transactionId, flag);
    this.#appendText(chunk.encodeEndText(flag));
  }

  /** Encodes `text` (UTF-8) straight into the pool. */
  #appendText(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const room = text.length * 3;
    if (this.#poolUsed + room > this.#pool.length) {
      if (room > POOL_BYTES / 2) {
        this.#appendBytes(Buffer.from(text, 'utf8'));
        return;
      }
      this.#newPool();
    }
    const written = this.#pool.write(text, this.#poolUsed, 'utf8');
    this.#poolUsed += written;
    this.#added(written);
  }

  #appendBytes(bytes: Buffer): void {
    if (this.#poolUsed + bytes.length > this.#pool.length) {
      if (bytes.length > POOL_BYTES / 2) {
        this.#sealPool();
        this.#parts.push(bytes);
        this.#added(bytes.length);
        return;
      }
      this.#newPool();
    }
    bytes.copy(this.#pool, this.#poolUsed);
    this.#poolUsed += bytes.length;
    this.#added(bytes.length);
  }

  #added(bytes: number): void {
    this.#batchBytes += bytes;
    this.#schedule();
    // A long synchronous burst is written as it fills the pool, so the batch never grows unbounded.
    if (this.#batchBytes >= POOL_BYTES) this.#flushNow();
  }

  /** A fresh pool; the unwritten bytes of the old one go to `parts` first. */
  #newPool(): void {
    this.#sealPool();
    this.#pool = Buffer.allocUnsafe(POOL_BYTES);
    this.#poolStart = 0;
    this.#poolUsed = 0;
  }

  /** Moves the pool's unwritten bytes into `parts` (something that must not be copied follows them). */
  #sealPool(): void {
    if (this.#poolUsed > this.#poolStart) this.#parts.push(this.#pool.subarray(this.#poolStart, this.#poolUsed));
    this.#poolStart = this.#poolUsed;
  }

  #schedule(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    process.nextTick(this.#onTick);
  }

  readonly #onTick = (): void => {
    this.#flushScheduled = false;
    this.#flushNow();
  };

  #flushNow(): void {
    if (this.#batchBytes === 0) return;
    this.#sealPool();
    const parts = this.#parts;
    this.#parts = [];
    this.#batchBytes = 0;
    // The pooled bytes handed out belong to the socket now; later chunks continue after them.
    if (this.#pool.length - this.#poolUsed < 1024) this.#newPool();
    if (this.#failed) return;
    const socket = this.#socket;
    if (parts.length === 1) {
      socket.write(parts[0] as Buffer);
      return;
    }
    socket.cork();
    for (const part of parts) socket.write(part);
    socket.uncork();
  }

  /** Resolved at once while the socket (and batch) hold no more than the socket's high-water mark. */
  #backpressure(): Promise<void> {
    if (this.#failed) return Promise.reject(this.#hooks.lost());
    const socket = this.#socket;
    if (socket.writableLength + this.#batchBytes <= socket.writableHighWaterMark) return RESOLVED;
    // One shared promise for every writer waiting on the same full socket.
    this.#writable ??= (async () => {
      try {
        // After the pending flush the socket says whether it needs a drain.
        await new Promise<void>((resolve) => process.nextTick(resolve));
        this.#flushNow();
        while (!this.#failed && !socket.destroyed && socket.writableNeedDrain) {
          const drained = this.#waitable();
          const onDrain = (): void => drained.settle();
          socket.once('drain', onDrain);
          try {
            await drained.promise;
          } finally {
            socket.off('drain', onDrain);
          }
        }
        if (this.#failed || socket.destroyed) throw this.#hooks.lost();
      } finally {
        this.#writable = undefined;
      }
    })();
    return this.#writable;
  }

  /** The socket passed a body slice to the kernel (or failed): a waiting `writeBody` goes on. */
  readonly #onSliceWritten = (error?: Error | null): void => {
    this.#slicesPending--;
    const waiter = this.#sliceWaiter;
    if (waiter !== undefined && (this.#slicesPending === 0 || error)) {
      this.#sliceWaiter = undefined;
      waiter(error);
    }
  };

  /**
   * A promise settled by `settle` (a socket write callback, a drain) or by `fail()` — never left hanging
   * when the connection goes, and holding nothing once settled.
   */
  #waitable(): { promise: Promise<void>; settle: (error?: Error | null) => void } {
    let settle!: (error?: Error | null) => void;
    const promise = new Promise<void>((resolve, reject) => {
      settle = (error) => {
        this.#waiters.delete(settle);
        if (error) reject(this.#hooks.lost());
        else resolve();
      };
    });
    this.#waiters.add(settle);
    return { promise, settle };
  }

  #requireStream(): Stream {
    const stream = this.#stream;
    if (stream === undefined) throw new MsrpInvariantError('no chunk is being streamed');
    return stream;
  }
}
