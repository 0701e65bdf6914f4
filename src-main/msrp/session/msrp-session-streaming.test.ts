import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MsrpTracer } from '../trace/msrp-tracer';
import { OutgoingMessage, OutgoingState, repeatSource, type OutgoingBodySource } from './outgoing-message';
import { PROGRESS_REPORT_BYTES } from './session-receiver';
import { nextEvent, sessionPair } from './test-support/session-pair';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function pair(...args: Parameters<typeof sessionPair>) {
  const sessions = await sessionPair(...args);
  cleanups.push(() => sessions.dispose());
  return sessions;
}

const MIB = 1024 * 1024;

/** SHA-256 of everything a source yields, read in order. */
async function sourceHash(source: OutgoingBodySource): Promise<string> {
  const hash = createHash('sha256');
  for (let position = 0; position < source.size; position += MIB) hash.update(await source.read(position, Math.min(MIB, source.size - position)));
  return hash.digest('hex');
}

describe('MsrpSession streamed messages (RFC 4975 §7.1.1 interruptible chunks)', () => {
  it('lets a chat message through within the next 64 KiB of a 64 MiB message, which still arrives byte-exact', async () => {
    const tracer = new MsrpTracer();
    const { alice, bob } = await pair({ tracer });
    // An odd-sized random block: a misplaced or repeated range would change the hash.
    const block = randomBytes(MIB + 4099);
    const size = 64 * MIB;
    let bigSent = 0;
    let chunksOut = 0;
    tracer.subscribe((event) => {
      if (event.kind === 'chunk-data' && event.direction === 'out') bigSent += event.bytes;
      if (event.kind === 'new-chunk' && event.direction === 'out' && event.firstLine.endsWith('SEND')) chunksOut++;
    });
    const hash = createHash('sha256');
    let bigReceived = 0;
    let bigReceivedBeforeChat = -1;
    let chunksIn = 0;
    bob.transport.on('trace', (event) => {
      if (event.direction === 'in' && event.firstLine.endsWith('SEND')) chunksIn++;
    });
    bob.on('messageData', (event) => {
      // Chunks of one message arrive in order here: hashing as they come checks placement too.
      expect(event.offset).toBe(bigReceived);
      hash.update(event.data);
      bigReceived += event.data.length;
    });
    bob.on('message', () => (bigReceivedBeforeChat = bigReceived));
    const big = alice.send(new OutgoingMessage(repeatSource(block, size)));
    // Well into the big message (bytes written, not time), queue a chat message.
    while (bigSent < 8 * MIB) await new Promise((resolve) => setImmediate(resolve));
    const sentWhenQueued = bigSent;
    const chat = alice.sendMessage('urgent');
    const [bigOutcome, chatOutcome] = await Promise.all([big.done, chat.done]);
    expect(chatOutcome.state).toBe(OutgoingState.Delivered);
    expect(bigOutcome.state).toBe(OutgoingState.Delivered);
    expect(sentWhenQueued).toBeLessThan(size / 2);
    // Ordering by bytes on the wire: the chat message overtook all but the slice being written.
    expect(bigReceivedBeforeChat).toBeGreaterThanOrEqual(sentWhenQueued);
    expect(bigReceivedBeforeChat - sentWhenQueued).toBeLessThan(64 * 1024);
    // One chunk before the chat message, one after: the message went as few chunks as it could.
    expect(chunksIn - 1).toBeGreaterThanOrEqual(2);
    expect(chunksIn - 1).toBeLessThanOrEqual(4);
    expect(chunksOut).toBe(chunksIn);
    expect(bigReceived).toBe(size);
    expect(hash.digest('hex')).toBe(await sourceHash(repeatSource(block, size)));
  });

  it('keeps the per-path chunk cap and REPORT pacing', async () => {
    const { alice, bob } = await pair({ chunkSize: 8192, maxBytesInFlight: 32 * 1024 });
    const sizes: number[] = [];
    let chunks = 0;
    bob.transport.on('trace', (event) => {
      if (event.direction === 'in' && event.firstLine.endsWith('SEND')) chunks++;
    });
    alice.on('progress', (progress) => sizes.push(progress.sent - progress.acknowledged));
    const message = alice.sendMessage(randomBytes(512 * 1024));
    expect((await message.done).state).toBe(OutgoingState.Delivered);
    expect(chunks).toBeGreaterThanOrEqual(512 / 8);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(32 * 1024 + 8192);
  });

  it('splits a body that would contain its own end-line into two chunks, delivered byte-exact', async () => {
    const tracer = new MsrpTracer();
    const { alice, bob } = await pair({ tracer }, { streamingThreshold: 16 * MIB });
    let lastTransactionId = '';
    tracer.subscribe((event) => {
      if (event.kind === 'new-chunk' && event.direction === 'out' && event.firstLine.endsWith('SEND')) lastTransactionId = event.transactionId;
    });
    // A source that, once the first chunk has started, quotes that chunk's own end-line (a file holding a
    // captured MSRP trace could): the sender cannot have picked its transaction id to avoid it.
    const produced: Buffer[] = [];
    let quoted = '';
    const size = MIB;
    const source: OutgoingBodySource = {
      size,
      read(position, length) {
        const data = Buffer.alloc(Math.min(length, size - position), 0x2e);
        if (position > 0 && produced.length === 1) {
          quoted = lastTransactionId;
          Buffer.from(`\r\n-------${quoted}$\r\n`, 'latin1').copy(data, 100);
        }
        produced.push(data);
        return data;
      },
    };
    let chunks = 0;
    bob.transport.on('trace', (event) => {
      if (event.direction === 'in' && event.firstLine.endsWith('SEND')) chunks++;
    });
    const received = nextEvent(bob, 'message');
    const message = alice.send(new OutgoingMessage(source));
    const body = (await received).body;
    expect((await message.done).state).toBe(OutgoingState.Delivered);
    expect(produced.length).toBeGreaterThanOrEqual(2);
    expect(quoted).not.toBe('');
    expect(body.toString('latin1')).toContain(`-------${quoted}$\r\n`);
    expect(body.equals(Buffer.concat(produced))).toBe(true);
    expect(chunks).toBe(2);
  });
});

describe('MsrpSession incomplete incoming messages', () => {
  it('keeps at most maxIncompleteMessages; the oldest is dropped and reported with 413', async () => {
    const { alice, bob } = await pair({}, { maxIncompleteMessages: 2 });
    const aborted: { id: string; code: number }[] = [];
    bob.on('messageAborted', (event) => aborted.push({ id: event.info.messageId, code: event.code }));
    const failed = nextEvent(alice, 'failed');
    // Three messages begun (first chunks only) by hand, so that none completes.
    const transport = alice.transport;
    for (const id of ['m1', 'm2', 'm3']) {
      const chunk = transport.makeChunk({ messageId: id, body: Buffer.alloc(3000, 1), start: 1, total: 10_000, contentType: 'application/octet-stream' });
      await transport.writeChunk(chunk);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(aborted).toEqual([{ id: 'm1', code: 413 }]);
    // The REPORT reaches the sender's session, which knows no m1: nothing fails there.
    const none = await Promise.race([failed.then(() => 'failed'), new Promise((resolve) => setTimeout(() => resolve('none'), 50))]);
    expect(none).toBe('none');
    // A later chunk of the dropped message is answered 413 (RFC 4975 §7.3.1: stop sending it).
    const late = transport.makeChunk({ messageId: 'm1', body: Buffer.alloc(3000, 1), start: 3001, total: 10_000, contentType: 'application/octet-stream' });
    const response = await transport.request(late);
    expect(response.code).toBe(413);
  });

  it('fails an outgoing message whose receiver dropped it with a 413 REPORT', async () => {
    const { alice } = await pair({ chunkSize: 4096 }, { maxIncompleteMessages: 1 });
    // One streamed message, then another one begun by hand under another id, fill the receiver's table.
    const message = alice.send(new OutgoingMessage(repeatSource(Buffer.alloc(4096, 2), 4 * MIB), { messageId: 'big1' }));
    await nextEvent(alice, 'progress');
    const other = alice.transport.makeChunk({ messageId: 'other', body: Buffer.alloc(3000, 1), start: 1, total: 10_000, contentType: 'application/octet-stream' });
    await alice.transport.writeChunk(other);
    const outcome = await message.done;
    expect(outcome).toMatchObject({ state: OutgoingState.Failed, code: 413 });
  });
});

describe('MsrpSession progress within one streamed chunk', () => {
  it('reports sent and acknowledged bytes while a single chunk is still being written', async () => {
    const { alice, bob } = await pair();
    let chunks = 0;
    bob.transport.on('trace', (event) => {
      if (event.direction === 'in' && event.firstLine.endsWith('SEND')) chunks++;
    });
    const acknowledged: number[] = [];
    const sent: number[] = [];
    const size = 8 * MIB;
    const message = alice.send(new OutgoingMessage(repeatSource(randomBytes(MIB), size)));
    message.on('progress', (progress) => {
      sent.push(progress.sent);
      acknowledged.push(progress.acknowledged);
    });
    expect((await message.done).state).toBe(OutgoingState.Delivered);
    expect(chunks).toBe(1);
    // REPORTs every PROGRESS_REPORT_BYTES: acknowledged grows in steps before the chunk's end.
    const partial = [...new Set(acknowledged)].filter((bytes) => bytes > 0 && bytes < size);
    expect(partial.length).toBeGreaterThanOrEqual(4);
    expect(acknowledged).toEqual([...acknowledged].sort((x, y) => x - y));
    expect(new Set(sent.filter((bytes) => bytes < size)).size).toBeGreaterThanOrEqual(4);
    expect(acknowledged.at(-1)).toBe(size);
  });

  it('sends one REPORT per chunk when chunks are PROGRESS_REPORT_BYTES long (no extra progress REPORT)', async () => {
    const { alice } = await pair({ chunkSize: PROGRESS_REPORT_BYTES });
    let reports = 0;
    alice.transport.on('trace', (event) => {
      if (event.direction === 'in' && event.firstLine.endsWith('REPORT')) reports++;
    });
    const message = alice.send(new OutgoingMessage(repeatSource(randomBytes(MIB), 4 * PROGRESS_REPORT_BYTES)));
    expect((await message.done).state).toBe(OutgoingState.Delivered);
    expect(reports).toBe(4);
  });
});
