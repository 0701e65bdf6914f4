import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessageEvent, LanPeerView, LanPeersChangedEvent, Result, SessionView } from '../../src-shared';
import { type NamespacePair, createNamespacePair, spawnInNamespace } from '../peers/network-namespace';

/**
 * Two Parley cores, each with its LAN account in its own network namespace (joined by a veth pair): they find
 * each other by DNS-SD over mDNS and hold a chat session with direct SIP and direct MSRP (RFC 6135). No
 * registrar, proxy or relay anywhere, and no traffic on the host's interfaces.
 */
const repo = resolve(import.meta.dirname, '../..');
const nodeBinary = join(repo, 'node_modules/.bin/node');
// `node --import tsx` rather than the tsx CLI: the CLI runs the program in a grandchild that a kill of our child would orphan.
const LAN_CORE = join(repo, 'e2e/peers/lan-core.ts');

type Line = { readonly type: string } & Record<string, unknown>;

interface LanCore {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: Line[];
  readonly stderr: string[];
  invoke<T>(name: string, ...args: unknown[]): Promise<T>;
  waitFor(predicate: (line: Line) => boolean, what: string, timeoutMs?: number): Promise<Line>;
  waitForEvent<T>(name: string, predicate: (payload: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
}

let pair: NamespacePair | undefined;
const children: ChildProcess[] = [];

function startCore(namespace: string, address: string, name: string, user: string): LanCore {
  const child = spawnInNamespace(namespace, nodeBinary, ['--import', 'tsx', LAN_CORE, '--address', address, '--name', name, '--user', user], { cwd: repo });
  children.push(child);
  const lines: Line[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Line);
    } catch {
      stderr.push(`stdout: ${text}`);
    }
    for (const wake of [...waiters]) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  let nextId = 0;
  const waitFor = (predicate: (line: Line) => boolean, what: string, timeoutMs = 15_000): Promise<Line> =>
    new Promise((resolvePromise, reject) => {
      const check = (): void => {
        const found = lines.find(predicate);
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolvePromise(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const events = lines.map((line) => (line.type === 'event' ? `${String(line['name'])}` : line.type)).join(', ');
        reject(new Error(`${name}: timed out waiting for ${what}; lines: ${events}; stderr: ${stderr.join('')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    name,
    child,
    lines,
    stderr,
    waitFor,
    async invoke<T>(command: string, ...args: unknown[]): Promise<T> {
      const id = ++nextId;
      child.stdin!.write(`${JSON.stringify({ id, invoke: command, args })}\n`);
      const line = await waitFor((candidate) => candidate.type === 'result' && candidate['id'] === id, `the result of ${command}`);
      const result = line['result'] as Result<T>;
      if (!result.ok) throw new Error(`${name}: ${command} failed: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    async waitForEvent<T>(event: string, predicate: (payload: T) => boolean, what: string, timeoutMs?: number): Promise<T> {
      const line = await waitFor((candidate) => candidate.type === 'event' && candidate['name'] === event && predicate(candidate['payload'] as T), what, timeoutMs);
      return line['payload'] as T;
    },
  };
}

beforeAll(() => {
  // Throws NamespaceUnavailableError with the reason when this machine cannot do it: the suite then fails loudly.
  pair = createNamespacePair();
});

afterAll(() => {
  try {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
  } finally {
    pair?.destroy();
  }
});

describe('a session over the LAN account, with no server', () => {
  it('discovers the peer, opens a chat session, exchanges text both ways and ends it', async () => {
    const { a, b } = pair!;
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
    bob.child.stdin!.write(`${JSON.stringify({ stop: true })}\n`);
    await bob.waitFor((line) => line.type === 'stopped', 'Bob to stop');
    await alice.waitForEvent<LanPeersChangedEvent>('lan.peersChanged', (event) => event.peers.length === 0, 'Bob to leave', 5_000);
    alice.child.stdin!.write(`${JSON.stringify({ stop: true })}\n`);
    await alice.waitFor((line) => line.type === 'stopped', 'Alice to stop');
    expect(alice.stderr.join('')).toBe('');
    expect(bob.stderr.join('')).toBe('');
  }, 90_000);
});
