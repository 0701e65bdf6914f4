import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MsrpSessionOptions, ReceivedMessage, TransportTrace } from '../../msrp';
import { sessionPair } from '../../msrp/session/test-support/session-pair';
import { socketPair } from '../../msrp/transport/test-support/socket-pair';
import { DesktopSharingError } from './desktop-sharing-error';
import { RFB_CONTENT_TYPE, RfbMsrpBridge } from './rfb-msrp-bridge';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A session pair and, on each side, a bridge whose local end is one side of a TCP connection. */
async function bridged(options: { readonly sharing?: MsrpSessionOptions; readonly viewing?: MsrpSessionOptions; readonly highWaterMark?: number } = {}) {
  const pair = await sessionPair(options.sharing, options.viewing);
  const server = await socketPair();
  const viewer = await socketPair();
  cleanups.push(() => pair.dispose(), () => server.close(), () => viewer.close());
  const sharingBridge = new RfbMsrpBridge(server.server, pair.alice, { highWaterMark: options.highWaterMark });
  const viewingBridge = new RfbMsrpBridge(viewer.server, pair.bob, { highWaterMark: options.highWaterMark });
  cleanups.push(() => sharingBridge.dispose(), () => viewingBridge.dispose());
  return { ...pair, rfbServer: server.client, rfbViewer: viewer.client, sharingBridge, viewingBridge };
}

function collect(socket: Socket): { bytes(): Buffer; waitFor(length: number): Promise<Buffer> } {
  const chunks: Buffer[] = [];
  let length = 0;
  let waiter: (() => void) | undefined;
  socket.on('data', (data: Buffer) => {
    chunks.push(data);
    length += data.length;
    waiter?.();
  });
  return {
    bytes: () => Buffer.concat(chunks),
    async waitFor(wanted) {
      while (length < wanted) await new Promise<void>((resolve) => (waiter = resolve));
      return Buffer.concat(chunks);
    },
  };
}

const sha1 = (data: Buffer): string => createHash('sha1').update(data).digest('hex');

describe('RfbMsrpBridge', () => {
  it('sends RFB bytes as one-chunk x-rfb messages of at most 2048 octets with Success-Report no, Failure-Report partial', async () => {
    const { rfbServer, bob } = await bridged();
    const received: ReceivedMessage[] = [];
    bob.on('message', (message) => received.push(message));
    const data = randomBytes(5000);
    rfbServer.write(data);
    await until(() => received.reduce((sum, message) => sum + message.body.length, 0) >= data.length);
    expect(received.map((message) => message.body.length)).toEqual([2048, 2048, 904]);
    for (const message of received) {
      expect(message.contentType).toBe(RFB_CONTENT_TYPE);
      expect(message.head.successReport).toBe('no');
      expect(message.head.failureReport).toBe('partial');
      expect(message.head.byteRange).toEqual({ start: 1, end: message.body.length, total: message.body.length });
      expect(message.head.continuation).toBe('$');
    }
    expect(Buffer.concat(received.map((message) => message.body)).equals(data)).toBe(true);
  });

  it('carries megabytes both ways in order, and no response or REPORT flows back', async () => {
    const { rfbServer, rfbViewer, alice, bob } = await bridged();
    const backTraffic: TransportTrace[] = [];
    bob.transport.on('trace', (trace) => {
      if (trace.direction === 'out' && !trace.firstLine.endsWith(' SEND')) backTraffic.push(trace);
    });
    alice.transport.on('trace', (trace) => {
      if (trace.direction === 'out' && !trace.firstLine.endsWith(' SEND')) backTraffic.push(trace);
    });
    const down = randomBytes(3 * 1024 * 1024 + 17);
    const up = randomBytes(256 * 1024 + 5);
    const atViewer = collect(rfbViewer);
    const atServer = collect(rfbServer);
    rfbServer.write(down);
    rfbViewer.write(up);
    const downAtViewer = await atViewer.waitFor(down.length);
    const upAtServer = await atServer.waitFor(up.length);
    expect([downAtViewer.length, upAtServer.length]).toEqual([down.length, up.length]);
    expect([sha1(downAtViewer), sha1(upAtServer)]).toEqual([sha1(down), sha1(up)]);
    expect(backTraffic).toEqual([]);
  });

  it('pauses the sending side while the receiving side does not read, and loses nothing', async () => {
    const { rfbServer, rfbViewer, sharingBridge, viewingBridge } = await bridged({ highWaterMark: 64 * 1024 });
    rfbViewer.pause();
    const data = randomBytes(24 * 1024 * 1024);
    rfbServer.write(data);
    // With the viewer stalled, every buffer fills and the sharing side stops reading from the RFB server.
    await until(() => sharingBridge.stats.localPauses > 0 && viewingBridge.stats.sessionPauses > 0, 10_000);
    const stalledAt = sharingBridge.stats.bytesToSession;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sharingBridge.stats.bytesToSession - stalledAt).toBeLessThan(4 * 1024 * 1024);
    expect(sharingBridge.stats.bytesToSession).toBeLessThan(data.length);
    expect(sharingBridge.pendingBytes).toBeLessThanOrEqual(64 * 1024 + 64 * 1024);
    const atViewer = collect(rfbViewer);
    rfbViewer.resume();
    expect(sha1(await atViewer.waitFor(data.length))).toBe(sha1(data));
  }, 30_000);

  it('ends the local side when the session closes, after writing what arrived', async () => {
    const { rfbServer, rfbViewer, bob, alice, viewingBridge } = await bridged();
    const atViewer = collect(rfbViewer);
    const closed = new Promise<void>((resolve) => rfbViewer.once('end', () => resolve()));
    rfbServer.write(Buffer.from('RFB 003.008\n'));
    await atViewer.waitFor(12);
    alice.dispose();
    expect(await viewingBridge.ended).toEqual({ reason: 'session-closed' });
    await closed;
    await bob.closed;
    expect(atViewer.bytes().toString('latin1')).toBe('RFB 003.008\n');
  });

  it('flushes and closes the MSRP connection when the local side ends', async () => {
    const { rfbServer, rfbViewer, alice, bob, sharingBridge, viewingBridge } = await bridged();
    const tail = randomBytes(100_000);
    const atViewer = collect(rfbViewer);
    rfbServer.end(tail);
    expect((await sharingBridge.ended).reason).toBe('local-closed');
    await Promise.all([alice.closed, bob.closed]);
    expect((await viewingBridge.ended).reason).toBe('session-closed');
    expect(sha1(await atViewer.waitFor(tail.length))).toBe(sha1(tail));
  });

  it('fails and closes when the peer refuses x-rfb (415): a hole in the byte stream is fatal', async () => {
    const { rfbServer, sharingBridge, alice } = await bridged({ viewing: { acceptTypes: ['text/plain'] } });
    const serverClosed = new Promise<void>((resolve) => rfbServer.once('close', () => resolve()));
    rfbServer.on('error', () => undefined);
    rfbServer.write(randomBytes(100));
    const end = await sharingBridge.ended;
    expect(end.reason).toBe('failed');
    expect(end.error).toBeInstanceOf(DesktopSharingError);
    expect((end.error as DesktopSharingError).reason).toBe('msrp-send-failed');
    await serverClosed;
    await alice.closed;
  });

  it('ignores messages of other types and writes nothing for them', async () => {
    const { rfbViewer, alice } = await bridged();
    const atViewer = collect(rfbViewer);
    alice.sendMessage('hello', { contentType: 'text/plain' });
    alice.sendMessage(Buffer.from('RFB'), { contentType: 'application/x-rfb; charset=binary' });
    await atViewer.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(atViewer.bytes().toString('latin1')).toBe('RFB');
  });

  it('dispose() destroys the local side and leaves the session to its owner', async () => {
    const { rfbServer, alice, sharingBridge } = await bridged();
    const closed = new Promise<void>((resolve) => rfbServer.once('close', () => resolve()));
    sharingBridge.dispose();
    await closed;
    expect(await sharingBridge.ended).toEqual({ reason: 'disposed' });
    expect(alice.state).toBe('active');
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
