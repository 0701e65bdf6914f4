import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationFiles } from '../pages/conversation-files';
import { expect, test as base } from '../fixtures/chat-test';

/**
 * Files sent from inside a conversation, in web mode: the page is a browser window, so a dropped or picked
 * file reaches it as bytes and a name, never a path. The page copies the bytes into Alice's profile
 * (`transfers.upload*`) and main offers the copy to Bob (a second core) in a session of its own, through
 * Kamailio's proxy and MSRP relay on loopback.
 */
const test = base.extend<{ files: ConversationFiles; scratch: string }>({
  files: async ({ page }, use) => use(new ConversationFiles(page)),
  scratch: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-drop-'));
    try {
      await use(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

test('Alice drops two files on Bob’s conversation: both are offered, the progress bar moves, Bob gets them byte-exact', async ({ host, bob, aliceAccount, accounts, main, conversations, chat, files }) => {
  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'Could you send me the video and the notes?');
  await conversations.open(bob.address);
  await expect(chat.heading).toHaveText('Bob');

  // Large enough that the relayed transfer lasts several progress events (at most ~10 per second).
  const video = { name: 'holiday-video.mp4', type: 'video/mp4', bytes: randomBytes(12 * 1024 * 1024) };
  const notes = { name: 'notes.txt', type: 'text/plain', bytes: Buffer.from('Flight at 9:40, gate B12.\n') };
  const seen = await files.recordProgress(video.name);
  await files.dropFiles([video, notes], { checkOverlay: (overlay) => expect(overlay).toHaveText('Drop files to send them to Bob') });
  await expect(files.dropOverlay).toHaveCount(0);

  const sent = files.transfer(video.name);
  await expect(sent.state).toHaveText('Waiting for the other side to accept', { timeout: 30_000 });
  await expect(sent.size).toHaveText('13 MB');
  const offers = new Map<string, string>();
  for (const file of [video, notes]) {
    const offer = await bob.core.waitFor('transfers.changed', (view) => view.direction === 'incoming' && view.state === 'offered' && view.name === file.name, `${file.name} offered at Bob`);
    expect(offer.size).toBe(file.bytes.length);
    offers.set(file.name, offer.id);
    await bob.core.invoke('transfers.accept', offer.id);
  }

  for (const file of [video, notes]) {
    const received = await bob.core.waitFor('transfers.changed', (view) => view.id === offers.get(file.name) && view.state === 'completed', `${file.name} at Bob`, 60_000);
    expect(received.name).toBe(file.name);
    expect(sha256(await readFile(received.path ?? ''))).toBe(sha256(file.bytes));
  }
  await expect(sent.state).toHaveText('Sent', { timeout: 20_000 });
  await expect(files.transfer(notes.name).state).toHaveText('Sent');
  await expect(sent.progress).toHaveAttribute('aria-valuenow', '100');
  const values = await seen();
  expect(values.some((value) => value > 0 && value < 100), `progress values shown: ${values.join(', ')}`).toBe(true);
  expect(values).toEqual([...values].sort((a, b) => a - b));

  // The copies staged in Alice's profile are gone once their transfers ended.
  await expect.poll(async () => readdir(join(host.profileDir, 'uploads')).catch(() => []), { timeout: 10_000 }).toEqual([]);
});

test('Alice picks a file with “Send files…” from the keyboard; Bob declines it and the conversation shows it declined', async ({ host, bob, aliceAccount, accounts, main, conversations, files, scratch }) => {
  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');
  await bob.core.invoke('chat.sendMessage', bob.accountId, aliceAccount.address, 'Send me the contract?');
  await conversations.open(bob.address);

  const source = join(scratch, 'contract.pdf');
  await writeFile(source, '%PDF-1.4\n% not really a contract\n');
  await files.pickFiles([source]);

  const offer = await bob.core.waitFor('transfers.changed', (view) => view.direction === 'incoming' && view.state === 'offered' && view.name === 'contract.pdf', 'the offer at Bob', 30_000);
  await expect(files.transfer('contract.pdf').state).toHaveText('Waiting for the other side to accept');
  await bob.core.invoke('transfers.decline', offer.id);
  await expect(files.transfer('contract.pdf').state).toHaveText('Declined by the other side', { timeout: 20_000 });
  await expect(files.transfer('contract.pdf').cancelButton).toHaveCount(0);
});
