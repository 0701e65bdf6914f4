import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, SessionId, SipAccountView } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, type HeadlessCore } from '../peers/headless-core';
import { streamsStarted, terminated } from './session-waits';
import { TwoCores } from './two-cores';

/**
 * Two Parley cores (Alice, Bob) registered at Kamailio (registrar/proxy, digest on), chatting through
 * Kamailio's MSRP relay (AUTH with digest): the seed's session life cycle end to end, over IPC only.
 */
const BOB = `sip:bob@${DEFAULT_TEST_DOMAIN}`;

describe('sessions with chat streams through the proxy and the MSRP relay', () => {
  let peers: TwoCores;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let aliceAccount: AccountId;
  let bobAccount: AccountId;
  /** Incoming sessions Bob has already seen: the event history keeps them. */
  const seen = new Set<SessionId>();

  beforeAll(async () => {
    peers = await TwoCores.start({ relay: 'session-relay' });
    ({ alice, bob, aliceAccount, bobAccount } = peers);
  });

  afterAll(() => peers?.dispose());

  it('both accounts are Registered, as seen through accounts.changed', () => {
    for (const [core, id] of [[alice, aliceAccount], [bob, bobAccount]] as const) {
      const last = core.events('accounts.changed').at(-1);
      const view = last?.accounts.find((account) => account.id === id) as SipAccountView | undefined;
      expect(view?.registration.state).toBe('registered');
    }
  });

  it('opens a chat session, carries text both ways, adds and removes a stream by re-INVITE, and ends', async () => {
    const outgoing = await alice.invoke('sessions.connect', aliceAccount, BOB, ['chat']);
    expect(outgoing).toMatchObject({ direction: 'outgoing', state: 'calling', remoteUri: BOB });
    const incoming = await bob.waitFor('sessions.changed', (view) => view.state === 'incoming', 'an incoming session');
    seen.add(incoming.id);
    expect(incoming).toMatchObject({ direction: 'incoming', offeredStreamTypes: ['chat'], accountId: bobAccount });
    expect(incoming.remoteUri).toContain(`alice@${DEFAULT_TEST_DOMAIN}`);

    await bob.invoke('sessions.accept', incoming.id);
    await Promise.all([streamsStarted(alice, outgoing.id, 1), streamsStarted(bob, incoming.id, 1)]);

    await alice.invoke('chat.send', outgoing.id, 'Hello Bob,\nthrough the relay');
    const atBob = await bob.waitFor('chat.message', (message) => message.sessionId === incoming.id && message.direction === 'incoming', 'chat at Bob');
    expect(atBob).toMatchObject({ text: 'Hello Bob,\nthrough the relay', contentType: 'text/plain' });
    await bob.invoke('chat.send', incoming.id, 'Hi Alice ✓');
    const atAlice = await alice.waitFor('chat.message', (message) => message.sessionId === outgoing.id && message.direction === 'incoming', 'chat at Alice');
    expect(atAlice.text).toBe('Hi Alice ✓');
    expect(alice.events('chat.message').filter((message) => message.direction === 'outgoing')).toHaveLength(1);

    // RFC 3264 §8: a second chat stream by re-INVITE, then its removal with port 0.
    await alice.invoke('sessions.addStream', outgoing.id, 'chat');
    const twoAtAlice = await streamsStarted(alice, outgoing.id, 2);
    await streamsStarted(bob, incoming.id, 2);
    const second = twoAtAlice.streams[1];
    expect(second?.type).toBe('chat');
    await alice.invoke('sessions.removeStream', outgoing.id, second!.id);
    await alice.waitFor('sessions.changed', (view) => view.id === outgoing.id && view.state === 'established' && view.streams[1]?.state === 'ended', 'the second stream ended at Alice');
    await bob.waitFor('sessions.changed', (view) => view.id === incoming.id && view.state === 'established' && view.streams[1]?.state === 'ended', 'the second stream ended at Bob');
    // The first stream still carries text.
    await alice.invoke('chat.send', outgoing.id, 'still here');
    await bob.waitFor('chat.message', (message) => message.text === 'still here', 'chat after the removal');

    await alice.invoke('sessions.end', outgoing.id);
    const endedAlice = await terminated(alice, outgoing.id);
    const endedBob = await terminated(bob, incoming.id);
    expect(endedAlice).toMatchObject({ endedBy: 'local', failure: null });
    expect(endedBob).toMatchObject({ endedBy: 'remote', failure: null });
    // A re-INVITE may meet 500 + Retry-After (up to 10 s) while the peer still waits for an ACK (RFC 5407).
  }, 90_000);

  it('a session refused as busy fails with 486 on both sides', async () => {
    const outgoing = await alice.invoke('sessions.connect', aliceAccount, 'bob@parley.test', ['chat']);
    const incoming = await bob.waitFor('sessions.changed', (view) => view.state === 'incoming' && !seen.has(view.id), 'a second incoming session');
    seen.add(incoming.id);
    await bob.invoke('sessions.reject', incoming.id, 'busy');
    expect((await terminated(alice, outgoing.id)).failure).toMatchObject({ originator: 'remote', code: 486 });
    expect((await terminated(bob, incoming.id)).failure).toMatchObject({ originator: 'local', code: 486 });
  });

  it('a session cancelled while ringing fails with 487 on both sides', async () => {
    const outgoing = await alice.invoke('sessions.connect', aliceAccount, BOB, ['chat']);
    const incoming = await bob.waitFor('sessions.changed', (view) => view.state === 'incoming' && !seen.has(view.id), 'a third incoming session');
    seen.add(incoming.id);
    await alice.invoke('sessions.end', outgoing.id);
    expect((await terminated(alice, outgoing.id)).failure).toMatchObject({ originator: 'local', code: 487 });
    expect((await terminated(bob, incoming.id)).failure).toMatchObject({ originator: 'remote', code: 487 });
  });

  it('refuses chat.send on an ended session and commands on unknown sessions with stable codes', async () => {
    const ended = alice.events('sessions.changed').find((view) => view.state === 'terminated');
    expect(ended).toBeDefined();
    const refused = await alice.invokeRaw('chat.send', ended!.id, 'too late');
    expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const unknown = await alice.invokeRaw('sessions.end', 'no-such-session' as SessionId);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
