import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, TransferId, TransferState, TransferView } from '../../../src-shared';
import { ServicesError } from '../errors';
import type { PartialTransferEntry } from '../file-transfer';
import { planRetry, pullSelector, resendableSize } from './transfer-retry';

const SHA1 = '72:24:5F:E8:65:3D:DA:F3:71:EF:FA:2C:CD:F2:40:0A:70:33:1E:9E';

function transfer(overrides: Partial<TransferView> = {}): TransferView {
  return {
    id: 't1' as TransferId,
    accountId: 'acc' as AccountId,
    direction: 'incoming',
    peer: 'sip:alice@example.com',
    peerDisplayName: 'Alice',
    name: 'photo.jpg',
    size: 4096,
    mediaType: 'image/jpeg',
    hash: SHA1,
    state: 'failed',
    path: null,
    sessionId: null,
    bytes: 1000,
    total: 4096,
    bytesPerSecond: 0,
    etaSeconds: null,
    startOffset: 0,
    failure: { code: 'connection-lost', message: 'cut' },
    createdAt: 1,
    endedAt: 2,
    ...overrides,
  };
}

function conflictOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ServicesError) return error.code;
    throw error;
  }
  return undefined;
}

describe('planRetry', () => {
  it('sends a failed or cancelled outgoing transfer again from its file, to the same peer from the same account', () => {
    for (const state of ['failed', 'cancelled'] as const) {
      const view = transfer({ direction: 'outgoing', state, path: '/home/me/photo.jpg', hash: null });
      expect(planRetry(view)).toEqual({ kind: 'send', accountId: 'acc', target: 'sip:alice@example.com', path: '/home/me/photo.jpg' });
    }
  });

  it('asks the sender for a failed or cancelled incoming file by its SHA-1 and size', () => {
    for (const state of ['failed', 'cancelled'] as const) {
      expect(planRetry(transfer({ state }))).toEqual({ kind: 'pull', accountId: 'acc', peer: 'sip:alice@example.com', sha1: SHA1, size: 4096 });
    }
  });

  it('refuses with conflict: live, completed and declined transfers, an incoming file without hash or size, an empty one', () => {
    const live: TransferState[] = ['preparing', 'offered', 'accepted', 'transferring'];
    for (const state of live) expect(conflictOf(() => planRetry(transfer({ state })))).toBe('conflict');
    expect(conflictOf(() => planRetry(transfer({ state: 'completed' })))).toBe('conflict');
    expect(conflictOf(() => planRetry(transfer({ state: 'declined' })))).toBe('conflict');
    expect(conflictOf(() => planRetry(transfer({ direction: 'outgoing', state: 'declined', path: '/x' })))).toBe('conflict');
    expect(conflictOf(() => planRetry(transfer({ hash: null })))).toBe('conflict');
    expect(conflictOf(() => planRetry(transfer({ size: null })))).toBe('conflict');
    expect(conflictOf(() => planRetry(transfer({ size: 0 })))).toBe('conflict');
    expect(conflictOf(() => planRetry(transfer({ direction: 'outgoing', path: null })))).toBe('conflict');
  });
});

describe('resendableSize', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-retry-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the size of a file still there; conflict when it is gone (an upload\u2019s copy) or not a file', async () => {
    const path = join(dir, 'still-here.txt');
    await writeFile(path, 'x');
    await expect(resendableSize(path, 'still-here.txt')).resolves.toBe(1);
    await expect(resendableSize(join(dir, 'gone.txt'), 'gone.txt')).rejects.toMatchObject({ code: 'conflict', field: 'path' });
    await expect(resendableSize(dir, 'a folder')).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('pullSelector', () => {
  const plan = { kind: 'pull', accountId: 'acc' as AccountId, peer: 'sip:alice@example.com', sha1: SHA1.toLowerCase(), size: 4096 } as const;
  const view = { name: 'evil.sh', mediaType: 'text/x-sh' };
  const partial = (overrides: Partial<PartialTransferEntry>): PartialTransferEntry => ({
    id: 'p1',
    peer: 'SIP:alice@example.com',
    transferId: 'old-id',
    name: '../../evil.sh',
    size: 4096,
    sha1: SHA1,
    partialPath: '/dl/.evil.sh.0123456789ab.part',
    bytes: 1000,
    updatedAt: 1,
    ...overrides,
  });

  it('names the file by SHA-1, size, type and the name the sender offered (as the partial kept it), with a new transfer id', () => {
    const { selector, transferId } = pullSelector(plan, view, [partial({})], 'new-id');
    expect(selector).toEqual({
      name: '../../evil.sh',
      type: { mediaType: 'text/x-sh', parameters: [] },
      size: 4096,
      hashes: [{ algorithm: 'sha-1', value: SHA1 }],
    });
    expect(transferId).toBe('new-id');
  });

  it('uses the name we show when no partial is kept, and the old transfer id when the partial has no name', () => {
    expect(pullSelector(plan, view, [], 'new-id').selector.name).toBe('evil.sh');
    expect(pullSelector(plan, view, [partial({ peer: 'sip:mallory@example.com' })], 'new-id').selector.name).toBe('evil.sh');
    expect(pullSelector(plan, view, [partial({ size: 4095 })], 'new-id').selector.name).toBe('evil.sh');
    const unnamed = pullSelector(plan, view, [partial({ name: undefined })], 'new-id');
    expect(unnamed).toMatchObject({ selector: { name: 'evil.sh' }, transferId: 'old-id' });
  });
});
