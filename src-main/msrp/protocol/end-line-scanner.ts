import type { ContinuationFlag } from './msrp-chunk';
import { CR, endLineCandidateStart, endLineNeedle, flagAfterNeedle, isEndLineCandidate, isFlag, LF, toFlag } from './end-line';

/** Where an `EndLineScanner` puts what it finds. */
export interface EndLineSink {
  /** Body bytes `buffer[start, end)` (a view; `buffer` may be a small bridge copy). */
  data(buffer: Buffer, start: number, end: number): void;
  /** The end-line with `flag` ends the body. */
  end(flag: ContinuationFlag): void;
  /** False once the consumer stopped (a handler disposed the receiver): nothing is held back then. */
  readonly active: boolean;
}

const CRLF = Buffer.from('\r\n', 'latin1');

/**
 * Finds a chunk's end-line in its body stream (RFC 4975 §9: `\r\n-------<tid>` + flag + CRLF) across any
 * split of the input: bodies are searched with `indexOf` on bytes, never decoded, and handed on as views;
 * bytes that may begin an end-line are held back (at most the end-line's length) until the next buffer
 * decides. The body half of `ChunkReceiver`.
 */
export class EndLineScanner {
  readonly #sink: EndLineSink;
  #needle: Buffer = CRLF;
  #held: Buffer | undefined;
  /** Leading bytes of `#held` that are a stand-in CRLF, not body (see `start`). */
  #heldVirtual = 0;

  constructor(sink: EndLineSink) {
    this.#sink = sink;
  }

  /** Bytes held back (a possible end-line start). */
  get heldBytes(): number {
    return this.#held?.length ?? 0;
  }

  /** The end-line of `transactionId` is searched for from here on. */
  expect(transactionId: string): void {
    this.#needle = endLineNeedle(transactionId);
  }

  /** Whether `buffer[start, end)` is `-------<tid>` of the expected end-line (a bodyless chunk's end). */
  isEndLineStart(buffer: Buffer, start: number, end: number): boolean {
    const needle = this.#needle;
    return end - start === needle.length - 2 && buffer.compare(needle, 2, needle.length, start, end) === 0;
  }

  /**
   * Starts a body. At a line start a stand-in CRLF is held so that an end-line at the very start (an empty
   * body sent without the CRLF RFC 4975 §9 puts before the end-line, or a skipped chunk's bodyless end) is
   * found like any other.
   */
  start(atLineStart: boolean): void {
    this.#held = atLineStart ? CRLF : undefined;
    this.#heldVirtual = atLineStart ? 2 : 0;
  }

  reset(): void {
    this.#held = undefined;
    this.#heldVirtual = 0;
  }

  /** Consumes `buffer[pos…]` up to and including the end-line if it is there; returns the new position. */
  scan(buffer: Buffer, pos: number): number {
    return this.#held === undefined ? this.#scanFree(buffer, pos) : this.#scanHeld(buffer, pos);
  }

  /** Scans `buffer[pos…]` (nothing held) for the end-line. */
  #scanFree(buffer: Buffer, pos: number): number {
    const needle = this.#needle;
    const endLineLength = needle.length + 3;
    let from = pos;
    for (;;) {
      const idx = buffer.indexOf(needle, from);
      if (idx < 0) {
        // Only the last endLineLength-1 bytes can start an incomplete end-line.
        const tail = endLineCandidateStart(buffer, Math.max(pos, buffer.length - endLineLength + 1), needle);
        this.#sink.data(buffer, pos, tail);
        if (tail < buffer.length && this.#sink.active) {
          this.#held = Buffer.from(buffer.subarray(tail));
          this.#heldVirtual = 0;
        }
        return buffer.length;
      }
      if (buffer.length - idx >= endLineLength) {
        const flag = flagAfterNeedle(buffer, idx, needle);
        if (flag !== undefined) {
          this.#sink.data(buffer, pos, idx);
          this.#sink.end(flag);
          return idx + endLineLength;
        }
      } else if (isEndLineCandidate(buffer, idx, needle)) {
        this.#sink.data(buffer, pos, idx);
        if (this.#sink.active) {
          this.#held = Buffer.from(buffer.subarray(idx));
          this.#heldVirtual = 0;
        }
        return buffer.length;
      }
      // `\r\n-------<tid>` followed by something else is body (the tid may prefix a longer word).
      from = idx + 1;
    }
  }

  /**
   * Resolves the held tail against the next bytes: joins it with up to one end-line's worth of `buffer`
   * (a small copy), looks for an end-line starting inside the held bytes, and otherwise releases them as body.
   */
  #scanHeld(buffer: Buffer, pos: number): number {
    const held = this.#held as Buffer;
    const virtual = this.#heldVirtual;
    const needle = this.#needle;
    const endLineLength = needle.length + 3;
    if (virtual === held.length && buffer.length - pos >= endLineLength - virtual) {
      // Only the stand-in CRLF is held and the buffer holds enough to decide without copying.
      const f = pos + needle.length - virtual;
      if (buffer.compare(needle, virtual, needle.length, pos, f) === 0 && isFlag(buffer[f]) && buffer[f + 1] === CR && buffer[f + 2] === LF) {
        this.#held = undefined;
        this.#heldVirtual = 0;
        this.#sink.end(toFlag(buffer[f] as number));
        return f + 3;
      }
      if (virtual === 2) {
        this.#held = undefined;
        this.#heldVirtual = 0;
        return pos;
      }
    }
    const take = Math.min(buffer.length - pos, endLineLength);
    const bridge = Buffer.concat([held, buffer.subarray(pos, pos + take)]);
    this.#held = undefined;
    this.#heldVirtual = 0;
    for (let j = 0; j < held.length; j++) {
      if (bridge[j] !== CR) continue;
      if (bridge.length - j >= endLineLength) {
        const flag = bridge.compare(needle, 0, needle.length, j, j + needle.length) === 0 ? flagAfterNeedle(bridge, j, needle) : undefined;
        if (flag !== undefined) {
          this.#sink.data(bridge, Math.min(virtual, j), j);
          this.#sink.end(flag);
          return pos + j + endLineLength - held.length;
        }
      } else if (isEndLineCandidate(bridge, j, needle)) {
        // Still undecided: everything pushed so far fits in the bridge; keep holding from j.
        this.#sink.data(bridge, Math.min(virtual, j), j);
        if (this.#sink.active) {
          this.#held = bridge.subarray(j);
          this.#heldVirtual = Math.max(0, virtual - j);
        }
        return buffer.length;
      }
    }
    this.#sink.data(held, virtual, held.length);
    return pos;
  }
}
