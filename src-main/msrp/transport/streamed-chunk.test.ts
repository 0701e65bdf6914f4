import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTracer, type MsrpTraceEvent } from '../trace/msrp-tracer';
import { STREAM_SLICE_BYTES } from './chunk-writer';
import { MsrpTransport } from './msrp-transport';
import { rawReader, socketPair } from './test-support/socket-pair';

const alice = MsrpUri.parse('msrp://127.0.0.1:7001/alice1234567;tcp');
const bob = MsrpUri.parse('msrp://127.0.0.1:7002/bob123456789;tcp');
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function transportPair(options: { tracerA?: MsrpTracer; tracerB?: MsrpTracer } = {}) {
  const pair = await socketPair();
  const a = new MsrpTransport(pair.client, { localUri: alice, ...(options.tracerA ? { tracer: options.tracerA, traceLabel: 'a' } : {}) });
  const b = new MsrpTransport(pair.server, { localUri: bob, ...(options.tracerB ? { tracer: options.tracerB, traceLabel: 'b' } : {}) });
  a.setFullRemotePath([bob]);
  b.setFullRemotePath([alice]);
  cleanups.push(() => {
    a.dispose();
    b.dispose();
  });
  return { a, b, pair };
}

describe('MsrpTransport streamed chunks (RFC 4975 §7.1.1)', () => {
  it('streams one chunk with Byte-Range start-*/total and delivers the body byte-exact', async () => {
    const { a, b } = await transportPair();
    const body = randomBytes(3 * STREAM_SLICE_BYTES + 1234);
    const head = a.makeChunk({ messageId: 'm1', start: 1, total: body.length, contentType: 'application/octet-stream', streamed: true });
    expect(head.headers.get('Byte-Range')).toBe(`1-*/${body.length}`);
    const response = a.expectResponse(head.transactionId);
    a.beginChunk(head);
    expect(a.streaming).toBe(true);
    // Any split of the body, written piece by piece.
    let written = 0;
    for (const size of [1, 5000, 70_000]) written += await a.writeBody(body.subarray(written, written + size));
    written += await a.writeBody(body.subarray(written));
    expect(written).toBe(body.length);
    await a.endChunk('$');
    const incoming = await b.readChunk(body.length * 2);
    expect(incoming?.chunk.continuation).toBe('$');
    expect(incoming?.chunk.transactionId).toBe(head.transactionId);
    expect(createHash('sha256').update(incoming?.chunk.body ?? Buffer.alloc(0)).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    await b.writeResponse(incoming!.chunk, 200);
    expect((await response).code).toBe(200);
  });

  it('holds other writes back until the chunk ends, and tells the writer to interrupt', async () => {
    const { a, pair } = await transportPair();
    const wire = rawReader(pair.server);
    const head = a.makeChunk({ messageId: 'm1', start: 1, total: 1_000_000, contentType: 'application/octet-stream', streamed: true });
    a.beginChunk(head);
    expect(await a.writeBody(Buffer.alloc(1000, 0x61))).toBe(1000);
    const chat = a.makeChunk({ messageId: 'c1', body: 'urgent', contentType: 'text/plain' });
    let chatWritten = false;
    const held = a.writeChunk(chat).then(() => (chatWritten = true));
    expect(a.heldWrites).toBe(1);
    // Nothing more of the body goes while a write waits: the owner is to end the chunk.
    expect(await a.writeBody(Buffer.alloc(1000, 0x62))).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chatWritten).toBe(false);
    await a.endChunk('+');
    await held;
    expect(a.heldWrites).toBe(0);
    const text = (await wire.waitFor(/urgent\r\n-------\w+\$\r\n/)).input;
    const end = text.indexOf(`-------${head.transactionId}+\r\n`);
    expect(end).toBeGreaterThan(0);
    expect(text.indexOf(`MSRP ${chat.transactionId} SEND`)).toBeGreaterThan(end);
    expect(text).not.toContain('bbbb');
    expect(text).toContain('a'.repeat(1000));
  });

  it('ends the chunk before a body byte would complete its end-line (crafted body, split writes)', async () => {
    const { a, b } = await transportPair();
    const head = a.makeChunk({ messageId: 'm1', start: 1, total: 100, contentType: 'text/plain', streamed: true });
    const crafted = Buffer.from(`quoted trace:\r\n-------${head.transactionId}$\r\nrest of the file`, 'latin1');
    a.beginChunk(head);
    const cut = 20;
    const first = await a.writeBody(crafted.subarray(0, cut));
    const second = await a.writeBody(crafted.subarray(cut));
    const stop = crafted.indexOf(`-------${head.transactionId}`) + 7 + head.transactionId.length - 1;
    expect(first + second).toBe(stop);
    expect(a.streamBlocked).toBe(true);
    await a.endChunk('+');
    // The rest goes in a new chunk with a fresh transaction id.
    const next = a.makeChunk({ messageId: 'm1', start: stop + 1, total: crafted.length, contentType: 'text/plain', streamed: true });
    a.beginChunk(next);
    expect(await a.writeBody(crafted.subarray(stop))).toBe(crafted.length - stop);
    await a.endChunk('$');
    const one = await b.readChunk();
    const two = await b.readChunk();
    expect(one?.chunk.continuation).toBe('+');
    expect(one?.chunk.body.toString('latin1')).toBe(crafted.subarray(0, stop).toString('latin1'));
    expect(two?.chunk.continuation).toBe('$');
    expect(Buffer.concat([one!.chunk.body, two!.chunk.body]).equals(crafted)).toBe(true);
  });
});

describe('MsrpTransport tracing', () => {
  it('shows every frame of a SEND and its 200 in both directions', async () => {
    const tracerA = new MsrpTracer();
    const tracerB = new MsrpTracer();
    const seenA: MsrpTraceEvent[] = [];
    const seenB: MsrpTraceEvent[] = [];
    tracerA.subscribe((event) => seenA.push(event));
    tracerB.subscribe((event) => seenB.push(event));
    const { a, b } = await transportPair({ tracerA, tracerB });
    const send = a.makeChunk({ messageId: 'm1', body: 'hello', contentType: 'text/plain' });
    const response = a.request(send);
    const incoming = await b.readChunk();
    await b.writeResponse(incoming!.chunk, 200);
    await response;
    const summary = (events: MsrpTraceEvent[]) =>
      events.map((event) =>
        event.kind === 'new-chunk' ? `${event.direction} ${event.firstLine}`
        : event.kind === 'chunk-data' ? `${event.direction} data ${event.bytes}`
        : event.kind === 'chunk-end' ? `${event.direction} end ${event.flag}`
        : 'log',
      );
    const tid = send.transactionId;
    expect(summary(seenA)).toEqual([`out MSRP ${tid} SEND`, 'out data 5', 'out end $', `in MSRP ${tid} 200 OK`, 'in end $']);
    expect(summary(seenB)).toEqual([`in MSRP ${tid} SEND`, 'in data 5', 'in end $', `out MSRP ${tid} 200 OK`, 'out end $']);
    expect(seenA.every((event) => event.connection === 'a')).toBe(true);
    const head = seenB[0];
    expect(head?.kind === 'new-chunk' && head.headers.some(([name]) => name === 'Message-ID')).toBe(true);
  });

  it('builds no events at all while nobody is subscribed', async () => {
    const tracer = new MsrpTracer();
    const { a, b } = await transportPair({ tracerA: tracer, tracerB: tracer });
    for (let i = 0; i < 50; i++) {
      const response = a.request(a.makeChunk({ body: `message ${i}`, contentType: 'text/plain' }));
      const incoming = await b.readChunk();
      await b.writeResponse(incoming!.chunk, 200);
      await response;
    }
    expect(tracer.eventCount).toBe(0);
    const subscription = tracer.subscribe(() => undefined);
    const response = a.request(a.makeChunk({ body: 'seen', contentType: 'text/plain' }));
    await b.writeResponse((await b.readChunk())!.chunk, 200);
    await response;
    subscription.dispose();
    // The counter does count: one exchange while subscribed is 3 + 3 + 2 + 2 events.
    expect(tracer.eventCount).toBe(10);
  });
});

describe('MsrpTransport write batching', () => {
  it('hands the chunks written in one tick to the socket together, in order', async () => {
    const { a, b, pair } = await transportPair();
    const write = pair.client.write.bind(pair.client);
    let socketWrites = 0;
    pair.client.write = ((...args: Parameters<typeof write>) => {
      socketWrites++;
      return write(...args);
    }) as typeof pair.client.write;
    for (let i = 0; i < 100; i++) void a.writeChunk(a.makeChunk({ messageId: `m${i}`, body: `message ${i}`, contentType: 'text/plain' }));
    expect(socketWrites).toBe(0);
    const bodies: string[] = [];
    while (bodies.length < 100) bodies.push((await b.readChunk())!.chunk.body.toString());
    expect(bodies).toEqual(Array.from({ length: 100 }, (_, i) => `message ${i}`));
    expect(socketWrites).toBeLessThanOrEqual(2);
  });
});
