import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MsrpSession, OutgoingState, bufferSource, OutgoingMessage, repeatSource } from '../../msrp';
import { transportPair } from '../../msrp/session/test-support/session-pair';
import { answerFileOffsetRequests, parseOffsetHeader, requestFileOffset } from './file-offset';

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
});

describe('parseOffsetHeader', () => {
  it.each([
    ['1234', undefined, 1234],
    [' 10 ', 100, 10],
    ['101', 100, 0],
    ['-1', undefined, 0],
    ['1e3', undefined, 0],
    [undefined, undefined, 0],
  ])('%j (size %j) → %d', (value, size, expected) => {
    expect(parseOffsetHeader(value, size)).toBe(expected);
  });
});

describe('FILE_OFFSET (Blink resume handshake)', () => {
  it('answers the sender with the offset, then hands the data to the session unchanged', async () => {
    const { a, b } = await transportPair();
    const sender = new MsrpSession(a, { keepAliveMs: 0 });
    disposers.push(() => sender.dispose(), () => b.dispose());
    const answering = answerFileOffsetRequests(b, 4096);
    expect(await requestFileOffset(sender, 10_000)).toBe(4096);
    const body = randomBytes(200_000);
    const sent = sender.send(new OutgoingMessage(bufferSource(body), { start: 4096 }));
    expect(await answering).toBe(1);
    const received = Buffer.alloc(body.length);
    let bytes = 0;
    const receiver = new MsrpSession(b, {
      keepAliveMs: 0,
      streamingThreshold: 0,
      onIncomingStream: {
        data: (_info, offset, data) => {
          data.copy(received, offset);
          bytes += data.length;
        },
      },
    });
    disposers.push(() => receiver.dispose());
    expect((await sent.done).state).toBe(OutgoingState.Delivered);
    expect(bytes).toBe(body.length - 4096);
    expect(received.subarray(4096).equals(body.subarray(4096))).toBe(true);
  });

  it('hands a one-chunk file of any size to the session whole and in order, holding none of it', async () => {
    // RFC 4975 §7.1.1: the data may come as ONE interruptible chunk (the session's default, no chunk cap), far
    // larger than anything a receiver should buffer. Only its head may be looked at before the session exists.
    const size = 48 * 1024 * 1024;
    const block = randomBytes(1024 * 1024 + 7);
    const { a, b } = await transportPair();
    let sends = 0;
    b.on('trace', (event) => void (event.direction === 'in' && event.firstLine.endsWith(' SEND') && sends++));
    const sender = new MsrpSession(a, { keepAliveMs: 0 });
    disposers.push(() => sender.dispose(), () => b.dispose());
    const answering = answerFileOffsetRequests(b, 0);
    expect(await requestFileOffset(sender, size)).toBe(0);
    const sent = sender.send(new OutgoingMessage(repeatSource(block, size)));
    expect(await answering).toBe(1);
    // While nobody reads, the transport holds at most its high-water mark (1 MiB) plus one socket read.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.bufferedIncomingBytes).toBeLessThan(2 * 1024 * 1024);
    const hash = createHash('sha1');
    let next = 0;
    const receiver = new MsrpSession(b, {
      keepAliveMs: 0,
      streamingThreshold: 0,
      onIncomingStream: {
        data: (_info, offset, data) => {
          expect(offset).toBe(next);
          next += data.length;
          hash.update(data);
        },
      },
    });
    disposers.push(() => receiver.dispose());
    expect((await sent.done).state).toBe(OutgoingState.Delivered);
    expect(next).toBe(size);
    expect(hash.digest('hex')).toBe(repeatedSha1(block, size));
    // One SEND carried it all (nothing interrupted it), and its head was read once: put back, not re-sent.
    expect(sends).toBe(1);
  }, 30_000);

  it('steps aside at once for a sender that never asks (RFC 5547 only)', async () => {
    const { a, b } = await transportPair();
    const sender = new MsrpSession(a, { keepAliveMs: 0 });
    disposers.push(() => sender.dispose(), () => b.dispose());
    const answering = answerFileOffsetRequests(b, 99);
    const message = sender.sendMessage('hello');
    expect(await answering).toBe(0);
    let got = '';
    const receiver = new MsrpSession(b, { keepAliveMs: 0, streamingThreshold: 0, onIncomingStream: { data: (_info, _offset, data) => void (got += data.toString()) } });
    disposers.push(() => receiver.dispose());
    expect((await message.done).state).toBe(OutgoingState.Delivered);
    expect(got).toBe('hello');
  });

  it('gives 0 when the receiver does not know the method (501 from a plain session)', async () => {
    const { a, b } = await transportPair();
    const sender = new MsrpSession(a, { keepAliveMs: 0 });
    const receiver = new MsrpSession(b, { keepAliveMs: 0 });
    disposers.push(() => sender.dispose(), () => receiver.dispose());
    expect(await requestFileOffset(sender)).toBe(0);
  });

  it('ends quietly when the connection closes before any chunk', async () => {
    const { a, b } = await transportPair();
    disposers.push(() => b.dispose());
    const answering = answerFileOffsetRequests(b, 1);
    a.dispose();
    expect(await answering).toBe(0);
  });
});

function repeatedSha1(block: Buffer, size: number): string {
  const hash = createHash('sha1');
  for (let at = 0; at < size; at += block.length) hash.update(block.subarray(0, Math.min(block.length, size - at)));
  return hash.digest('hex');
}
