/**
 * Frames SIP messages on a stream transport (TCP, TLS) by Content-Length, counted in bytes
 * (RFC 3261 §18.3, §20.14; compact form `l`, §7.3.3). Works on Buffers so a multi-byte UTF-8 character split
 * across reads is never decoded half-way. CRLFs between messages are keep-alives (RFC 5626 §3.5.1: a double
 * CRLF is a ping, a single CRLF its pong) and RFC 3261 §7.5 says to ignore them before a start line.
 * A frame without Content-Length, or larger than the limit, breaks the framer: the caller must close the
 * connection, since the next message boundary can no longer be known.
 */
export type FramedItem =
  | { readonly type: 'message'; readonly text: string; readonly bytes: number }
  | { readonly type: 'ping' }
  | { readonly type: 'pong' }
  | { readonly type: 'error'; readonly code: 'missing-content-length' | 'bad-content-length' | 'message-too-large'; readonly detail: string };

export interface SipStreamFramerOptions {
  /** Largest accepted message (head + body) in bytes. */
  readonly maxMessageBytes: number;
}

const CR = 0x0d;
const LF = 0x0a;
const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(.*?)[ \t]*$/i;

export class SipStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private broken = false;

  constructor(private readonly options: SipStreamFramerOptions) {}

  get isBroken(): boolean {
    return this.broken;
  }

  /** Bytes held waiting for the rest of a message. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): FramedItem[] {
    if (this.broken) return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const items: FramedItem[] = [];
    for (;;) {
      const item = this.next();
      if (!item) break;
      items.push(item);
      if (item.type === 'error') {
        this.broken = true;
        this.buffer = Buffer.alloc(0);
        break;
      }
    }
    return items;
  }

  private next(): FramedItem | undefined {
    // RFC 5626 §3.5.1 keep-alives / RFC 3261 §7.5 leading CRLFs.
    let run = 0;
    while (run < this.buffer.length && (this.buffer[run] === CR || this.buffer[run] === LF)) run++;
    if (run > 0) {
      // A run reaching the end of what we have may be half of a double CRLF: wait for more.
      if (run === this.buffer.length && run < 4) return undefined;
      this.buffer = this.buffer.subarray(run);
      return run >= 4 ? { type: 'ping' } : { type: 'pong' };
    }
    if (this.buffer.length === 0) return undefined;

    const headEnd = this.buffer.indexOf(HEAD_END);
    if (headEnd < 0) {
      if (this.buffer.length > this.options.maxMessageBytes) {
        return { type: 'error', code: 'message-too-large', detail: `no end of headers within ${this.options.maxMessageBytes} bytes` };
      }
      return undefined;
    }
    const head = this.buffer.subarray(0, headEnd).toString('utf8');
    const lengths = head
      .split('\r\n')
      .slice(1)
      .map((line) => CONTENT_LENGTH.exec(line)?.[1])
      .filter((value): value is string => value !== undefined);
    if (lengths.length === 0) {
      return { type: 'error', code: 'missing-content-length', detail: 'a stream message must carry Content-Length (RFC 3261 §18.3)' };
    }
    const first = lengths[0] ?? '';
    if (!/^\d{1,9}$/.test(first) || lengths.some((value) => value !== first)) {
      return { type: 'error', code: 'bad-content-length', detail: `Content-Length ${lengths.join(', ')}` };
    }
    const total = headEnd + HEAD_END.length + Number(first);
    if (total > this.options.maxMessageBytes) {
      return { type: 'error', code: 'message-too-large', detail: `${total} bytes > ${this.options.maxMessageBytes}` };
    }
    if (this.buffer.length < total) return undefined;
    const text = this.buffer.subarray(0, total).toString('utf8');
    this.buffer = this.buffer.subarray(total);
    return { type: 'message', text, bytes: total };
  }
}
