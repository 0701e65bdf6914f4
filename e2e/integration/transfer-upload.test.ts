import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_MAX_BYTES, type AccountId, type TransferId, type UploadId } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, type HeadlessCore } from '../peers/headless-core';
import { expectReceived, nextOffer, rfc5547Sha1, settled, sha256Of } from './transfer-peers';
import { TwoCores } from './two-cores';

/**
 * Web mode's way to send a file (the page has bytes, not a path): Alice's core stages it through
 * transfers.uploadBegin / uploadChunk / uploadSend over IPC only, exactly as the WebSocket bridge would, and
 * Bob receives it byte-exact. The staged copy in Alice's profile is gone once the transfer has ended.
 */
const MIB = 1024 * 1024;
const BOB = `bob@${DEFAULT_TEST_DOMAIN}`;

describe('file transfer of an uploaded file (web mode)', () => {
  let peers: TwoCores;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let aliceAccount: AccountId;
  const seen = new Set<TransferId>();

  beforeAll(async () => {
    peers = await TwoCores.start({ tag: 'up' });
    ({ alice, bob, aliceAccount } = peers);
  });

  afterAll(() => peers?.dispose());

  /** Stages `content` in Alice's core the way the page does: begin, then ordered chunks of `chunkBytes`. */
  async function upload(name: string, content: Buffer): Promise<UploadId> {
    const { id, chunkBytes } = await alice.invoke('transfers.uploadBegin', name, content.length);
    expect(chunkBytes).toBe(UPLOAD_CHUNK_MAX_BYTES);
    for (let offset = 0; offset < content.length; offset += chunkBytes) {
      // A fresh Uint8Array per chunk, as the WebSocket codec delivers it (not a view into a shared buffer).
      const bytes = new Uint8Array(content.subarray(offset, offset + chunkBytes));
      const { received } = await alice.invoke('transfers.uploadChunk', id, offset, bytes);
      expect(received).toBe(Math.min(offset + chunkBytes, content.length));
    }
    return id;
  }

  it('a 3 MiB file uploaded in 1 MiB chunks arrives byte-exact, and the staged copy is deleted after completion', async () => {
    const content = randomBytes(3 * MIB);
    const id = await upload('../holiday photos.bin', content);
    const stagedFolder = join(alice.profileDir, 'uploads', id);
    expect(await readdir(stagedFolder)).toEqual(['holiday photos.bin']);

    const sent = await alice.invoke('transfers.uploadSend', id, aliceAccount, BOB);
    expect(sent).toMatchObject({ direction: 'outgoing', state: 'preparing', name: 'holiday photos.bin', size: content.length, path: join(stagedFolder, 'holiday photos.bin') });
    const offer = await nextOffer(bob, seen);
    expect(offer).toMatchObject({ name: 'holiday photos.bin', size: content.length });
    await bob.invoke('transfers.accept', offer.id);
    const [done, received] = await Promise.all([settled(alice, sent.id), settled(bob, offer.id)]);

    expect(done).toMatchObject({ state: 'completed', failure: null });
    await expectReceived(bob, received, content.length, rfc5547Sha1(createHash('sha1').update(content).digest()));
    expect(await sha256Of(received.path as string)).toBe(createHash('sha256').update(content).digest('hex'));
    // Deleted on the final state (an event handler's work: give it a moment, never a fixed sleep).
    await expect.poll(() => readdir(join(alice.profileDir, 'uploads')), { timeout: 5000 }).toEqual([]);
  });

  it('refuses out-of-order chunks, and an aborted upload leaves nothing behind', async () => {
    const { id } = await alice.invoke('transfers.uploadBegin', 'draft.txt', 2 * MIB);
    const wrong = await alice.invokeRaw('transfers.uploadChunk', id, MIB, new Uint8Array(MIB));
    expect(wrong).toMatchObject({ ok: false, error: { code: 'conflict', field: 'offset' } });
    await alice.invoke('transfers.uploadChunk', id, 0, new Uint8Array(MIB));
    const early = await alice.invokeRaw('transfers.uploadSend', id, aliceAccount, BOB);
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await alice.invoke('transfers.uploadAbort', id)).toBeNull();
    expect(await readdir(join(alice.profileDir, 'uploads'))).toEqual([]);
    expect(await alice.invokeRaw('transfers.uploadChunk', id, MIB, new Uint8Array(1))).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
