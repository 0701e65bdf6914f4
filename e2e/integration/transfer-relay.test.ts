import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, TransferId } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, type HeadlessCore } from '../peers/headless-core';
import { expectReceived, makeFile, nextOffer, sendAndAccept, settled } from './transfer-peers';
import { TwoCores } from './two-cores';

/**
 * File transfer through Kamailio's MSRP relay (RFC 4976, AUTH with digest; 8 KiB chunks, sends paced by
 * REPORTs): small files arrive byte-exact, and a transfer whose connections drop mid-way (the relay dies)
 * resumes from the bytes the receiver kept (RFC 5547 §8 a=file-range) once the relay is back.
 */
const MIB = 1024 * 1024;
const BOB = `bob@${DEFAULT_TEST_DOMAIN}`;

describe('file transfer through the MSRP relay', () => {
  let peers: TwoCores;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let aliceAccount: AccountId;
  let sources: string;
  const seen = new Set<TransferId>();

  beforeAll(async () => {
    sources = await mkdtemp(join(tmpdir(), 'parley-transfer-relay-'));
    peers = await TwoCores.start({ tag: 'ftr', relay: 'transfer-relay' });
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
    ['1 GiB', 1024 * MIB],
  ] as const) {
    it(`a ${label} file arrives byte-exact through the relay`, async () => {
      const path = join(sources, `relayed-${label.replace(' ', '-')}.bin`);
      const sha1 = await makeFile(path, size);
      // Through the relay a gigabyte goes in 8 KiB chunks paced by REPORTs: allow minutes, not seconds.
      const { sent, received } = await sendAndAccept(alice, aliceAccount, bob, BOB, path, seen, 300_000);
      expect(sent).toMatchObject({ state: 'completed', failure: null, hash: sha1 });
      await expectReceived(bob, received, size, sha1);
      await rm(path, { force: true });
    }, 360_000);
  }

  it('a transfer cut mid-way by the relay dying resumes from the receiver\u2019s bytes and completes byte-exact', async () => {
    const size = 24 * MIB;
    const path = join(sources, 'resumed.bin');
    const sha1 = await makeFile(path, size);
    const first = await alice.invoke('transfers.send', aliceAccount, BOB, path);
    const offer = await nextOffer(bob, seen);
    await bob.invoke('transfers.accept', offer.id);
    await bob.waitFor('transfers.changed', (view) => view.id === offer.id && view.bytes >= 2 * MIB, 'the first 2 MiB at Bob', 60_000);
    // Both MSRP connections go through the relay: killing it drops them mid-file.
    await peers.stopRelay();
    const [cutAtAlice, cutAtBob] = await Promise.all([settled(alice, first.id), settled(bob, offer.id)]);
    expect(cutAtAlice.state).toBe('failed');
    expect(cutAtBob).toMatchObject({ state: 'failed', failure: { code: 'connection-lost' } });
    const kept = cutAtBob.bytes;
    expect(kept).toBeGreaterThanOrEqual(2 * MIB);
    expect(kept).toBeLessThan(size);

    await peers.startRelay();
    const { sent, received } = await sendAndAccept(alice, aliceAccount, bob, BOB, path, seen, 120_000);
    // RFC 5547 §8: Bob's answer asked for the octets after the ones he kept; Alice started there.
    expect(received.startOffset).toBe(kept);
    expect(sent.startOffset).toBe(kept);
    expect(sent).toMatchObject({ state: 'completed', failure: null });
    await expectReceived(bob, received, size, sha1);
  }, 240_000);
});
