import { describe, expect, it } from 'vitest';
import { MsrpChunk, type ContinuationFlag } from '../protocol/msrp-chunk';
import { AcceptTypes } from './accept-types';
import { MessageReassembler, type IncomingStreamEnd, type ReceivedMessage } from './message-reassembler';

function head(messageId: string, range: string, contentType?: string): MsrpChunk {
  const headers: [string, string][] = [
    ['To-Path', 'msrp://127.0.0.1:2/b;tcp'],
    ['From-Path', 'msrp://127.0.0.1:1/a;tcp'],
    ['Message-ID', messageId],
    ['Byte-Range', range],
  ];
  if (contentType !== undefined) headers.push(['Content-Type', contentType]);
  return new MsrpChunk({ method: 'SEND', headers });
}

function setup(options: { maxMessageSize?: number; streamingThreshold?: number; accept?: string[] } = {}) {
  const messages: ReceivedMessage[] = [];
  const aborted: { id: string; code: number }[] = [];
  const streamed = new Map<string, { data: { offset: number; bytes: string }[]; end?: IncomingStreamEnd }>();
  const reassembler = new MessageReassembler(
    {
      acceptTypes: new AcceptTypes(options.accept ?? ['*']),
      maxMessageSize: options.maxMessageSize ?? 1_000_000,
      streamingThreshold: options.streamingThreshold ?? 1_000,
    },
    {
      onMessage: (message) => messages.push(message),
      onStreamStart: (info) => void streamed.set(info.messageId, { data: [] }),
      onStreamData: (info, offset, data) => void streamed.get(info.messageId)?.data.push({ offset, bytes: data.toString() }),
      onStreamEnd: (info, end) => {
        const entry = streamed.get(info.messageId);
        if (entry) entry.end = end;
      },
      onAborted: (info, code) => aborted.push({ id: info.messageId, code }),
      onProgress: () => undefined,
    },
  );
  async function chunk(id: string, range: string, body: string, flag: ContinuationFlag, contentType: string | undefined = 'text/plain') {
    const context = await reassembler.chunkStart(head(id, range, contentType));
    // Feed the body in two pieces, as a socket might.
    const bytes = Buffer.from(body);
    await reassembler.chunkData(context, bytes.subarray(0, 1));
    if (bytes.length > 1) await reassembler.chunkData(context, bytes.subarray(1));
    return reassembler.chunkEnd(context, flag);
  }
  return { reassembler, messages, aborted, streamed, chunk };
}

describe('MessageReassembler', () => {
  it('reassembles chunks that arrive out of order', async () => {
    const t = setup();
    expect((await t.chunk('m1', '7-11/11', 'world', '$')).complete).toBe(false);
    expect((await t.chunk('m1', '1-6/11', 'hello ', '+')).complete).toBe(true);
    expect(t.messages.map((m) => m.body.toString())).toEqual(['hello world']);
    expect(t.messages[0]?.contentType).toBe('text/plain');
  });

  it('learns a * total from the chunk that ends with $', async () => {
    const t = setup();
    await t.chunk('m2', '1-*/*', 'abc', '+');
    expect(t.messages).toHaveLength(0);
    const outcome = await t.chunk('m2', '4-*/*', 'def', '$');
    expect(outcome).toMatchObject({ status: 200, complete: true, size: 3 });
    expect(t.messages[0]?.body.toString()).toBe('abcdef');
    expect(t.messages[0]?.total).toBe(6);
  });

  it('discards a message aborted with #', async () => {
    const t = setup();
    await t.chunk('m3', '1-*/10', 'abcde', '+');
    const outcome = await t.chunk('m3', '6-*/10', 'fg', '#');
    expect(outcome.status).toBe(200);
    expect(outcome.complete).toBe(false);
    expect(t.messages).toHaveLength(0);
    expect(t.aborted).toEqual([{ id: 'm3', code: 0 }]);
    expect(t.reassembler.activeMessages).toBe(0);
  });

  it('refuses a message over the size limit with 413, by total and by bytes received', async () => {
    const t = setup({ maxMessageSize: 8 });
    expect((await t.chunk('big', '1-*/20', 'x', '+')).status).toBe(413);
    // Later chunks of the refused message get the same answer.
    expect((await t.chunk('big', '2-*/20', 'y', '+')).status).toBe(413);
    expect((await t.chunk('grows', '1-*/*', '0123456789', '$')).status).toBe(413);
    expect(t.messages).toHaveLength(0);
    expect(t.aborted.map((a) => a.code)).toEqual([413, 413]);
  });

  it('refuses a Content-Type that is not accepted with 415', async () => {
    const t = setup({ accept: ['text/*'] });
    expect((await t.chunk('img', '1-3/3', 'png', '$', 'image/png')).status).toBe(415);
    expect((await t.chunk('txt', '1-2/2', 'ok', '$', 'text/html')).status).toBe(200);
    expect(t.messages.map((m) => m.messageId)).toEqual(['txt']);
  });

  it('streams large messages with offsets, and switches to streaming when a * message grows', async () => {
    const t = setup({ streamingThreshold: 4 });
    await t.chunk('s1', '1-*/8', 'abcd', '+');
    await t.chunk('s1', '5-8/8', 'efgh', '$');
    expect(t.streamed.get('s1')?.data).toEqual([
      { offset: 0, bytes: 'a' },
      { offset: 1, bytes: 'bcd' },
      { offset: 4, bytes: 'e' },
      { offset: 5, bytes: 'fgh' },
    ]);
    expect(t.streamed.get('s1')?.end).toEqual({ size: 8 });
    await t.chunk('s2', '1-*/*', 'abc', '+');
    expect(t.streamed.has('s2')).toBe(false);
    await t.chunk('s2', '4-*/*', 'defg', '$');
    const s2 = t.streamed.get('s2');
    expect(s2?.data.map((d) => d.bytes).join('')).toBe('abcdefg');
    expect(s2?.end).toEqual({ size: 7 });
    expect(t.messages).toHaveLength(0);
  });

  it('treats an empty SEND as keep-alive and answers duplicates of finished messages', async () => {
    const t = setup();
    const context = await t.reassembler.chunkStart(
      new MsrpChunk({ method: 'SEND', headers: [['Message-ID', 'k'], ['Byte-Range', '1-0/0']] }),
    );
    expect((await t.reassembler.chunkEnd(context, '$')).keepAlive).toBe(true);
    await t.chunk('d', '1-2/2', 'hi', '$');
    const again = await t.chunk('d', '1-2/2', 'hi', '$');
    expect(again.status).toBe(200);
    expect(t.messages).toHaveLength(1);
  });
});
