import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanNamespaces, REPO, TSX_ARGS, type JsonLinesProcess } from './lan-namespaces';

/**
 * Two Parley LAN accounts, each in its own network namespace joined by a veth pair: real mDNS (224.0.0.251:5353)
 * and direct SIP between them, with no server and no traffic on the host's interfaces.
 */
/** The peer program: one LanSipEndpoint + LanPresence, JSON lines out, commands in on stdin. */
const PEER_PROGRAM = `
import { createInterface } from 'node:readline';
import { LanPresence, LanSipEndpoint } from ${JSON.stringify(join(REPO, 'src-main/sip/lan/index.ts'))};
const [address, name, instanceId, ttlText] = process.argv.slice(2);
const ttl = ttlText ? Number(ttlText) : undefined;
const out = (value) => process.stdout.write(JSON.stringify(value) + '\\n');
const endpoint = new LanSipEndpoint({ user: name.toLowerCase(), displayName: name, listenAddress: address, t1Ms: 100 });
await endpoint.start();
const presence = new LanPresence({
  displayName: name, instanceId, contact: endpoint.contact, interfaceAddress: address, services: endpoint.services, announceIntervalMs: 250,
  hostTtlSeconds: ttl, otherTtlSeconds: ttl,
});
presence.on('peerAppeared', (peer) => out({ event: 'peerAppeared', peer }));
presence.on('peerUpdated', ({ peer }) => out({ event: 'peerUpdated', peer }));
presence.on('peerDisappeared', ({ peer, reason }) => out({ event: 'peerDisappeared', peer, reason }));
endpoint.on('incomingMessage', (message) => out({ event: 'message', from: message.from, body: message.body, contentType: message.contentType }));
await presence.start();
out({ event: 'ready', contact: endpoint.contact, instanceName: presence.instanceName, services: endpoint.services });
const commands = createInterface({ input: process.stdin });
// The test process went away: leave rather than linger in the namespace.
commands.on('close', () => process.exit(0));
commands.on('line', async (line) => {
  const command = JSON.parse(line);
  if (command.cmd === 'send') out({ event: 'sent', result: await endpoint.sendMessage(command.contact, command.body) });
  if (command.cmd === 'stop') {
    await presence.stop();
    await endpoint.stop();
    out({ event: 'stopped' });
    process.exit(0);
  }
});
`;

type PeerEvent = { readonly event: string } & Record<string, unknown>;
type PeerProcess = JsonLinesProcess<PeerEvent>;

let namespaces: LanNamespaces | undefined;
let workDir: string;

function startPeer(namespace: string, address: string, name: string, instanceId: string, ttlSeconds?: number): PeerProcess {
  const script = join(workDir, 'lan-peer.mts');
  const args = [...TSX_ARGS, script, address, name, instanceId, ...(ttlSeconds === undefined ? [] : [String(ttlSeconds)])];
  return namespaces!.startNode<PeerEvent>(namespace, args, { name });
}

/** Undecodable and truncated mDNS datagrams sent to 224.0.0.251:5353 from inside a namespace. */
async function sendMalformedMdns(namespace: string, address: string): Promise<void> {
  const program = `
    const socket = require('node:dgram').createSocket({ type: 'udp4', reuseAddr: true });
    const datagrams = [
      Buffer.from('not dns at all'),
      Buffer.from([0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0]),
      Buffer.from([0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc0, 0xff, 0, 12, 0, 1, 0, 0, 0, 10, 0, 2, 0xc0, 0x0c]),
      Buffer.from([0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 4, 95, 115, 105, 112, 0, 0, 33, 0, 1, 0, 0, 0, 10, 0, 3, 1, 2, 3]),
    ];
    socket.bind(5353, () => {
      socket.setMulticastInterface(${JSON.stringify(address)});
      let left = datagrams.length;
      for (const datagram of datagrams) socket.send(datagram, 5353, '224.0.0.251', () => { if (--left === 0) socket.close(); });
    });`;
  const { child } = namespaces!.startNode(namespace, ['-e', program], { name: 'malformed mDNS' });
  const code = await new Promise<number | null>((resolvePromise) => child.once('exit', resolvePromise));
  expect(code).toBe(0);
}

beforeAll(() => {
  namespaces = LanNamespaces.create();
  workDir = mkdtempSync(join(tmpdir(), 'parley-lan-'));
  writeFileSync(join(workDir, 'lan-peer.mts'), PEER_PROGRAM);
});

afterAll(() => {
  try {
    namespaces?.dispose();
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
});

describe('LAN account between two network namespaces', () => {
  it('discovers each other, exchanges MESSAGEs directly, and sees the goodbye', async () => {
    const { a, b } = namespaces!.pair;
    const alice = startPeer(a.name, a.address, 'Alice', 'alice-instance-0001');
    const bob = startPeer(b.name, b.address, 'Bob', 'bob-instance-0002');
    const aliceReady = await alice.waitFor((event) => event.event === 'ready', 'ready', 20_000);
    const bobReady = await bob.waitFor((event) => event.event === 'ready', 'ready', 20_000);
    expect(aliceReady['contact']).toMatch(new RegExp(`^sip:alice@${a.address.replace(/\./g, '\\.')}:\\d+;transport=tcp$`));

    // Garbage on the group first (RFC 6762 §18: bad packets are dropped): both peers must carry on regardless.
    await sendMalformedMdns(a.name, a.address);

    const started = Date.now();
    const bobSeen = await alice.waitFor((event) => event.event === 'peerAppeared', 'Bob to appear', 8_000);
    const aliceSeen = await bob.waitFor((event) => event.event === 'peerAppeared', 'Alice to appear', 8_000);
    expect(Date.now() - started).toBeLessThan(8_000);
    const bobPeer = bobSeen['peer'] as { contact: string; instanceId: string; displayName: string; addresses: string[]; services: Array<{ transport: string; port: number }> };
    expect(bobPeer).toMatchObject({ contact: bobReady['contact'], instanceId: 'bob-instance-0002', displayName: 'Bob', addresses: [b.address] });
    expect(bobPeer.services).toEqual(bobReady['services']);
    expect(aliceSeen['peer']).toMatchObject({ contact: aliceReady['contact'], instanceId: 'alice-instance-0001' });
    // Neither reports itself.
    expect(alice.lines.filter((event) => event.event === 'peerAppeared')).toHaveLength(1);
    expect(bob.lines.filter((event) => event.event === 'peerAppeared')).toHaveLength(1);

    alice.send({ cmd: 'send', contact: bobPeer.contact, body: 'hello Bob, no server here' });
    const sent = await alice.waitFor((event) => event.event === 'sent', 'MESSAGE result', 10_000);
    expect(sent['result']).toMatchObject({ ok: true, code: 200 });
    const received = await bob.waitFor((event) => event.event === 'message', 'MESSAGE', 5_000);
    expect(received).toMatchObject({ body: 'hello Bob, no server here', contentType: 'text/plain' });
    expect(received['from']).toMatch(/^sip:alice@/);

    // The UDP service from the advertisement works too.
    const udpPort = bobPeer.services.find((service) => service.transport === 'udp')?.port;
    expect(udpPort).toBeGreaterThan(0);
    alice.send({ cmd: 'send', contact: `sip:bob@${b.address}:${udpPort};transport=udp`, body: 'and over UDP' });
    await bob.waitFor((event) => event.event === 'message' && event['body'] === 'and over UDP', 'UDP MESSAGE', 5_000);

    bob.send({ cmd: 'stop' });
    await bob.waitFor((event) => event.event === 'stopped', 'stop', 10_000);
    const gone = await alice.waitFor((event) => event.event === 'peerDisappeared', 'Bob to disappear', 5_000);
    expect(gone).toMatchObject({ reason: 'goodbye', peer: { instanceId: 'bob-instance-0002' } });

    alice.send({ cmd: 'stop' });
    await alice.waitFor((event) => event.event === 'stopped', 'stop', 10_000);
    expect(alice.stderr.join('')).toBe('');
  }, 60_000);

  it('forgets a peer that vanishes without a goodbye once its records expire', async () => {
    const { a, b } = namespaces!.pair;
    const alice = startPeer(a.name, a.address, 'Alice', 'alice-instance-0003', 3);
    const bob = startPeer(b.name, b.address, 'Bob', 'bob-instance-0004', 3);
    await alice.waitFor((event) => event.event === 'peerAppeared', 'Bob to appear', 10_000);
    await bob.waitFor((event) => event.event === 'ready', 'ready', 10_000);
    // Killed: no goodbye is sent, so only TTL expiry (RFC 6762 §5.2, §10) can remove it.
    const killedAt = Date.now();
    process.kill(bob.child.pid!, 'SIGKILL');
    const gone = await alice.waitFor((event) => event.event === 'peerDisappeared', 'Bob to expire', 10_000);
    expect(gone).toMatchObject({ reason: 'expired', peer: { instanceId: 'bob-instance-0004' } });
    expect(Date.now() - killedAt).toBeLessThan(6_000);
    alice.send({ cmd: 'stop' });
    await alice.waitFor((event) => event.event === 'stopped', 'stop', 10_000);
  }, 60_000);
});
