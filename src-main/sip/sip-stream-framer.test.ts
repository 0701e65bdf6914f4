import { describe, expect, it } from 'vitest';
import { type FramedItem, SipStreamFramer } from './sip-stream-framer';

const body = 'héllo, wörld ✓';
const message = (headers: string, content = body): string =>
  `MESSAGE sip:bob@example.com SIP/2.0\r\n${headers}\r\n\r\n${content}`;
const withLength = message(`Via: SIP/2.0/TCP a.invalid;branch=z9hG4bK1\r\nContent-Length: ${Buffer.byteLength(body)}`);
const compact = message(`v: SIP/2.0/TCP a.invalid;branch=z9hG4bK2\r\nl: ${Buffer.byteLength(body)}`);
const response = `SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP a.invalid;branch=z9hG4bK3\r\nContent-Length: 0\r\n\r\n`;

function feed(chunks: Buffer[], max = 4096): FramedItem[] {
  const framer = new SipStreamFramer({ maxMessageBytes: max });
  return chunks.flatMap((chunk) => framer.push(chunk));
}

function messagesOf(items: FramedItem[]): string[] {
  return items.flatMap((item) => (item.type === 'message' ? [item.text] : []));
}

describe('SipStreamFramer', () => {
  const stream = Buffer.from(`${withLength}\r\n\r\n${compact}${response}\r\n`);

  it('frames by Content-Length in bytes, long and compact form, with keep-alives between messages', () => {
    const items = feed([stream]);
    expect(messagesOf(items)).toEqual([withLength, compact, response]);
    expect(items.filter((item) => item.type === 'ping')).toHaveLength(1);
  });

  it('gives the same messages whatever byte offset the stream is split at', () => {
    for (let offset = 0; offset <= stream.length; offset++) {
      const items = feed([stream.subarray(0, offset), stream.subarray(offset)]);
      expect(messagesOf(items), `split at ${offset}`).toEqual([withLength, compact, response]);
    }
  });

  it('gives the same messages when fed one byte at a time', () => {
    const chunks = [...stream].map((byte) => Buffer.from([byte]));
    expect(messagesOf(feed(chunks))).toEqual([withLength, compact, response]);
  });

  it('reports a double CRLF split across reads as one ping', () => {
    const items = feed([Buffer.from('\r\n'), Buffer.from('\r\n'), Buffer.from(response)]);
    expect(items.map((item) => item.type)).toEqual(['ping', 'message']);
  });

  it('breaks on a message without Content-Length and ignores everything after', () => {
    const framer = new SipStreamFramer({ maxMessageBytes: 4096 });
    const items = framer.push(Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\n${response}`));
    expect(items).toEqual([expect.objectContaining({ type: 'error', code: 'missing-content-length' })]);
    expect(framer.isBroken).toBe(true);
    expect(framer.push(Buffer.from(response))).toEqual([]);
  });

  it('breaks on a non-numeric or conflicting Content-Length', () => {
    expect(feed([Buffer.from('SIP/2.0 200 OK\r\nContent-Length: x\r\n\r\n')])[0]).toMatchObject({ code: 'bad-content-length' });
    expect(feed([Buffer.from('SIP/2.0 200 OK\r\nl: 1\r\nContent-Length: 2\r\n\r\nab')])[0]).toMatchObject({ code: 'bad-content-length' });
  });

  it('breaks on oversize messages, declared or endless', () => {
    expect(feed([Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 5000\r\n\r\n')], 1024)[0]).toMatchObject({ code: 'message-too-large' });
    expect(feed([Buffer.alloc(2048, 0x41)], 1024)[0]).toMatchObject({ code: 'message-too-large' });
  });

  it('keeps garbage with a valid frame as a message for the parser to reject (the frame boundary is still known)', () => {
    const garbage = 'garbage\r\nContent-Length: 0\r\n\r\n';
    expect(messagesOf(feed([Buffer.from(garbage + response)]))).toEqual([garbage, response]);
  });
});
