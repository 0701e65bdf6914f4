import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MsrpSession, OutgoingState, bufferSource, OutgoingMessage } from '../../msrp';
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
