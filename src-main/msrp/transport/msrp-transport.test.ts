import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MsrpUri } from '../protocol/msrp-uri';
import { MsrpTransport } from './msrp-transport';
import { rawReader, socketPair } from './test-support/socket-pair';

const alice = MsrpUri.parse('msrp://127.0.0.1:7001/alice1234567;tcp');
const bob = MsrpUri.parse('msrp://127.0.0.1:7002/bob123456789;tcp');
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function transportPair(options: { highWaterMark?: number } = {}): Promise<{ a: MsrpTransport; b: MsrpTransport }> {
  const pair = await socketPair();
  const a = new MsrpTransport(pair.client, { localUri: alice, ...options });
  const b = new MsrpTransport(pair.server, { localUri: bob, ...options });
  a.setFullRemotePath([bob]);
  b.setFullRemotePath([alice]);
  cleanups.push(() => {
    a.dispose();
    b.dispose();
  });
  return { a, b };
}

describe('MsrpTransport', () => {
  it('turns TCP_NODELAY on', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    const transport = new MsrpTransport(pair.client, { localUri: alice });
    cleanups.push(() => transport.dispose());
    // Node exposes no getter; setNoDelay(true) must have been called: check the socket's handle state.
    expect((pair.client as unknown as { _handle?: { setNoDelay?: unknown } })._handle?.setNoDelay).toBeTypeOf('function');
    expect(transport.socket).toBe(pair.client);
  });

  it('makes chunks with paths, Byte-Range and continuation flag (RFC 4975 §7.1.1)', async () => {
    const { a } = await transportPair();
    a.setLocalPath([MsrpUri.parse('msrp://relay.test:2855/r1xx;tcp')]);
    const small = a.makeChunk({ body: 'hello', contentType: 'text/plain', messageId: 'm1' });
    expect(small.headers.get('To-Path')).toBe(`msrp://relay.test:2855/r1xx;tcp ${bob.toString()}`);
    expect(small.headers.get('From-Path')).toBe(alice.toString());
    expect(small.headers.get('Byte-Range')).toBe('1-5/5');
    expect(small.continuation).toBe('$');
    const part = a.makeChunk({ body: Buffer.alloc(4096), start: 1, total: 10_000 });
    expect(part.headers.get('Byte-Range')).toBe('1-*/10000');
    expect(part.continuation).toBe('+');
    const last = a.makeChunk({ body: Buffer.alloc(100), start: 9901, total: 10_000 });
    expect(last.headers.get('Byte-Range')).toBe('9901-10000/10000');
    expect(last.continuation).toBe('$');
    const unknownTotal = a.makeChunk({ body: 'x', total: '*' });
    expect(unknownTotal.continuation).toBe('+');
    expect(a.fullLocalPath.map(String)).toEqual(['msrp://relay.test:2855/r1xx;tcp', alice.toString()]);
  });

  it('delivers a SEND and its response byte-exact between two transports', async () => {
    const { a, b } = await transportPair();
    const body = randomBytes(50_000);
    const chunk = a.makeChunk({ body, contentType: 'application/octet-stream' });
    const responded = a.request(chunk);
    const received = await b.readChunk();
    expect(received?.chunk.method).toBe('SEND');
    expect(received?.final).toBe(true);
    expect(Buffer.compare(received?.chunk.body ?? Buffer.alloc(0), body)).toBe(0);
    expect(received?.chunk.continuation).toBe('$');
    await b.writeResponse(received!.chunk, 200);
    const response = await responded;
    expect(response.code).toBe(200);
    expect(response.transactionId).toBe(chunk.transactionId);
  });

  it('delivers a long chunk as virtual segments with a counter', async () => {
    const { a, b } = await transportPair();
    const body = randomBytes(100_000);
    await a.writeChunk(a.makeChunk({ body }));
    const segments = [];
    for (;;) {
      const segment = await b.readChunk(16_384);
      segments.push(segment!);
      if (segment!.final) break;
    }
    expect(segments.map((s) => s.segment)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(segments.map((s) => s.offset)).toEqual([0, 16384, 32768, 49152, 65536, 81920, 98304]);
    expect(segments.slice(0, -1).every((s) => s.chunk.body.length === 16_384)).toBe(true);
    expect(Buffer.compare(Buffer.concat(segments.map((s) => s.chunk.body)), body)).toBe(0);
    expect(segments.at(-1)?.chunk.continuation).toBe('$');
  });

  it('streams pieces (start/data/end) for large bodies', async () => {
    const { a, b } = await transportPair();
    const body = randomBytes(300_000);
    await a.writeChunk(a.makeChunk({ body }));
    const start = await b.readPiece();
    expect(start?.kind).toBe('start');
    const parts: Buffer[] = [];
    for (;;) {
      const piece = await b.readPiece();
      if (piece?.kind === 'data') parts.push(piece.data);
      else {
        expect(piece).toEqual({ kind: 'end', flag: '$' });
        break;
      }
    }
    expect(Buffer.compare(Buffer.concat(parts), body)).toBe(0);
  });

  it('answers a To-Path mismatch with 481 and drops the chunk (RFC 4975 §7.3.1)', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    const b = new MsrpTransport(pair.server, { localUri: bob });
    cleanups.push(() => b.dispose());
    b.setFullRemotePath([alice]);
    const raw = rawReader(pair.client);
    const wrong = MsrpUri.parse('msrp://127.0.0.1:7002/someoneelse1;tcp');
    pair.client.write(
      `MSRP tx1wrong SEND\r\nTo-Path: ${wrong}\r\nFrom-Path: ${alice}\r\nMessage-ID: m1\r\nByte-Range: 1-3/3\r\nContent-Type: text/plain\r\n\r\nbad\r\n-------tx1wrong$\r\n` +
        `MSRP tx2right SEND\r\nTo-Path: ${bob}\r\nFrom-Path: ${alice}\r\nMessage-ID: m2\r\nByte-Range: 1-4/4\r\nContent-Type: text/plain\r\n\r\ngood\r\n-------tx2right$\r\n`,
    );
    const match = await raw.waitFor(/MSRP tx1wrong (\d{3})[^\r]*\r\nTo-Path: (\S+)\r\nFrom-Path: (\S+)\r\n-------tx1wrong\$/);
    expect(match[1]).toBe('481');
    expect(match[2]).toBe(alice.toString());
    const delivered = await b.readChunk();
    expect(delivered?.chunk.transactionId).toBe('tx2right');
    expect(delivered?.chunk.body.toString()).toBe('good');
  });

  it('matches by session id only when CEMA is negotiated (RFC 6714)', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    const b = new MsrpTransport(pair.server, { localUri: bob, sessionMatching: 'session-id' });
    cleanups.push(() => b.dispose());
    const viaOtherHost = bob.with({ host: '192.0.2.7', port: 9999 });
    pair.client.write(`MSRP txcema1 SEND\r\nTo-Path: ${viaOtherHost}\r\nFrom-Path: ${alice}\r\nMessage-ID: m1\r\nByte-Range: 1-0/0\r\n-------txcema1$\r\n`);
    const delivered = await b.readChunk();
    expect(delivered?.chunk.transactionId).toBe('txcema1');
  });

  it('answers a malformed request with 400 and keeps reading', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    const b = new MsrpTransport(pair.server, { localUri: bob });
    cleanups.push(() => b.dispose());
    b.setFullRemotePath([alice]);
    const raw = rawReader(pair.client);
    const rejected: number[] = [];
    b.on('rejected', (event) => rejected.push(event.status));
    pair.client.write(
      `MSRP txbad001 SEND\r\nTo-Path: ${bob}\r\nFrom-Path: ${alice}\r\nthis is not a header\r\n-------txbad001$\r\n` +
        `MSRP txbad002 SEND\r\nTo-Path: not-a-uri\r\nFrom-Path: ${alice}\r\n-------txbad002$\r\n` +
        `MSRP txgood03 SEND\r\nTo-Path: ${bob}\r\nFrom-Path: ${alice}\r\nMessage-ID: m\r\nByte-Range: 1-0/0\r\n-------txgood03$\r\n`,
    );
    await raw.waitFor(/MSRP txbad001 400/);
    await raw.waitFor(/MSRP txbad002 400/);
    const delivered = await b.readChunk();
    expect(delivered?.chunk.transactionId).toBe('txgood03');
    expect(rejected).toEqual([400, 400]);
  });

  it('closes the connection when no transaction id can be read', async () => {
    const pair = await socketPair();
    cleanups.push(pair.close);
    const b = new MsrpTransport(pair.server, { localUri: bob });
    cleanups.push(() => b.dispose());
    const raw = rawReader(pair.client);
    const closed = new Promise<unknown>((resolve) => b.on('closed', resolve));
    pair.client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await raw.closed;
    const event = (await closed) as { error?: { code: string } };
    expect(event.error?.code).toBe('msrp-parse-failed');
    await expect(b.readChunk()).rejects.toMatchObject({ code: 'msrp-parse-failed' });
  });

  it('times out a request without response (RFC 4975 §7.1.1 → 408)', async () => {
    const { a } = await transportPair();
    const error = await a.request(a.makeChunk({ body: 'x' }), { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'msrp-timeout', status: 408 });
  });

  it('rejects pending requests and ends reading when the peer closes', async () => {
    const { a, b } = await transportPair();
    const pending = a.request(a.makeChunk({ body: 'x' }));
    await b.readChunk();
    b.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'msrp-connection-lost' });
    await expect(a.readChunk()).resolves.toBeNull();
    await expect(a.writeChunk(a.makeChunk({ body: 'y' }))).rejects.toMatchObject({ code: 'msrp-connection-lost' });
  });

  it('drops a second response to a finished transaction', async () => {
    const { a, b } = await transportPair();
    const chunk = a.makeChunk({ body: 'x' });
    const responded = a.request(chunk);
    const received = (await b.readChunk())!.chunk;
    await b.writeResponse(received, 200);
    await responded;
    await b.writeResponse(received, 200);
    await b.writeChunk(b.makeChunk({ body: 'after' }));
    const next = await a.readChunk();
    expect(next?.chunk.method).toBe('SEND');
    expect(next?.chunk.body.toString()).toBe('after');
  });

  it('puts back just a head that was peeked at: its body, still queued, follows it', async () => {
    const { a, b } = await transportPair();
    await a.writeChunk(a.makeChunk({ body: 'the body', contentType: 'text/plain' }));
    const start = await b.readPiece();
    if (start?.kind !== 'start') throw new Error('expected a start piece');
    b.unreadStart(start.head);
    const whole = await b.readChunk();
    expect(whole?.chunk.transactionId).toBe(start.head.transactionId);
    expect(whole?.chunk.body.toString()).toBe('the body');
    expect(whole?.final).toBe(true);
  });
});

describe('MsrpTransport backpressure', () => {
  it('pauses the socket for a slow consumer and the sender for a slow peer, memory stays bounded', async () => {
    const highWaterMark = 256 * 1024;
    const { a, b } = await transportPair({ highWaterMark });
    const part = randomBytes(64 * 1024);
    const total = 64 * 1024 * 1024;
    let written = 0;
    const rssBefore = process.memoryUsage().rss;
    const writer = (async () => {
      for (let start = 1; start <= total; start += part.length) {
        await a.writeChunk(a.makeChunk({ body: part, start, total, messageId: 'big' }));
        written += part.length;
      }
    })();
    // Nobody reads on b for a while.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stalledAt = written;
    expect(b.readingPaused).toBe(true);
    expect(b.bufferedIncomingBytes).toBeLessThanOrEqual(highWaterMark + 256 * 1024);
    expect(a.socket.writableLength).toBeLessThanOrEqual(256 * 1024);
    expect(stalledAt).toBeLessThan(total / 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(written).toBe(stalledAt);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(48 * 1024 * 1024);

    // Now read everything: the sender resumes and every byte arrives.
    let received = 0;
    let chunks = 0;
    let maxBuffered = 0;
    while (received < total) {
      const incoming = await b.readChunk();
      maxBuffered = Math.max(maxBuffered, b.bufferedIncomingBytes);
      expect(Buffer.compare(incoming!.chunk.body, part)).toBe(0);
      received += incoming!.chunk.body.length;
      chunks++;
    }
    await writer;
    expect(chunks).toBe(total / part.length);
    expect(maxBuffered).toBeLessThanOrEqual(highWaterMark + 256 * 1024);
  });
});
