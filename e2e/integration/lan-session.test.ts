import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessageEvent, LanPeerView, LanPeersChangedEvent, Result, SessionView } from '../../src-shared';
import { LanNamespaces, REPO, TSX_ARGS, type JsonLinesProcess } from './lan-namespaces';

/**
 * Two Parley cores, each with its LAN account in its own network namespace (joined by a veth pair): they find
 * each other by DNS-SD over mDNS and hold a chat session with direct SIP and direct MSRP (RFC 6135). No
 * registrar, proxy or relay anywhere, and no traffic on the host's interfaces.
 */
const LAN_CORE = join(REPO, 'e2e/peers/lan-core.ts');

type Line = { readonly type: string } & Record<string, unknown>;

/** A lan-core process (see e2e/peers/lan-core.ts for its JSON-line protocol). */
interface LanCore extends JsonLinesProcess<Line> {
  readonly name: string;
  invoke<T>(name: string, ...args: unknown[]): Promise<T>;
  waitForEvent<T>(name: string, predicate: (payload: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
}

let namespaces: LanNamespaces | undefined;

function startCore(namespace: string, address: string, name: string, user: string): LanCore {
  const program = namespaces!.startNode<Line>(namespace, [...TSX_ARGS, LAN_CORE, '--address', address, '--name', name, '--user', user], {
    name,
    describeLines: (lines) => lines.map((line) => (line.type === 'event' ? `${String(line['name'])}` : line.type)).join(', '),
  });
  let nextId = 0;
  return {
    ...program,
    name,
    async invoke<T>(command: string, ...args: unknown[]): Promise<T> {
      const id = ++nextId;
      program.send({ id, invoke: command, args });
      const line = await program.waitFor((candidate) => candidate.type === 'result' && candidate['id'] === id, `the result of ${command}`);
      const result = line['result'] as Result<T>;
      if (!result.ok) throw new Error(`${name}: ${command} failed: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    async waitForEvent<T>(event: string, predicate: (payload: T) => boolean, what: string, timeoutMs?: number): Promise<T> {
      const line = await program.waitFor((candidate) => candidate.type === 'event' && candidate['name'] === event && predicate(candidate['payload'] as T), what, timeoutMs);
      return line['payload'] as T;
    },
  };
}

beforeAll(() => {
  namespaces = LanNamespaces.create();
});

afterAll(() => {
  namespaces?.dispose();
});

describe('a session over the LAN account, with no server', () => {
  it('discovers the peer, opens a chat session, exchanges text both ways and ends it', async () => {
    const { a, b } = namespaces!.pair;
    const alice = startCore(a.name, a.address, 'Alice', 'alice');
    const bob = startCore(b.name, b.address, 'Bob', 'bob');
    const aliceReady = await alice.waitFor((line) => line.type === 'ready', 'ready', 30_000);
    const bobReady = await bob.waitFor((line) => line.type === 'ready', 'ready', 30_000);
    expect(aliceReady['contact']).toMatch(new RegExp(`^sip:alice@${a.address.replace(/\./g, '\\.')}:\\d+;transport=tcp$`));
    const aliceLan = aliceReady['lanId'] as string;
    const bobLan = bobReady['lanId'] as string;

    // Discovery: each sees the other as a contact, under its display name and with the contact it advertised.
    const hasPeer = (displayName: string) => (event: LanPeersChangedEvent) => event.peers.some((peer) => peer.displayName === displayName);
    const seenByAlice = await alice.waitForEvent<LanPeersChangedEvent>('lan.peersChanged', hasPeer('Bob'), 'Bob to appear', 10_000);
    await bob.waitForEvent<LanPeersChangedEvent>('lan.peersChanged', hasPeer('Alice'), 'Alice to appear', 10_000);
    expect(seenByAlice.accountId).toBe(aliceLan);
    const bobPeer = seenByAlice.peers.find((peer) => peer.displayName === 'Bob') as LanPeerView;
    expect(bobPeer).toEqual({ id: bobLan, displayName: 'Bob', contact: bobReady['contact'], addresses: [b.address] });
    const listed = await alice.invoke<{ running: boolean; peers: LanPeerView[] }>('lan.peers');
    expect(listed).toMatchObject({ running: true, peers: [bobPeer] });

    // Alice → Bob: INVITE straight to Bob's contact, a chat stream offered.
    const outgoing = await alice.invoke<SessionView>('sessions.connect', aliceLan, bobPeer.contact, ['chat']);
    expect(outgoing).toMatchObject({ accountId: aliceLan, direction: 'outgoing', localUri: `sip:alice@${a.address}` });
    const incoming = await bob.waitForEvent<SessionView>('sessions.changed', (view) => view.direction === 'incoming' && view.state === 'incoming', 'the incoming session');
    expect(incoming).toMatchObject({ accountId: bobLan, offeredStreamTypes: ['chat'] });
    expect(incoming.remoteUri).toMatch(new RegExp(`^sip:alice@${a.address.replace(/\./g, '\\.')}`));
    await bob.invoke('sessions.accept', incoming.id);
    const established = (view: SessionView) => view.state === 'established' && view.streams.some((stream) => stream.type === 'chat' && stream.state === 'started');
    await alice.waitForEvent<SessionView>('sessions.changed', (view) => view.id === outgoing.id && established(view), 'Alice established');
    await bob.waitForEvent<SessionView>('sessions.changed', (view) => view.id === incoming.id && established(view), 'Bob established');

    // Text both ways over the direct MSRP connection.
    await alice.invoke('chat.send', outgoing.id, 'hello Bob, no server here');
    const atBob = await bob.waitForEvent<ChatMessageEvent>('chat.message', (message) => message.direction === 'incoming', 'the message from Alice');
    expect(atBob).toMatchObject({ sessionId: incoming.id, text: 'hello Bob, no server here' });
    await bob.invoke('chat.send', incoming.id, 'hi Alice, none here either');
    const atAlice = await alice.waitForEvent<ChatMessageEvent>('chat.message', (message) => message.direction === 'incoming', 'the reply from Bob');
    expect(atAlice).toMatchObject({ sessionId: outgoing.id, text: 'hi Alice, none here either' });

    // Alice ends it (BYE): both sides see it over, ended by Alice.
    await alice.invoke('sessions.end', outgoing.id);
    const endedAtAlice = await alice.waitForEvent<SessionView>('sessions.changed', (view) => view.id === outgoing.id && view.state === 'terminated', 'Alice terminated');
    const endedAtBob = await bob.waitForEvent<SessionView>('sessions.changed', (view) => view.id === incoming.id && view.state === 'terminated', 'Bob terminated');
    expect(endedAtAlice).toMatchObject({ endedBy: 'local', failure: null });
    expect(endedAtBob).toMatchObject({ endedBy: 'remote', failure: null });

    // Bob leaves: his goodbye removes him from Alice's contacts.
    bob.send({ stop: true });
    await bob.waitFor((line) => line.type === 'stopped', 'Bob to stop');
    await alice.waitForEvent<LanPeersChangedEvent>('lan.peersChanged', (event) => event.peers.length === 0, 'Bob to leave', 5_000);
    alice.send({ stop: true });
    await alice.waitFor((line) => line.type === 'stopped', 'Alice to stop');
    expect(alice.stderr.join('')).toBe('');
    expect(bob.stderr.join('')).toBe('');
  }, 90_000);
});
