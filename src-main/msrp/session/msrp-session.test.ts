import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutgoingState, repeatSource, OutgoingMessage } from './outgoing-message';
import { MsrpSession, SessionState } from './msrp-session';
import { nextEvent, sessionPair, transportPair } from './test-support/session-pair';
import type { ReceivedMessage } from './message-reassembler';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function pair(...args: Parameters<typeof sessionPair>) {
  const sessions = await sessionPair(...args);
  cleanups.push(() => sessions.dispose());
  return sessions;
}

const ticks = async (n = 20): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('MsrpSession', () => {
  it('sends text both ways and reports delivery from Success-Report REPORTs', async () => {
    const { alice, bob } = await pair();
    const atBob = nextEvent(bob, 'message');
    const delivered: string[] = [];
    alice.on('delivered', (event) => delivered.push(event.messageId));
    const sent = alice.sendMessage('hello bob');
    expect((await atBob).body.toString()).toBe('hello bob');
    expect(await sent.done).toEqual({ state: OutgoingState.Delivered, code: 200 });
    expect(delivered).toEqual([sent.messageId]);

    const atAlice = nextEvent(alice, 'message');
    const reply = bob.sendMessage('hi alice', { contentType: 'text/plain;charset=UTF-8', successReport: 'no' });
    expect((await atAlice).contentType).toBe('text/plain;charset=UTF-8');
    expect((await reply.done).state).toBe(OutgoingState.Sent);
  });

  it('refuses an unaccepted Content-Type with 415 and the sender sees the failure', async () => {
    const { alice, bob } = await pair({}, { acceptTypes: ['text/*'] });
    const failed = nextEvent(alice, 'failed');
    const message = alice.sendMessage(Buffer.from([1, 2, 3]), { contentType: 'image/png' });
    expect(await message.done).toMatchObject({ state: OutgoingState.Failed, code: 415 });
    expect((await failed).code).toBe(415);
    const ok = alice.sendMessage('text is fine');
    expect((await ok.done).state).toBe(OutgoingState.Delivered);
    expect(bob.state).toBe(SessionState.Active);
  });

  it('refuses a message over maxMessageSize with 413', async () => {
    const { alice } = await pair({ chunkSize: 1024 }, { maxMessageSize: 4096 });
    const message = alice.sendMessage(Buffer.alloc(10_000, 7));
    expect(await message.done).toMatchObject({ state: OutgoingState.Failed, code: 413 });
  });

  it('lets a chat message out while a 10 MB message is being sent, continuing the big one under its Message-ID', async () => {
    const { alice, bob } = await pair({ chunkSize: 64 * 1024 });
    const order: string[] = [];
    let bigBytesBeforeChat = -1;
    let bigBytes = 0;
    const bigRanges = new Set<string>();
    bob.on('messageData', (event) => {
      bigBytes += event.data.length;
      bigRanges.add(event.info.messageId);
    });
    bob.on('messageEnd', () => order.push('big'));
    bob.on('message', (message) => {
      order.push(message.body.toString());
      bigBytesBeforeChat = bigBytes;
    });
    const big = alice.send(new OutgoingMessage(repeatSource(Buffer.alloc(4096, 1), 10 * 1024 * 1024)));
    // Let the big message get going, then queue the chat message.
    await nextEvent(alice, 'progress');
    const chat = alice.sendMessage('urgent');
    const [bigOutcome, chatOutcome] = await Promise.all([big.done, chat.done]);
    expect(bigOutcome.state).toBe(OutgoingState.Delivered);
    expect(chatOutcome.state).toBe(OutgoingState.Delivered);
    expect(order).toEqual(['urgent', 'big']);
    // The chat message overtook almost all of the big one (a few 64 KiB chunks at most were ahead of it).
    expect(bigBytesBeforeChat).toBeLessThan(1024 * 1024);
    expect(bigBytes).toBe(10 * 1024 * 1024);
    expect([...bigRanges]).toEqual([big.messageId]);
  });

  it('paces a large message by REPORTs when maxBytesInFlight is set', async () => {
    const { alice, bob } = await pair({ chunkSize: 8192, maxBytesInFlight: 32 * 1024 });
    let maxInFlight = 0;
    alice.on('progress', (progress) => (maxInFlight = Math.max(maxInFlight, progress.sent - progress.acknowledged)));
    let received = 0;
    bob.on('messageData', (event) => (received += event.data.length));
    const message = alice.sendMessage(Buffer.alloc(2 * 1024 * 1024, 3));
    expect((await message.done).state).toBe(OutgoingState.Delivered);
    expect(received).toBe(2 * 1024 * 1024);
    expect(maxInFlight).toBeLessThanOrEqual(32 * 1024 + 8192);
  });

  it('shutdown() flushes queued messages before closing', async () => {
    const { alice, bob } = await pair();
    const received: string[] = [];
    bob.on('message', (message) => received.push(message.body.toString()));
    const messages = ['one', 'two', 'three'].map((text) => alice.sendMessage(text, { successReport: 'no' }));
    await alice.shutdown();
    expect(alice.state).toBe(SessionState.Closed);
    expect((await Promise.all(messages.map((m) => m.done))).map((o) => o.state)).toEqual(['sent', 'sent', 'sent']);
    await bob.closed;
    expect(received).toEqual(['one', 'two', 'three']);
    expect(() => alice.sendMessage('late')).toThrow(/closed/);
  });

  it('reports a closed session and fails what was outstanding', async () => {
    const { alice, bob } = await pair();
    const closed = nextEvent(alice, 'closed');
    bob.dispose();
    await closed;
    expect(alice.state).toBe(SessionState.Closed);
  });
});

describe('MsrpSession transaction timeouts', () => {
  async function silentPeer() {
    // The peer's transport reads but nothing answers: no session on that side.
    const { a, b } = await transportPair();
    cleanups.push(() => {
      a.dispose();
      b.dispose();
    });
    return a;
  }

  it('makes a local 408 when Failure-Report is yes and no response comes in time', async () => {
    const transport = await silentPeer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const alice = new MsrpSession(transport, { keepAliveMs: 0, responseTimeoutMs: 30_000 });
    cleanups.push(() => alice.dispose());
    const responses: { code: number; local: boolean }[] = [];
    alice.on('response', (event) => responses.push({ code: event.code, local: event.local }));
    const message = alice.sendMessage('anyone?', { successReport: 'no' });
    await ticks();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(responses).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(await message.done).toMatchObject({ state: OutgoingState.Failed, code: 408 });
    expect(responses).toEqual([{ code: 408, local: true }]);
  });

  it('counts silence as success (200) for Failure-Report partial, and no as sent at once', async () => {
    const transport = await silentPeer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const alice = new MsrpSession(transport, { keepAliveMs: 0, responseTimeoutMs: 30_000 });
    cleanups.push(() => alice.dispose());
    const partial = alice.sendMessage('partial', { successReport: 'no', failureReport: 'partial' });
    const none = alice.sendMessage('none', { successReport: 'no', failureReport: 'no' });
    await ticks();
    expect(await none.done).toEqual({ state: OutgoingState.Sent, code: 200 });
    expect(partial.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(30_500);
    expect(await partial.done).toEqual({ state: OutgoingState.Sent, code: 200 });
  });

  it('deliverChunk rejects with a timeout error on a local 408', async () => {
    const transport = await silentPeer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const alice = new MsrpSession(transport, { keepAliveMs: 0, responseTimeoutMs: 5_000 });
    cleanups.push(() => alice.dispose());
    const delivery = alice.deliverChunk(transport.makeChunk({ body: 'x', contentType: 'text/plain' }));
    const outcome = delivery.then(() => 'resolved', (error: { code?: string }) => error.code);
    await ticks();
    await vi.advanceTimersByTimeAsync(5_500);
    expect(await outcome).toBe('msrp-timeout');
  });
});

describe('MsrpSession keep-alive', () => {
  it('sends an empty SEND after the idle interval, and none while busy', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { alice } = await pair({ keepAliveMs: 60_000 });
    const responses: { code: number; local: boolean }[] = [];
    alice.on('response', (event) => responses.push({ code: event.code, local: event.local }));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(responses).toHaveLength(0);
    // Real I/O for the response: advance past the interval, then let the sockets work.
    await vi.advanceTimersByTimeAsync(1_500);
    for (let i = 0; i < 50 && responses.length === 0; i++) await ticks(5);
    expect(responses).toEqual([{ code: 200, local: false }]);
    await vi.advanceTimersByTimeAsync(30_000);
    await ticks();
    expect(responses).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(31_000);
    for (let i = 0; i < 50 && responses.length === 1; i++) await ticks(5);
    expect(responses).toHaveLength(2);
  });
});
