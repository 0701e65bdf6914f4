/**
 * Keeps a streamed chunk's body free of its own end-line (RFC 4975 §7.1: "the sender MUST ensure that the
 * end-line does not occur in the data"). A whole chunk can pick a transaction id after looking at its body
 * (`chooseTransactionId`); a streamed body is not known when the id goes out in the start line, so the
 * guard watches the bytes as they are written instead, across write boundaries, and tells the writer how
 * many of them may go before `-------<transaction-id>` would be complete. The writer then ends the chunk
 * with `+` and carries on in a new chunk with a fresh id (RFC 4975 §7.1.1).
 *
 * The pattern is the end-line without its leading CRLF, flag and trailing CRLF: stricter than the receiver
 * needs and therefore safe, whatever follows. After a stop the body ends with an incomplete pattern and the
 * end-line that follows starts with CR, which no byte of `-------<tid>` is, so no end-line can straddle
 * the two. With 16 random alphanumerics the pattern turns up by chance about once per 62^16 ≈ 5·10^28
 * positions: the guard is for crafted bodies (a file quoting a captured MSRP trace), not for bad luck.
 */
export class EndLineGuard {
  readonly #pattern: Buffer;
  /** The last `pattern.length - 1` body bytes written (at most), to find a pattern split across writes. */
  #tail: Buffer;

  constructor(transactionId: string) {
    this.#pattern = Buffer.from(`-------${transactionId}`, 'latin1');
    this.#tail = Buffer.alloc(0);
  }

  /**
   * How many leading bytes of `data` may be written: `data.length`, or the offset of the byte that would
   * complete the pattern. Records the accepted bytes as written.
   */
  accept(data: Buffer): number {
    const pattern = this.#pattern;
    const edge = pattern.length - 1;
    let stop = data.length;
    if (this.#tail.length > 0) {
      // A pattern that began in earlier writes ends within the first `edge` bytes of this one.
      const bridge = Buffer.concat([this.#tail, data.subarray(0, edge)]);
      const at = bridge.indexOf(pattern);
      if (at >= 0) stop = at + edge - this.#tail.length;
    }
    if (stop === data.length) {
      const at = data.indexOf(pattern);
      if (at >= 0) stop = at + edge;
    }
    this.#remember(data, stop);
    return stop;
  }

  #remember(data: Buffer, written: number): void {
    const edge = this.#pattern.length - 1;
    if (written >= edge) {
      // A copy: the caller may reuse its buffer once written.
      this.#tail = Buffer.from(data.subarray(written - edge, written));
    } else if (written > 0) {
      const joined = Buffer.concat([this.#tail, data.subarray(0, written)]);
      this.#tail = joined.subarray(Math.max(0, joined.length - edge));
    }
  }
}
