import { expect, test } from '../fixtures/chat-test';

/**
 * Conversations between Alice (the UI, on the headless host) and Bob (a second core) through Kamailio on loopback:
 * pager-mode SIP MESSAGE through the proxy when no session is up, the MSRP chat stream through the relay when one
 * is. Every account names its outbound proxy and relay on 127.0.0.1, so nothing is resolved by DNS.
 */

test('Alice and Bob chat both ways: unread, links, typing, delivery and read ticks, then over a live session', async ({ host, bob, aliceAccount, accounts, main, conversations, chat, session, incoming }) => {
  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');

  // Bob writes first, with no session: a SIP MESSAGE. The conversation appears, unread.
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'Hi Alice, the notes are at https://example.com/notes. Not javascript:alert(1)');
  await expect(conversations.item(bob.address)).toBeVisible();
  await expect(conversations.unreadBadge(bob.address)).toHaveText('1');
  await expect(conversations.preview(bob.address)).toContainText('Hi Alice');

  await conversations.open(bob.address);
  await expect(chat.heading).toHaveText('Bob');
  await expect(chat.heading).toBeFocused();
  await expect(chat.messagesFrom('in')).toHaveCount(1);
  await expect(chat.daySeparators).toHaveText(['Today']);
  // Only the http(s) URL is a link, and it opens outside the page.
  const link = chat.links('Hi Alice');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', 'https://example.com/notes');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  // Seen: the badge goes, and Bob learns it was read (IMDN display notification).
  await expect(conversations.unreadBadge(bob.address)).toHaveCount(0);
  await bob.core.waitFor('chat.messageChanged', (message) => message.direction === 'out' && message.state === 'displayed', 'Bob’s message displayed');

  // Bob types: Alice sees it; Bob stops: it goes.
  await bob.core.invoke('chat.setComposing', bob.accountId, aliceAccount.address, true);
  await expect(chat.typing).toHaveText('Bob is typing…');
  await bob.core.invoke('chat.setComposing', bob.accountId, aliceAccount.address, false);
  await expect(chat.typing).toHaveText('');

  // Alice types: Bob is told; Enter sends, Shift+Enter is a new line.
  await chat.type('Thanks');
  await bob.core.waitFor('chat.composing', (event) => event.state === 'active', 'Alice composing at Bob');
  await chat.page.keyboard.press('Shift+Enter');
  await chat.page.keyboard.type('Bob!');
  await chat.page.keyboard.press('Enter');
  await expect(chat.composer).toHaveValue('');
  const atBob = await bob.core.waitFor('chat.messageChanged', (message) => message.direction === 'in' && message.text === 'Thanks\nBob!', 'Alice’s reply at Bob');
  expect(atBob.path).toBe('sip-message');
  await expect(chat.tick('Bob!')).toHaveAttribute('data-state', 'delivered');
  await bob.core.invoke('history.markRead', bob.accountId, aliceAccount.address);
  await expect(chat.tick('Bob!')).toHaveAttribute('data-state', 'displayed');
  await expect(chat.tick('Bob!').getByRole('img')).toHaveAccessibleName('Read');

  // Bob calls with a chat stream: the conversation shows it live, and messages take the stream.
  const call = await bob.core.invoke('sessions.connect', bob.accountId, aliceAccount.address, ['chat']);
  await expect(incoming.acceptButton).toBeFocused();
  await incoming.pressShortcut('accept');
  await expect(session.state).toHaveText('Established');
  await expect(conversations.liveDot(bob.address)).toBeVisible();
  await conversations.open(bob.address);
  await expect(chat.liveBadge).toBeVisible();
  await chat.send('Now over the session');
  const overMsrp = await bob.core.waitFor('chat.messageChanged', (message) => message.direction === 'in' && message.text === 'Now over the session', 'the stream message at Bob');
  expect(overMsrp.path).toBe('msrp');
  await expect(chat.tick('Now over the session')).toHaveAttribute('data-state', /^(sent|delivered|displayed)$/);
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'Got it, on the stream');
  await expect(chat.message('Got it, on the stream')).toBeVisible();
  await expect(chat.messagesFrom('in')).toHaveCount(2);

  await bob.core.invoke('sessions.end', call.id);
  await expect(conversations.liveDot(bob.address)).toHaveCount(0);
  await expect(chat.liveBadge).toHaveCount(0);
});

test('History survives a restart, older pages load on scroll-up, and search opens an old message', async ({ host, bob, aliceAccount, accounts, main, conversations, chat, searchResults }) => {
  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');

  // More than one page (main pages by 50): the oldest message is only reachable by scrolling up, or by search.
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'An old note about the blue lighthouse');
  await expect(conversations.preview(bob.address)).toContainText('blue lighthouse');
  const fillers = 60;
  for (let index = 1; index <= fillers; index += 1) {
    await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, `Filler message ${index}`);
  }
  await expect(conversations.preview(bob.address)).toHaveText(`Filler message ${fillers}`, { timeout: 30_000 });
  await expect(conversations.unreadBadge(bob.address)).toHaveText(String(fillers + 1));

  // Alice quits and starts again on the same profile: the conversation and its history are still there.
  await host.restart();
  await accounts.open(host.url);
  await expect(conversations.item(bob.address)).toBeVisible();
  await expect(conversations.preview(bob.address)).toHaveText(`Filler message ${fillers}`);
  await expect(conversations.unreadBadge(bob.address)).toHaveText(String(fillers + 1));

  await conversations.open(bob.address);
  await expect(chat.message(`Filler message ${fillers}`)).toBeVisible();
  await expect(conversations.unreadBadge(bob.address)).toHaveCount(0);
  // Virtualized: far fewer rows in the DOM than messages in the conversation.
  expect(await chat.messages.count()).toBeLessThan(fillers);
  await expect(chat.message('blue lighthouse')).toHaveCount(0);
  // Scrolling up loads the older page; the oldest message and the start of the conversation come into view.
  await expect(async () => {
    await chat.scrollToTop();
    await expect(chat.message('blue lighthouse')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(chat.listStatus).toHaveText('Start of the conversation');

  // Search across history; Enter on the result opens the conversation at that message.
  await conversations.search('lighthouse');
  await expect(searchResults.results).toHaveCount(1);
  await expect(searchResults.matches).toHaveText(['lighthouse']);
  await searchResults.openFirstWithKeyboard();
  await expect(chat.heading).toHaveText('Bob');
  await expect(chat.message('blue lighthouse')).toBeFocused();
  await expect(chat.message('blue lighthouse')).toHaveAttribute('data-highlighted', 'true');
});

test('An open conversation follows new messages at the bottom, and offers them instead when the user reads further up', async ({ host, bob, aliceAccount, accounts, main, conversations, chat }) => {
  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');
  // More than a page of history (main pages by 50) before Alice opens the conversation.
  await Promise.all(Array.from({ length: 60 }, (_, index) => bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, `Earlier note ${index + 1}`)));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'Are you there?');
  await expect(conversations.preview(bob.address)).toContainText('Are you there?', { timeout: 20_000 });

  // Opened with a click in the list, then Bob writes a burst of more than the list can show at once, and a last
  // line after it: the newest stays in view without the user scrolling. Three short lines each: taller than the
  // list guesses before it measures a row, so rows grow as they render, as real messages do.
  await conversations.open(bob.address);
  await expect(chat.message('Are you there?')).toBeVisible();
  const story = (index: number) => `Part ${index} of the story\nwith a second line\nand a third`;
  await Promise.all(Array.from({ length: 40 }, (_, index) => bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, story(index + 1))));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'The end of the story');
  await expect(conversations.preview(bob.address)).toHaveText('The end of the story', { timeout: 20_000 });
  await expect(chat.newestMessage).toContainText('The end of the story');
  await expect(chat.newestMessage).toBeInViewport({ ratio: 0.9 });
  await expect(chat.newMessagesButton).toHaveCount(0);

  // Scrolled up to read: a new message does not move the list; a button offers it, and takes the user there.
  await chat.scrollUpBy(300);
  await expect.poll(() => chat.scrollTop()).toBeGreaterThan(0);
  const reading = await chat.scrollTop();
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'One more thing');
  await expect(chat.newMessagesButton).toBeVisible();
  expect(Math.abs((await chat.scrollTop()) - reading)).toBeLessThanOrEqual(2);
  await chat.newMessagesButton.click();
  await expect(chat.newestMessage).toContainText('One more thing');
  await expect(chat.newestMessage).toBeInViewport({ ratio: 0.9 });
  await expect(chat.newMessagesButton).toHaveCount(0);

  // Back at the bottom, it follows again.
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'And the last one');
  await expect(chat.newestMessage).toContainText('And the last one');
  await expect(chat.newestMessage).toBeInViewport({ ratio: 0.9 });
});
