import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MsrpSession,
  MsrpUri,
  OutgoingFile,
  OutgoingState,
  RelayConnection,
  generateSessionId,
  type ReceivedMessage,
} from '../../src-main/msrp';
import { kamailioMsrpRelayConfig } from '../peers/kamailio-msrp-relay';
import { startKamailio, type KamailioHandle } from '../peers/kamailio';
import { freeTcpPort } from '../peers/ports';

/** Kamailio drops frames of ~11 KB and more and has no flow control (interop notes): 8 KiB chunks, paced by REPORTs. */
const RELAY_CHUNK = 8 * 1024;
const WINDOW = 64 * 1024;

describe('MsrpSession through the Kamailio MSRP relay', () => {
  let kamailio: KamailioHandle;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'parley-session-relay-'));
  const sessions: MsrpSession[] = [];

  beforeAll(async () => {
    port = await freeTcpPort();
    kamailio = await startKamailio({ name: 'msrp-session-relay', config: kamailioMsrpRelayConfig({ tcpPort: port, digest: true }), waitForTcpPorts: [port] });
  });

  afterAll(async () => {
    for (const session of sessions) session.dispose();
    await kamailio?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function relayedSessions(): Promise<{ alice: MsrpSession; bob: MsrpSession }> {
    const relay = (username: string, password: string) => ({ domain: '127.0.0.1', host: '127.0.0.1', port, username, password, useTls: false, maxChunkSize: RELAY_CHUNK });
    const aliceSide = new RelayConnection(relay('alice', 'alice-secret'), 'active', { refresh: false });
    const bobSide = new RelayConnection(relay('bob', 'bob-secret'), 'passive', { refresh: false });
    const uri = () => new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() });
    const alicePath = await aliceSide.prepare(uri());
    const bobPath = await bobSide.prepare(uri());
    const [aliceTransport, bobTransport] = await Promise.all([aliceSide.complete(bobPath), bobSide.complete(alicePath)]);
    const options = { chunkSize: RELAY_CHUNK, maxBytesInFlight: WINDOW, streamingThreshold: 64 * 1024 };
    const alice = new MsrpSession(aliceTransport, options);
    const bob = new MsrpSession(bobTransport, options);
    sessions.push(alice, bob);
    return { alice, bob };
  }

  it('carries text both ways with delivery REPORTs', async () => {
    const { alice, bob } = await relayedSessions();
    const atBob = new Promise<ReceivedMessage>((resolve) => bob.once('message', resolve));
    const sent = alice.sendMessage('through the relay');
    expect((await atBob).body.toString()).toBe('through the relay');
    expect(await sent.done).toEqual({ state: OutgoingState.Delivered, code: 200 });
    const atAlice = new Promise<ReceivedMessage>((resolve) => alice.once('message', resolve));
    const reply = bob.sendMessage('and back');
    expect((await atAlice).body.toString()).toBe('and back');
    expect((await reply.done).state).toBe(OutgoingState.Delivered);
  });

  it('sends a multi-MB file byte-exact in 8 KiB chunks paced by REPORTs', async () => {
    const { alice, bob } = await relayedSessions();
    const content = randomBytes(4 * 1024 * 1024 + 5);
    writeFileSync(join(dir, 'relay.bin'), content);
    const received = Buffer.alloc(content.length);
    let receivedBytes = 0;
    bob.on('messageData', (event) => {
      event.data.copy(received, event.offset);
      receivedBytes += event.data.length;
    });
    let maxInFlight = 0;
    alice.on('progress', (event) => (maxInFlight = Math.max(maxInFlight, event.sent - event.acknowledged)));
    const file = alice.sendFile(await OutgoingFile.open(join(dir, 'relay.bin')));
    expect(await file.done).toEqual({ state: OutgoingState.Delivered, code: 200 });
    expect(receivedBytes).toBe(content.length);
    expect(createHash('sha1').update(received).digest('hex')).toBe(createHash('sha1').update(content).digest('hex'));
    expect(maxInFlight).toBeLessThanOrEqual(WINDOW + RELAY_CHUNK);
  }, 120_000);
});
