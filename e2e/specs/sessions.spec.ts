import type { SessionId } from '../../src-shared';
import { expect, test } from '../fixtures/sessions-test';

/**
 * Sessions between Alice (the UI, on the headless host with SIP accounts running) and Bob (a second core)
 * through Kamailio on loopback: registrar/proxy for parley.test and MSRP relay. Every account names its
 * outbound proxy and relay on 127.0.0.1, so nothing is resolved by DNS.
 */

test('Alice registers, chats with Bob through proxy and relay, and ends the session', async ({ page, host, bob, aliceAccount, accounts, main, newSession, session }) => {
  await accounts.open(host.url);

  // A wrong password: the server's code and reason, and what to do about it.
  await accounts.add({ ...aliceAccount, password: 'not-the-password' });
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registration failed: 403 Wrong Password');
  await expect(main.registrationAdvice(aliceAccount.address)).toContainText('Check the password');

  await accounts.changePassword(aliceAccount.address, aliceAccount.password);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');
  await expect(main.registrationAdvice(aliceAccount.address)).toContainText(/Expires in \d+ min/);

  await main.startNewSession();
  await newSession.startWithEnter({ to: bob.address, fromAddress: aliceAccount.address });
  await expect(session.state).toHaveText('Calling…');
  await expect(session.heading).toBeFocused();
  const offered = await bob.core.waitFor('sessions.changed', (view) => view.state === 'incoming', 'Alice’s call at Bob');
  expect(offered.offeredStreamTypes).toEqual(['chat']);
  await bob.core.invoke('sessions.accept', offered.id);

  await expect(session.state).toHaveText('Established');
  await expect(session.streamStates()).toHaveText(['Connected']);
  await expect(main.sessionItem(bob.address)).toContainText('Established');

  // Shift+Enter is a new line, Enter sends.
  await session.sendLines('Hello Bob,', 'through the relay');
  const atBob = await bob.core.waitFor('chat.message', (message) => message.sessionId === offered.id && message.direction === 'incoming', 'the chat at Bob');
  expect(atBob.text).toBe('Hello Bob,\nthrough the relay');
  await expect(session.chatLine('outgoing')).toHaveText(/You.*Hello Bob,\nthrough the relay/s);
  await expect(session.composer).toHaveValue('');

  await bob.core.invoke('chat.send', offered.id, 'Hi Alice ✓');
  await expect(session.chatLine('incoming')).toContainText('Hi Alice ✓');

  // Escape never ends a session; the button does.
  await session.composer.press('Escape');
  await expect(session.state).toHaveText('Established');
  await session.end();
  await expect(session.state).toHaveText('Ended by you');
  await expect(session.endButton).toHaveCount(0);
  const ended = await bob.core.waitFor('sessions.changed', (view) => view.id === offered.id && view.state === 'terminated', 'the end at Bob');
  expect(ended).toMatchObject({ endedBy: 'remote', failure: null });
  await expect(page.getByTestId('session-error')).toHaveText('');
});

test('Bob calls Alice: the prompt names him and the chat stream, Alice accepts with the keyboard', async ({ host, bob, aliceAccount, accounts, main, session, incoming }) => {
  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');

  const call = await bob.core.invoke('sessions.connect', bob.accountId, aliceAccount.address, ['chat']);
  await expect(incoming.root).toBeVisible();
  await expect(incoming.root).toHaveAttribute('role', 'alertdialog');
  await expect(incoming.title).toHaveText('Incoming session from Bob');
  await expect(incoming.caller).toContainText(bob.address);
  await expect(incoming.offeredStreams).toHaveText('Offers: Chat');
  await expect(incoming.acceptButton).toBeFocused();

  // Escape does not dismiss an unanswered call, and Tab keeps focus inside the prompt.
  await incoming.page.keyboard.press('Escape');
  await expect(incoming.root).toBeVisible();
  for (let step = 0; step < 4; step += 1) {
    await incoming.page.keyboard.press('Tab');
    await expect(incoming.focusedInside).toHaveCount(1);
  }

  await incoming.pressShortcut('accept');
  await expect(incoming.root).toHaveCount(0);
  await expect(session.state).toHaveText('Established');
  await expect(session.heading).toHaveText('Bob');
  await expect(session.heading).toBeFocused();
  await bob.core.waitFor('sessions.changed', (view) => view.id === call.id && view.state === 'established', 'Bob’s side established');

  // A second chat stream by re-INVITE, then its removal; the first stays.
  await session.addChatStream();
  await expect(session.streamStates()).toHaveText(['Connected', 'Connected'], { timeout: 30_000 });
  await session.removeStream(2);
  await expect(session.streamStates()).toHaveText(['Connected', 'Closed'], { timeout: 30_000 });
  await expect(session.state).toHaveText('Established');

  await bob.core.invoke('sessions.end', call.id);
  await expect(session.state).toHaveText('Ended by Bob');
});

test('Alice answers busy with B: Bob’s call fails with 486 and the prompt goes away', async ({ host, bob, aliceAccount, accounts, main, incoming }) => {
  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');

  const call = await bob.core.invoke('sessions.connect', bob.accountId, aliceAccount.address, ['chat']);
  await expect(incoming.acceptButton).toBeFocused();
  await incoming.pressShortcut('busy');
  await expect(incoming.root).toHaveCount(0);
  const failed = await bob.core.waitFor('sessions.changed', (view) => view.id === (call.id as SessionId) && view.state === 'terminated', 'the refusal at Bob');
  expect(failed.failure).toMatchObject({ originator: 'remote', code: 486 });
  await expect(main.sessionItem('Bob')).toContainText('You answered busy');
});
