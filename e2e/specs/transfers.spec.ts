import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransfersPage } from '../pages/transfers-page';
import { expect, test as base } from '../fixtures/sessions-test';

/**
 * File transfers between Alice (the UI, on the headless host) and Bob (a second core) through Kamailio on
 * loopback: registrar/proxy and MSRP relay, every account naming both on 127.0.0.1. Each file goes in a
 * session of its own (RFC 5547 push); the UI shows offers and progress from main's events only.
 */
const test = base.extend<{ transfers: TransfersPage; files: string }>({
  transfers: async ({ page }, use) => use(new TransfersPage(page)),
  files: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-files-'));
    try {
      await use(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

test('Alice sends Bob a file: the progress bar moves, Bob gets it byte-exact, the list survives a reload', async ({ page, host, bob, aliceAccount, accounts, main, transfers, files }) => {
  // Large enough that the relayed transfer lasts several progress events (at most ~10 per second).
  const content = randomBytes(12 * 1024 * 1024);
  const source = join(files, 'holiday-video.bin');
  await writeFile(source, content);

  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');

  await transfers.open();
  await expect(transfers.heading).toBeFocused();
  const seen = await transfers.recordProgress('holiday-video.bin');
  await transfers.sendByPath(bob.address, source);
  await expect(transfers.sendStatus).toHaveText('One file offered.');
  const sent = transfers.transfer('holiday-video.bin');
  await expect(sent.state).toHaveText('Waiting for the other side to accept', { timeout: 20_000 });
  await expect(sent.size).toHaveText('13 MB');

  const offer = await bob.core.waitFor('transfers.changed', (view) => view.direction === 'incoming' && view.state === 'offered', 'Alice’s offer at Bob');
  expect(offer).toMatchObject({ name: 'holiday-video.bin', size: content.length });
  await bob.core.invoke('transfers.accept', offer.id);

  const received = await bob.core.waitFor('transfers.changed', (view) => view.id === offer.id && view.state === 'completed', 'the file at Bob', 60_000);
  await expect(sent.state).toHaveText('Sent', { timeout: 20_000 });
  await expect(sent.progress).toHaveAttribute('aria-valuenow', '100');
  const values = await seen();
  expect(values.some((value) => value > 0 && value < 100), `progress values shown: ${values.join(', ')}`).toBe(true);
  // Never backwards: each value the bar showed is at least the one before.
  expect(values).toEqual([...values].sort((a, b) => a - b));

  expect(received.path).not.toBeNull();
  expect(sha256(await readFile(received.path ?? ''))).toBe(sha256(content));

  // The list is main's (transfers.list), not the page's memory.
  await page.reload();
  await transfers.open();
  await expect(transfers.transfer('holiday-video.bin').state).toHaveText('Sent');
});

test('Bob offers Alice a file: an offer with name, size and type (no session prompt), declined from the keyboard', async ({ host, bob, aliceAccount, accounts, main, incoming, transfers, files }) => {
  const source = join(files, 'minutes.txt');
  await writeFile(source, 'The minutes of the meeting.\n'.repeat(100));

  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');

  const sending = await bob.core.invoke('transfers.send', bob.accountId, aliceAccount.address, source);
  const offer = transfers.offer('minutes.txt');
  await expect(offer.name).toBeVisible({ timeout: 20_000 });
  await expect(offer.size).toHaveText('2.8 kB');
  await expect(offer.type).toContainText('text/plain');
  await expect(transfers.offerAnnouncement).toHaveText('Bob offers the file minutes.txt (2.8 kB, text/plain).');
  await expect(offer.acceptButton).toBeEnabled();
  // A file-only session is an offer here, never the incoming-session prompt.
  await expect(incoming.root).toHaveCount(0);

  await transfers.pressWithKeyboard(offer.declineButton);
  await expect(offer.root).toHaveCount(0);
  const declined = await bob.core.waitFor('transfers.changed', (view) => view.id === sending.id && view.state === 'declined', 'the refusal at Bob');
  expect(declined.direction).toBe('outgoing');

  await transfers.open();
  await expect(transfers.transfer('minutes.txt').state).toHaveText('Declined');
});
