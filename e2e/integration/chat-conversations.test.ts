import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, ChatMessageView, CommandArgs, CommandName, CommandResult, EventEnvelope, EventName, Events, SessionId, SessionView } from '../../src-shared';
import { createLogger, createStreamSink } from '../../src-main/common';
import { createParleyCore, type ParleyCore, type ParleyCoreOptions } from '../../src-main/services';
import { DEFAULT_TEST_DOMAIN, loopbackAccountDraft } from '../peers/headless-core';
import { startKamailio, type KamailioHandle } from '../peers/kamailio';
import { kamailioMsrpRelayConfig } from '../peers/kamailio-msrp-relay';
import { startKamailioSipProxy, type KamailioSipProxy } from '../peers/kamailio-sip-proxy';
import { freeTcpPort } from '../peers/ports';

/**
 * Conversations end to end: Parley cores registered at Kamailio, chatting through its MSRP relay (chat streams)
 * or by pager-mode MESSAGE, over IPC only. Alice reaches the relay through a TCP proxy of this test that can hold
 * her traffic: that makes "the stream has not started yet" and "the peer never answers" deterministic.
 */
const USERS = { alice: 'alice-secret', bob: 'bob-secret', carol: 'carol-secret', dave: 'dave-secret' } as const;
const BOB = `sip:bob@${DEFAULT_TEST_DOMAIN}`;
const CAROL = `sip:carol@${DEFAULT_TEST_DOMAIN}`;
const DAVE = `sip:dave@${DEFAULT_TEST_DOMAIN}`;
const ALICE = `sip:alice@${DEFAULT_TEST_DOMAIN}`;

/** A loopback TCP forwarder that can hold (buffer) both directions and release them later. */
class HoldingProxy {
  #held = false;
  readonly #waiting: (() => void)[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<HoldingProxy> {
    const port = await freeTcpPort();
    let proxy: HoldingProxy | undefined;
    const server = createServer((client) => proxy?.pipe(client, targetPort));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    proxy = new HoldingProxy(server, port);
    return proxy;
  }

  hold(): void {
    this.#held = true;
  }

  release(): void {
    this.#held = false;
    for (const flush of this.#waiting.splice(0)) flush();
  }

  pipe(client: Socket, targetPort: number): void {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      socket.on('close', () => (client.destroy(), upstream.destroy()));
    }
    const forward = (to: Socket) => (data: Buffer) => {
      if (!this.#held) to.write(data);
      else this.#waiting.push(() => to.write(data));
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A Parley core on a profile folder the test keeps (so it can start again on it), driven through IPC. */
class ChatCore {
  readonly #events: EventEnvelope[] = [];
  readonly #waiters = new Set<() => void>();

  private constructor(
    readonly name: string,
    readonly profileDir: string,
    readonly core: ParleyCore,
  ) {
    core.ipc.subscribe((event) => {
      this.#events.push(event);
      for (const waiter of [...this.#waiters]) waiter();
    });
  }

  static async start(name: string, chat: ParleyCoreOptions['chat'] = {}, profileDir?: string): Promise<ChatCore> {
    const dir = profileDir ?? (await mkdtemp(join(tmpdir(), `parley-chat-${name}-`)));
    const level = process.env['PARLEY_TEST_LOG'];
    const logger = createLogger({ level: level === 'debug' || level === 'info' ? level : 'silent', sinks: [createStreamSink(process.stderr)], scope: name });
    const core = await createParleyCore({ profileDir: dir, adapter: 'web', version: '0.0.0-test', logger, runSipAccounts: true, chat });
    return new ChatCore(name, dir, core);
  }

  events<N extends EventName>(name: N): Events[N][] {
    return this.#events.filter((event) => event.name === name).map((event) => event.payload as Events[N]);
  }

  async invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<CommandResult<N>> {
    const result = await this.core.ipc.invoke(name, args);
    if (!result.ok) throw new Error(`${this.name}: ${name} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as CommandResult<N>;
  }

  waitFor<N extends EventName>(name: N, predicate: (payload: Events[N]) => boolean, what: string, timeoutMs = 20_000): Promise<Events[N]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.events(name).find(predicate);
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => (cleanup(), reject(new Error(`${this.name}: timed out waiting for ${what}`))), timeoutMs);
      const cleanup = () => (clearTimeout(timer), this.#waiters.delete(check));
      this.#waiters.add(check);
      check();
    });
  }

  /** The stored message `id` in state `state` (from chat.messageChanged). */
  message(id: string, state: ChatMessageView['state'], what = `message ${id} ${state}`, timeoutMs?: number): Promise<ChatMessageView> {
    return this.waitFor('chat.messageChanged', (view) => view.id === id && view.state === state, what, timeoutMs);
  }

  async dispose(keepProfile = false): Promise<void> {
    await this.core.dispose();
    this.#waiters.clear();
    if (!keepProfile) await rm(this.profileDir, { recursive: true, force: true });
  }
}

async function register(core: ChatCore, user: keyof typeof USERS, sipPort: number, relayPort: number): Promise<AccountId> {
  const id = (await core.invoke('accounts.add', loopbackAccountDraft({ user, password: USERS[user], sipPort, relayPort }))).id;
  await core.waitFor('accounts.changed', (state) => state.accounts.some((a) => a.id === id && a.kind === 'sip' && a.registration.state === 'registered'), `${user} registered`);
  return id;
}

function view(core: ChatCore, predicate: (view: SessionView) => boolean, what: string): Promise<SessionView> {
  return core.waitFor('sessions.changed', predicate, what);
}

describe('conversations over chat streams and pager MESSAGE', () => {
  let proxy: KamailioSipProxy;
  let relay: KamailioHandle;
  let hold: HoldingProxy;
  let alice: ChatCore;
  let bob: ChatCore;
  let carol: ChatCore;
  let dave: ChatCore;
  const ids = {} as Record<'alice' | 'bob' | 'carol' | 'dave', AccountId>;
  const seen = new Set<SessionId>();

  /** Alice calls `target`, the callee accepts; resolves with both session ids once both chat streams started. */
  async function chatSession(callee: ChatCore, target: string, beforeAccept?: (out: SessionId) => Promise<void>): Promise<{ out: SessionId; inc: SessionId }> {
    const out = (await alice.invoke('sessions.connect', ids.alice, target, ['chat'])).id;
    await beforeAccept?.(out);
    const incoming = await view(callee, (v) => v.state === 'incoming' && !seen.has(v.id), `a session at ${callee.name}`);
    seen.add(incoming.id);
    await callee.invoke('sessions.accept', incoming.id);
    return { out, inc: incoming.id };
  }

  const started = (core: ChatCore, id: SessionId) => view(core, (v) => v.id === id && v.state === 'established' && v.streams[0]?.state === 'started', `chat started in ${id}`);
  const ended = (core: ChatCore, id: SessionId) => view(core, (v) => v.id === id && v.state === 'terminated', `the end of ${id}`);

  beforeAll(async () => {
    const [sipPort, relayPort] = [await freeTcpPort(), await freeTcpPort()];
    proxy = await startKamailioSipProxy({ port: sipPort, domain: DEFAULT_TEST_DOMAIN, users: USERS });
    relay = await startKamailio({ name: 'chat-relay', config: kamailioMsrpRelayConfig({ tcpPort: relayPort, digest: true, users: USERS }), waitForTcpPorts: [relayPort] });
    hold = await HoldingProxy.start(relayPort);
    [alice, bob, carol, dave] = await Promise.all([
      ChatCore.start('alice', { stream: { responseTimeoutMs: 1_500, reportTimeoutMs: 5_000, composing: { idleTimeoutMs: 400 } }, composing: { idleTimeoutMs: 400 } }),
      ChatCore.start('bob'),
      // A peer without CPIM: bare text/plain both ways, no IMDN.
      ChatCore.start('carol', { stream: { acceptTypes: ['text/plain', 'application/im-iscomposing+xml'] } }),
      // A peer whose accept-types exclude text: text to it fails with 415.
      ChatCore.start('dave', { stream: { acceptTypes: ['image/*', 'application/im-iscomposing+xml'] } }),
    ]);
    [ids.alice, ids.bob, ids.carol, ids.dave] = await Promise.all([
      register(alice, 'alice', sipPort, hold.port),
      register(bob, 'bob', sipPort, relayPort),
      register(carol, 'carol', sipPort, relayPort),
      register(dave, 'dave', sipPort, relayPort),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([alice?.dispose(), bob?.dispose(), carol?.dispose(), dave?.dispose()]);
    await hold?.stop();
    await Promise.all([proxy?.stop(), relay?.stop()]);
  });

  it('queues a message sent before the stream starts, delivers it in CPIM, and carries IMDN display, is-composing and replies', async () => {
    // Hold Alice's relay connection once her relay reservation (AUTH) is made: Bob's binding SEND cannot reach her.
    const { out, inc } = await chatSession(bob, BOB, async (id) => {
      await view(alice, (v) => v.id === id && v.streams[0]?.state === 'initialized', 'Alice reserved at the relay');
      hold.hold();
    });
    await view(alice, (v) => v.id === out && v.state === 'established' && v.streams[0]?.state === 'starting', 'Alice established, stream starting');
    const { messageId } = await alice.invoke('chat.sendMessage', ids.alice, 'bob@parley.test', 'Lunch tomorrow at noon?');
    const queued = await alice.message(messageId, 'sending');
    expect(queued).toMatchObject({ path: 'msrp', direction: 'out', text: 'Lunch tomorrow at noon?', conversation: BOB });
    expect(alice.events('chat.messageChanged').filter((m) => m.id === messageId).map((m) => m.state)).toEqual(['sending']);
    hold.release();
    await Promise.all([started(alice, out), started(bob, inc)]);
    const delivered = await alice.message(messageId, 'delivered');
    expect(delivered.stateCode).toBe(200);
    const atBob = await bob.waitFor('chat.messageChanged', (m) => m.direction === 'in' && m.text === 'Lunch tomorrow at noon?', 'the message at Bob');
    expect(atBob).toMatchObject({ path: 'msrp', state: 'received', read: false, conversation: ALICE });
    const bobList = await bob.invoke('history.conversations', { accountId: ids.bob, before: null });
    expect(bobList.conversations[0]).toMatchObject({ conversation: ALICE, unread: 1, live: true });

    // RFC 5438: reading sends the display notification Alice's CPIM message asked for.
    expect(await bob.invoke('history.markRead', ids.bob, ALICE)).toEqual({ marked: 1 });
    await alice.message(messageId, 'displayed');

    // RFC 3994: active at once, idle after Alice's 400 ms idle timeout.
    await alice.invoke('chat.setComposing', ids.alice, BOB, true);
    await bob.waitFor('chat.composing', (c) => c.conversation === ALICE && c.state === 'active', 'Alice composing');
    await bob.waitFor('chat.composing', (c) => c.conversation === ALICE && c.state === 'idle', 'Alice idle', 5_000);

    const reply = await bob.invoke('chat.sendMessage', ids.bob, ALICE, 'Yes ✓ see you');
    await bob.message(reply.messageId, 'delivered');
    const atAlice = await alice.waitFor('chat.messageChanged', (m) => m.direction === 'in' && m.text === 'Yes ✓ see you', 'the reply at Alice');
    expect(atAlice.path).toBe('msrp');

    // The peer never answers (its path holds everything): the SEND times out with 408.
    hold.hold();
    const silent = await alice.invoke('chat.sendMessage', ids.alice, BOB, 'anyone there?');
    const failed = await alice.message(silent.messageId, 'failed', 'the timed-out message', 10_000);
    expect(failed).toMatchObject({ stateCode: 408, path: 'msrp' });
    hold.release();

    await alice.invoke('sessions.end', out);
    await Promise.all([ended(alice, out), ended(bob, inc)]);
  }, 90_000);

  it('chats bare text/plain with a peer without CPIM: delivered by Success-Report, never displayed', async () => {
    const { out, inc } = await chatSession(carol, CAROL);
    await Promise.all([started(alice, out), started(carol, inc)]);
    const { messageId } = await alice.invoke('chat.sendMessage', ids.alice, CAROL, 'plain words');
    await alice.message(messageId, 'delivered');
    await carol.waitFor('chat.messageChanged', (m) => m.text === 'plain words' && m.path === 'msrp', 'the text at Carol');
    expect(await carol.invoke('history.markRead', ids.carol, ALICE)).toEqual({ marked: 1 });
    await alice.invoke('chat.setComposing', ids.alice, CAROL, true);
    await carol.waitFor('chat.composing', (c) => c.conversation === ALICE && c.state === 'active', 'bare is-composing at Carol');
    // Without CPIM there is no IMDN: the message stays delivered.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(alice.events('chat.messageChanged').filter((m) => m.id === messageId).map((m) => m.state)).toEqual(['sending', 'sent', 'delivered']);
    await alice.invoke('sessions.end', out);
    await ended(carol, inc);
  }, 60_000);

  it('fails a message with 415 when the peer does not accept text', async () => {
    const { out, inc } = await chatSession(dave, DAVE);
    await Promise.all([started(alice, out), started(dave, inc)]);
    const { messageId } = await alice.invoke('chat.sendMessage', ids.alice, DAVE, 'you cannot read this');
    const failed = await alice.message(messageId, 'failed');
    expect(failed).toMatchObject({ stateCode: 415, path: 'msrp' });
    expect(dave.events('chat.messageChanged')).toEqual([]);
    await alice.invoke('sessions.end', out);
    await ended(dave, inc);
  }, 60_000);

  it('sends by MESSAGE when no session exists: CPIM with IMDN, delivered and displayed', async () => {
    // The message held in the first test reached Bob late, after Alice had given up on it: read it first.
    await bob.invoke('history.markRead', ids.bob, ALICE);
    const { messageId } = await alice.invoke('chat.sendMessage', ids.alice, BOB, 'paged while you were away');
    expect((await alice.message(messageId, 'sending')).path).toBe('sip-message');
    const atBob = await bob.waitFor('chat.messageChanged', (m) => m.text === 'paged while you were away', 'the MESSAGE at Bob');
    expect(atBob).toMatchObject({ path: 'sip-message', direction: 'in', conversation: ALICE });
    await alice.message(messageId, 'delivered', 'the IMDN delivery notification');
    const summary = (await bob.invoke('history.conversations', { accountId: null, before: null })).conversations.find((c) => c.conversation === ALICE);
    expect(summary).toMatchObject({ unread: 1, live: false, lastMessage: { path: 'sip-message' } });
    await bob.invoke('history.markRead', ids.bob, 'alice@parley.test');
    await alice.message(messageId, 'displayed', 'the IMDN display notification');
  }, 60_000);

  it('keeps the history across a restart on the same profile, pages it and finds an old message', async () => {
    const before = await alice.invoke('history.page', { accountId: ids.alice, remote: BOB, before: null });
    expect(before.messages.length).toBeGreaterThanOrEqual(4);
    await alice.dispose(true);
    alice = await ChatCore.start('alice', {}, alice.profileDir);
    const after = await alice.invoke('history.page', { accountId: ids.alice, remote: 'bob@parley.test', before: null });
    expect(after.messages.map((m) => [m.id, m.state])).toEqual(before.messages.map((m) => [m.id, m.state]));
    const hits = await alice.invoke('history.search', 'lunch noo');
    expect(hits.map((m) => m.text)).toEqual(['Lunch tomorrow at noon?']);
    expect(hits[0]).toMatchObject({ state: 'displayed', conversation: BOB });
    const list = await alice.invoke('history.conversations', { accountId: ids.alice, before: null });
    expect(list.conversations.map((c) => c.conversation).sort()).toEqual([BOB, CAROL, DAVE].sort());
  }, 60_000);
});
