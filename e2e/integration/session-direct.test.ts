import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, SessionId, SessionView } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, HeadlessCore, loopbackAccountDraft } from '../peers/headless-core';
import { startKamailioSipProxy, type KamailioSipProxy } from '../peers/kamailio-sip-proxy';
import { freeTcpPort } from '../peers/ports';

/**
 * The direct connection model (RFC 6135, no relay): Alice offers actpass on a listening port, Bob answers
 * active and connects to her; the re-INVITE stream and the BYE as in the relay test.
 */
describe('sessions with direct MSRP connections (RFC 6135)', () => {
  let proxy: KamailioSipProxy;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let aliceAccount: AccountId;

  beforeAll(async () => {
    const sipPort = await freeTcpPort();
    proxy = await startKamailioSipProxy({ port: sipPort, domain: DEFAULT_TEST_DOMAIN });
    [alice, bob] = await Promise.all([HeadlessCore.start('alice-direct'), HeadlessCore.start('bob-direct')]);
    aliceAccount = (await alice.invoke('accounts.add', loopbackAccountDraft({ user: 'alice', password: 'alice-secret', sipPort }))).id;
    const bobAccount = (await bob.invoke('accounts.add', loopbackAccountDraft({ user: 'bob', password: 'bob-secret', sipPort }))).id;
    await Promise.all([registered(alice, aliceAccount), registered(bob, bobAccount)]);
  });

  afterAll(async () => {
    await Promise.all([alice?.dispose(), bob?.dispose()]);
    await proxy?.stop();
  });

  it('chats both ways over a direct connection, adds a stream, and Bob ends the session', async () => {
    const outgoing = await alice.invoke('sessions.connect', aliceAccount, `bob@${DEFAULT_TEST_DOMAIN}`, ['chat']);
    const incoming = await bob.waitFor('sessions.changed', (view) => view.state === 'incoming', 'an incoming session');
    await bob.invoke('sessions.accept', incoming.id);
    await Promise.all([streamsStarted(alice, outgoing.id, 1), streamsStarted(bob, incoming.id, 1)]);

    await alice.invoke('chat.send', outgoing.id, 'direct hello');
    expect((await bob.waitFor('chat.message', (message) => message.direction === 'incoming', 'chat at Bob')).text).toBe('direct hello');
    await bob.invoke('chat.send', incoming.id, 'direct reply');
    expect((await alice.waitFor('chat.message', (message) => message.direction === 'incoming', 'chat at Alice')).text).toBe('direct reply');

    // Bob proposes this time: the re-INVITE goes the other way through the dialog's route set.
    await bob.invoke('sessions.addStream', incoming.id, 'chat');
    await Promise.all([streamsStarted(alice, outgoing.id, 2), streamsStarted(bob, incoming.id, 2)]);

    await bob.invoke('sessions.end', incoming.id);
    expect(await terminated(bob, incoming.id)).toMatchObject({ endedBy: 'local', failure: null });
    expect(await terminated(alice, outgoing.id)).toMatchObject({ endedBy: 'remote', failure: null });
  }, 90_000);
});

async function registered(core: HeadlessCore, id: AccountId): Promise<void> {
  await core.waitFor(
    'accounts.changed',
    (state) => state.accounts.some((account) => account.id === id && account.kind === 'sip' && account.registration.state === 'registered'),
    'registration',
  );
}

function streamsStarted(core: HeadlessCore, id: SessionId, count: number): Promise<SessionView> {
  return core.waitFor(
    'sessions.changed',
    (view) => view.id === id && view.state === 'established' && view.streams.filter((stream) => stream.state === 'started').length === count,
    `${count} started stream(s) in ${id}`,
    40_000,
  );
}

function terminated(core: HeadlessCore, id: SessionId): Promise<SessionView> {
  return core.waitFor('sessions.changed', (view) => view.id === id && view.state === 'terminated', `the end of ${id}`);
}
