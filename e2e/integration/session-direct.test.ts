import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, type HeadlessCore } from '../peers/headless-core';
import { streamsStarted, terminated } from './session-waits';
import { TwoCores } from './two-cores';

/**
 * The direct connection model (RFC 6135, no relay): Alice offers actpass on a listening port, Bob answers
 * active and connects to her; the re-INVITE stream and the BYE as in the relay test.
 */
// How long to wait for started streams (twice the default wait).
const STREAMS_MS = 40_000;

describe('sessions with direct MSRP connections (RFC 6135)', () => {
  let peers: TwoCores;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let aliceAccount: AccountId;

  beforeAll(async () => {
    peers = await TwoCores.start({ tag: 'direct' });
    ({ alice, bob, aliceAccount } = peers);
  });

  afterAll(() => peers?.dispose());

  it('chats both ways over a direct connection, adds a stream, and Bob ends the session', async () => {
    const outgoing = await alice.invoke('sessions.connect', aliceAccount, `bob@${DEFAULT_TEST_DOMAIN}`, ['chat']);
    const incoming = await bob.waitFor('sessions.changed', (view) => view.state === 'incoming', 'an incoming session');
    await bob.invoke('sessions.accept', incoming.id);
    await Promise.all([streamsStarted(alice, outgoing.id, 1, STREAMS_MS), streamsStarted(bob, incoming.id, 1, STREAMS_MS)]);

    await alice.invoke('chat.send', outgoing.id, 'direct hello');
    expect((await bob.waitFor('chat.message', (message) => message.direction === 'incoming', 'chat at Bob')).text).toBe('direct hello');
    await bob.invoke('chat.send', incoming.id, 'direct reply');
    expect((await alice.waitFor('chat.message', (message) => message.direction === 'incoming', 'chat at Alice')).text).toBe('direct reply');

    // Bob proposes this time: the re-INVITE goes the other way through the dialog's route set.
    await bob.invoke('sessions.addStream', incoming.id, 'chat');
    await Promise.all([streamsStarted(alice, outgoing.id, 2, STREAMS_MS), streamsStarted(bob, incoming.id, 2, STREAMS_MS)]);

    await bob.invoke('sessions.end', incoming.id);
    expect(await terminated(bob, incoming.id)).toMatchObject({ endedBy: 'local', failure: null });
    expect(await terminated(alice, outgoing.id)).toMatchObject({ endedBy: 'remote', failure: null });
  }, 90_000);
});
