import { DebugConsolePage } from '../pages/debug-console-page';
import { expect, test } from '../fixtures/sessions-test';

/**
 * The debug console in web mode, against Kamailio on loopback (registrar/proxy and MSRP relay) with a second
 * core as the peer: the SIP and MSRP traces show the exchange, the ladder orders it, and the account's
 * password appears nowhere (DOM, form values, exported file).
 */
test('the console traces registration, the INVITE and a chat message, and never shows the password', async ({ page, host, bob, aliceAccount, accounts, main, newSession, session }) => {
  const debugConsole = new DebugConsolePage(page);
  await accounts.open(host.url);
  await accounts.useLanOnly();
  // Web mode: the console is offered without turning developer mode on.
  await debugConsole.open();

  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');

  await main.startNewSession();
  await newSession.startWithEnter({ to: bob.address, fromAddress: aliceAccount.address });
  const offered = await bob.core.waitFor('sessions.changed', (view) => view.state === 'incoming', 'Alice’s call at Bob');
  await bob.core.invoke('sessions.accept', offered.id);
  await expect(session.state).toHaveText('Established');
  await expect(session.streamStates()).toHaveText(['Connected']);
  await session.sendLines('Traced hello');
  await bob.core.waitFor('chat.message', (message) => message.sessionId === offered.id && message.direction === 'incoming', 'the chat at Bob');

  // SIP: the challenge and the registration, then the INVITE and its 200.
  await debugConsole.showTab('sip');
  await expect(debugConsole.entry({ method: 'REGISTER', status: 401, direction: 'in' }).first()).toBeVisible();
  await expect(debugConsole.entry({ method: 'REGISTER', status: 200, direction: 'in' }).first()).toBeVisible();
  await expect(debugConsole.entry({ method: 'INVITE', direction: 'out' }).first()).toBeVisible();
  await expect(debugConsole.entry({ method: 'INVITE', status: 200, direction: 'in' }).first()).toBeVisible();
  // The credentials of the second REGISTER are redacted in its raw text.
  await debugConsole.filterText('Authorization');
  await debugConsole.entry({ method: 'REGISTER', direction: 'out' }).first().click();
  await expect(debugConsole.entryText).toContainText('Authorization: [redacted]');
  await debugConsole.filterText('');

  // MSRP: our SEND through the relay and its 200.
  await debugConsole.showTab('msrp');
  await expect(debugConsole.entry({ method: 'SEND', direction: 'out' }).first()).toBeVisible();
  await expect(debugConsole.entry({ status: 200, direction: 'in' }).first()).toBeVisible();
  await debugConsole.filterText('Traced hello');
  await debugConsole.entry({ method: 'SEND', direction: 'out' }).first().click();
  await expect(debugConsole.entryText).toContainText('Traced hello');
  await debugConsole.filterText('');

  // The ladder of the session's dialog: INVITE first, then its answers, then the MSRP SEND and its 200.
  await debugConsole.showTab('ladder');
  await debugConsole.chooseDialog('INVITE');
  const labels = await debugConsole.ladderRows.allTextContents();
  const invite = labels.findIndex((label) => label.startsWith('INVITE'));
  const answered = labels.findIndex((label) => label.startsWith('200 OK (INVITE)'));
  const send = labels.findIndex((label) => label.startsWith('SEND'));
  expect(invite).toBe(0);
  expect(answered).toBeGreaterThan(invite);
  expect(send).toBeGreaterThan(answered);
  expect(labels.slice(send + 1).some((label) => label.startsWith('200'))).toBe(true);
  await expect(debugConsole.ladderRows.first()).toHaveAttribute('data-from', 'local');
  await expect(debugConsole.ladderRows.first()).toHaveAttribute('data-to', 'proxy');
  await expect(debugConsole.root.locator('[data-testid="ladder-row"][data-kind="msrp"][data-to="relay"]').first()).toBeVisible();
  await debugConsole.ladderRows.nth(send).click();
  await expect(debugConsole.entryText).toContainText('MSRP');

  // The password: nowhere on the page, nowhere in the export (which does hold the exchange).
  const exported = await debugConsole.exportText();
  expect(exported.fileName).toMatch(/^parley-console-.*\.txt$/);
  expect(exported.text).toContain('REGISTER');
  expect(exported.text).toContain('SEND');
  expect(exported.text).not.toContain(aliceAccount.password);
  expect(await accounts.everythingOnPage()).not.toContain(aliceAccount.password);
});
