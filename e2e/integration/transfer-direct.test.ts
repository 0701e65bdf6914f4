import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, TransferId, TransfersState } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, type HeadlessCore } from '../peers/headless-core';
import { expectReceived, makeFile, nextOffer, sendAndAccept, settled, visibleDownloads } from './transfer-peers';
import { TwoCores } from './two-cores';

/**
 * File transfer between two Parley cores over direct MSRP connections (RFC 6135), one SIP session per file
 * (RFC 5547): sizes from 0 bytes to 1 GiB arrive byte-exact, a declined offer shows as declined on both
 * sides, hostile offered names land inside the downloads folder, and a file goes to a peer we also chat with.
 */
const MIB = 1024 * 1024;
const BOB = `bob@${DEFAULT_TEST_DOMAIN}`;

describe('file transfer over direct MSRP connections', () => {
  let peers: TwoCores;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let aliceAccount: AccountId;
  let sources: string;
  const seen = new Set<TransferId>();

  beforeAll(async () => {
    sources = await mkdtemp(join(tmpdir(), 'parley-transfer-sources-'));
    peers = await TwoCores.start({ tag: 'ft' });
    ({ alice, bob, aliceAccount } = peers);
  });

  afterAll(async () => {
    await peers?.dispose();
    if (sources !== undefined) await rm(sources, { recursive: true, force: true });
  });

  for (const [label, size] of [
    ['0-byte', 0],
    ['1-byte', 1],
    ['1 MiB', MIB],
  ] as const) {
    it(`a ${label} file arrives byte-exact with the offered SHA-1`, async () => {
      const path = join(sources, `${label.replace(' ', '-')}.bin`);
      const sha1 = await makeFile(path, size);
      const { sent, received } = await sendAndAccept(alice, aliceAccount, bob, BOB, path, seen);
      expect(sent).toMatchObject({ state: 'completed', failure: null, hash: sha1, size, startOffset: 0 });
      expect(received).toMatchObject({ name: `${label.replace(' ', '-')}.bin`, mediaType: 'application/octet-stream', startOffset: 0 });
      await expectReceived(bob, received, size, sha1);
    });
  }

  it('a 1 GiB file arrives byte-exact, with progress events throttled to about 10 per second', async () => {
    const size = 1024 * MIB;
    const path = join(sources, 'big.bin');
    const sha1 = await makeFile(path, size);
    const begin = Date.now();
    const { sent, received } = await sendAndAccept(alice, aliceAccount, bob, BOB, path, seen, 300_000);
    const seconds = (Date.now() - begin) / 1000;
    expect(sent.state).toBe('completed');
    await expectReceived(bob, received, size, sha1);
    const progress = bob.events('transfers.changed').filter((view) => view.id === received.id && view.state === 'transferring');
    // One per ~100 ms at most (plus the state changes); a burst per chunk would be hundreds per second.
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 5);
    expect(progress.some((view) => view.bytes > 0 && view.bytes < size)).toBe(seconds > 0.3);
    console.log(`1 GiB direct: ${(size / MIB / seconds).toFixed(1)} MiB/s end to end (hashing included)`);
    await rm(path, { force: true });
  }, 360_000);

  it('a declined offer shows as declined on both sides and leaves nothing behind', async () => {
    const path = join(sources, 'unwanted.txt');
    await makeFile(path, 4096);
    const before = await visibleDownloads(bob);
    const sent = await alice.invoke('transfers.send', aliceAccount, BOB, path);
    const offer = await nextOffer(bob, seen);
    expect(offer).toMatchObject({ name: 'unwanted.txt', size: 4096, mediaType: 'text/plain', state: 'offered' });
    await bob.invoke('transfers.decline', offer.id);
    expect((await settled(bob, offer.id)).state).toBe('declined');
    expect((await settled(alice, sent.id)).state).toBe('declined');
    expect(await visibleDownloads(bob)).toEqual(before);
    const again = await bob.invokeRaw('transfers.accept', offer.id);
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('hostile offered names land safely inside the downloads folder', async () => {
    // Backslashes, leading dots and bidi controls are legal in Linux file names: they travel as offered.
    const names = ['..\\..\\..\\evil.sh', '.bashrc', 'CON.txt', 'a\u202Egnp.exe', '  ..  '];
    for (const name of names) {
      const path = join(sources, name);
      const sha1 = await makeFile(path, 100);
      const { received } = await sendAndAccept(alice, aliceAccount, bob, BOB, path, seen);
      await expectReceived(bob, received, 100, sha1);
      const finalName = received.name;
      expect(finalName).not.toMatch(/[/\\\u0000-\u001f\u202e]/u);
      expect(finalName.startsWith('.')).toBe(false);
    }
    expect(await visibleDownloads(bob)).toEqual(expect.arrayContaining(['evil.sh', 'bashrc', '_CON.txt', 'a_gnp.exe', 'file']));
  }, 90_000);

  it('a file goes to a peer we are chatting with, in a separate session', async () => {
    const chat = await alice.invoke('sessions.connect', aliceAccount, BOB, ['chat']);
    const incomingChat = await bob.waitFor('sessions.changed', (view) => view.state === 'incoming' && view.offeredStreamTypes.includes('chat'), 'the chat session');
    await bob.invoke('sessions.accept', incomingChat.id);
    await alice.waitFor('sessions.changed', (view) => view.id === chat.id && view.streams.some((stream) => stream.state === 'started'), 'the chat stream');
    const path = join(sources, 'while-chatting.bin');
    const sha1 = await makeFile(path, 300_000);
    const { sent, received } = await sendAndAccept(alice, aliceAccount, bob, BOB, path, seen);
    expect(sent.sessionId).not.toBe(chat.id);
    await expectReceived(bob, received, 300_000, sha1);
    await alice.invoke('chat.send', chat.id, 'did you get it?');
    await bob.waitFor('chat.message', (message) => message.text === 'did you get it?', 'chat after the transfer');
    await alice.invoke('sessions.end', chat.id);
  });

  it('lists every transfer newest first and keeps the list in the profile', async () => {
    const listed: TransfersState = await bob.invoke('transfers.list');
    const incoming = listed.transfers.filter((view) => view.direction === 'incoming');
    expect(incoming.length).toBe(seen.size);
    expect(listed.transfers[0]?.createdAt).toBeGreaterThanOrEqual(listed.transfers.at(-1)?.createdAt ?? 0);
    // Written after the last change (atomic writes, coalesced): give the last write a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stored = JSON.parse(await readFile(join(bob.profileDir, 'transfers.json'), 'utf8')) as { version: number; transfers: { id: string; state: string }[] };
    expect(stored.version).toBe(1);
    expect(stored.transfers.map((view) => view.id).sort()).toEqual(listed.transfers.map((view) => view.id).sort());
    expect(stored.transfers.find((view) => view.state === 'declined')).toBeDefined();
  });
});
