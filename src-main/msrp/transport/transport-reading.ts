import type { MsrpError } from '../errors';
import type { MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpUri } from '../protocol/msrp-uri';
import { IncomingQueue, type IncomingPiece } from './incoming-queue';
import { SegmentReader, type IncomingChunk } from './segment-reader';
import { TransportPaths } from './transport-paths';
import { DEFAULT_READ_MAX_SIZE } from './transport-types';

/**
 * The read half of `MsrpTransport`: the queue of incoming pieces (start/data/end) the socket fills, and the
 * ways to take them — whole chunks or segments (`readChunk`, seed read_chunk), pieces (`readPiece`), and
 * putting back what a first reader looked at before the session takes over (binding, FILE_OFFSET).
 * Backpressure: above `highWaterMark` queued body bytes (or after `pause()`) `setSocketReading(false)` is
 * asked for, so a slow consumer keeps memory flat and the TCP window pushes back on the sender.
 */
export abstract class TransportReading extends TransportPaths {
  readonly #queue: IncomingQueue<MsrpChunk>;
  readonly #reader: SegmentReader;
  #userPaused = false;

  protected constructor(
    localUri: MsrpUri | undefined,
    localPath: readonly MsrpUri[] | undefined,
    marks: { readonly highWaterMark: number; readonly lowWaterMark: number },
  ) {
    super(localUri, localPath);
    this.#queue = new IncomingQueue<MsrpChunk>({ ...marks, onPressure: () => this.#updateReadFlow() });
    this.#reader = new SegmentReader(this.#queue);
  }

  /** Pauses (false) or resumes (true) reading from the socket; the transport ignores it once closed. */
  protected abstract setSocketReading(reading: boolean): void;

  /** Why reads fail once the connection is gone. */
  protected abstract lostError(): MsrpError;

  /** The queue the socket's parser fills (the transport's router pushes, its close ends it). */
  protected get incomingQueue(): IncomingQueue<MsrpChunk> {
    return this.#queue;
  }

  /** A chunk has been handed out in part by `readChunk` (a close now cuts it short). */
  protected get readerMidChunk(): boolean {
    return this.#reader.midChunk;
  }

  /** Body bytes received and waiting for the consumer. */
  get bufferedIncomingBytes(): number {
    return this.#queue.bufferedBytes;
  }

  /** True while reading from the socket is paused (queue above its mark, or `pause()`). */
  get readingPaused(): boolean {
    return this.#queue.paused || this.#userPaused;
  }

  /**
   * The next chunk, or the next segment of a chunk whose body exceeds `maxSize` (seed read_chunk with
   * virtual segments). `null` when the connection closed cleanly; rejects when it failed.
   */
  readChunk(maxSize: number = DEFAULT_READ_MAX_SIZE): Promise<IncomingChunk | null> {
    return this.#reader.read(maxSize, () => this.lostError());
  }

  /** Async iteration over incoming chunks (or segments, see `readChunk`) until the connection closes. */
  async *chunks(maxSize: number = DEFAULT_READ_MAX_SIZE): AsyncGenerator<IncomingChunk, void, undefined> {
    for (;;) {
      const next = await this.readChunk(maxSize);
      if (next === null) return;
      yield next;
    }
  }

  /**
   * Streaming access: the next piece (`start` with the head, `data` with body bytes as received, `end`
   * with the continuation flag); `null` at a clean close. Do not mix with a pending `readChunk`.
   */
  readPiece(): Promise<IncomingPiece<MsrpChunk> | null> {
    return this.#reader.readPiece();
  }

  /** `readPiece` without waiting: the next piece if one is already queued (drain loops skip a promise each). */
  pollPiece(): IncomingPiece<MsrpChunk> | undefined {
    return this.#reader.pollPiece();
  }

  /**
   * Puts back only the `start` piece just read with `readPiece`: its body and end-line are still queued (or
   * on their way), so the next reader gets the chunk whole without anybody holding its body. A chunk may be
   * a whole file (RFC 4975 §7.1.1: one interruptible chunk of any size), so a reader that only needs to see
   * the head — is this FILE_OFFSET or the data? — must not read, let alone buffer, the body to give it back.
   */
  unreadStart(head: MsrpChunk): void {
    this.#queue.unshift({ kind: 'start', head });
  }

  /** Stops reading from the socket (on top of the automatic backpressure) until `resume()`. */
  pause(): void {
    this.#userPaused = true;
    this.#updateReadFlow();
  }

  resume(): void {
    this.#userPaused = false;
    this.#updateReadFlow();
  }

  #updateReadFlow(): void {
    this.setSocketReading(!this.readingPaused);
  }
}
