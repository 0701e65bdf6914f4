import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AcceptorDirect,
  ConnectorDirect,
  MsrpSession,
  MsrpUri,
  OutgoingFile,
  OutgoingState,
  generateSessionId,
  type ReceivedMessage,
} from '../../src-main/msrp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Two sessions set up the way SDP would: the acceptor's path goes to the connector and back. */
async function connectedSessions(): Promise<{ alice: MsrpSession; bob: MsrpSession }> {
  const acceptor = new AcceptorDirect();
  const connector = new ConnectorDirect();
  cleanups.push(() => acceptor.cleanup(), () => connector.cleanup());
  const bobPath = await acceptor.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  const alicePath = await connector.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  const [bobTransport, aliceTransport] = await Promise.all([acceptor.complete(alicePath), connector.complete(bobPath)]);
  const alice = new MsrpSession(aliceTransport, { chunkSize: 64 * 1024 });
  const bob = new MsrpSession(bobTransport, { streamingThreshold: 64 * 1024 });
  cleanups.push(() => alice.dispose(), () => bob.dispose());
  return { alice, bob };
}

describe('MsrpSession over a direct loopback connection', () => {
  it('carries text both ways with delivery REPORTs', async () => {
    const { alice, bob } = await connectedSessions();
    const atBob = new Promise<ReceivedMessage>((resolve) => bob.once('message', resolve));
    const atAlice = new Promise<ReceivedMessage>((resolve) => alice.once('message', resolve));
    const toBob = alice.sendMessage('Hi Bob, çava?');
    const toAlice = bob.sendMessage('Hi Alice!');
    expect((await atBob).body.toString('utf8')).toBe('Hi Bob, çava?');
    expect((await atAlice).body.toString('utf8')).toBe('Hi Alice!');
    expect(await toBob.done).toEqual({ state: OutgoingState.Delivered, code: 200 });
    expect(await toAlice.done).toEqual({ state: OutgoingState.Delivered, code: 200 });
  });

  it('sends a multi-MB file byte-exact with sendFile, with progress', async () => {
    const { alice, bob } = await connectedSessions();
    const content = randomBytes(6 * 1024 * 1024 + 123);
    const dir = mkdtempSync(join(tmpdir(), 'parley-session-direct-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'big.bin'), content);
    const received = Buffer.alloc(content.length);
    let receivedBytes = 0;
    bob.on('messageData', (event) => {
      event.data.copy(received, event.offset);
      receivedBytes += event.data.length;
    });
    const ended = new Promise<void>((resolve) => bob.once('messageEnd', () => resolve()));
    const progress: { sent: number; acknowledged: number }[] = [];
    alice.on('progress', (event) => progress.push({ sent: event.sent, acknowledged: event.acknowledged }));
    const file = alice.sendFile(await OutgoingFile.open(join(dir, 'big.bin')));
    expect(await file.done).toEqual({ state: OutgoingState.Delivered, code: 200 });
    await ended;
    expect(receivedBytes).toBe(content.length);
    expect(createHash('sha1').update(received).digest('hex')).toBe(createHash('sha1').update(content).digest('hex'));
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toEqual({ sent: content.length, acknowledged: content.length });
  });
});
