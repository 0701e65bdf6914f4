import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountId, TransferId, TransferView } from '../../../src-shared';
import { makeTempProfile } from '../test-support/temp-profile';
import { TRANSFERS_FILE, TransferStore } from './transfer-store';

function view(overrides: Partial<TransferView> = {}): TransferView {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001' as TransferId,
    accountId: 'acc-1' as AccountId,
    sessionId: null,
    direction: 'incoming',
    peer: 'sip:alice@example.com',
    peerDisplayName: 'Alice',
    name: 'report.pdf',
    size: 1000,
    mediaType: 'application/pdf',
    hash: 'AA:BB',
    state: 'completed',
    bytes: 1000,
    total: 1000,
    bytesPerSecond: 0,
    etaSeconds: 0,
    startOffset: 0,
    failure: null,
    path: '/downloads/report.pdf',
    createdAt: 1_700_000_000_000,
    endedAt: 1_700_000_001_000,
    ...overrides,
  };
}

describe('TransferStore', () => {
  let profile: Awaited<ReturnType<typeof makeTempProfile>>;
  beforeEach(async () => {
    profile = await makeTempProfile();
  });
  afterEach(async () => {
    await profile.cleanup();
  });

  it('starts empty without a file, and a saved list survives a restart', async () => {
    const { store, transfers } = await TransferStore.open({ profileDir: profile.dir });
    expect(transfers).toEqual([]);
    const list = [view(), view({ id: 'b' as TransferId, direction: 'outgoing', state: 'declined', path: null })];
    await store.save(list);
    const reopened = await TransferStore.open({ profileDir: profile.dir });
    expect(reopened.transfers).toEqual(list);
  });

  it('keeps when the file of each served pull was first sent, for listed transfers only and never later than the pull', async () => {
    const { store } = await TransferStore.open({ profileDir: profile.dir });
    const pull = view({ id: 'pull' as TransferId, direction: 'outgoing', createdAt: 1_700_000_500_000 });
    const origins = new Map([
      ['pull' as TransferId, 1_700_000_000_000],
      ['gone' as TransferId, 1_600_000_000_000],
    ]);
    await store.save([pull, view()], origins);
    const reopened = await TransferStore.open({ profileDir: profile.dir });
    expect([...reopened.pullOrigins]).toEqual([['pull', 1_700_000_000_000]]);

    const edited = { version: 1, transfers: [pull], pullOrigins: { pull: 1_800_000_000_000 } };
    await writeFile(join(profile.dir, TRANSFERS_FILE), JSON.stringify(edited));
    expect([...(await TransferStore.open({ profileDir: profile.dir })).pullOrigins]).toEqual([['pull', pull.createdAt]]);
    await writeFile(join(profile.dir, TRANSFERS_FILE), JSON.stringify({ ...edited, pullOrigins: { pull: 'yesterday' } }));
    expect((await TransferStore.open({ profileDir: profile.dir })).pullOrigins.size).toBe(0);
  });

  it('brings transfers that were live at shutdown back as failed (interrupted)', async () => {
    const { store } = await TransferStore.open({ profileDir: profile.dir });
    await store.save([view({ state: 'transferring', sessionId: 's1' as TransferView['sessionId'], bytesPerSecond: 5e6, etaSeconds: 3, endedAt: null })]);
    const { transfers } = await TransferStore.open({ profileDir: profile.dir });
    expect(transfers[0]).toMatchObject({ state: 'failed', sessionId: null, bytesPerSecond: 0, etaSeconds: null, failure: { code: 'interrupted' } });
    expect(transfers[0]?.endedAt).toBeGreaterThan(0);
  });

  it('coalesces a burst of saves and writes the latest list last', async () => {
    const { store } = await TransferStore.open({ profileDir: profile.dir });
    const saves = Array.from({ length: 20 }, (_, index) => store.save([view({ bytes: index })]));
    await Promise.all(saves);
    const stored = JSON.parse(await readFile(join(profile.dir, TRANSFERS_FILE), 'utf8')) as { transfers: TransferView[] };
    expect(stored.transfers[0]?.bytes).toBe(19);
  });

  it('keeps only the newest entries beyond the cap', async () => {
    const { store } = await TransferStore.open({ profileDir: profile.dir, maxTransfers: 2 });
    await store.save([view({ id: '1' as TransferId }), view({ id: '2' as TransferId }), view({ id: '3' as TransferId })]);
    const { transfers } = await TransferStore.open({ profileDir: profile.dir });
    expect(transfers.map((item) => item.id)).toEqual(['1', '2']);
  });

  it('moves an unreadable file aside and reports it; drops entries that are not transfers', async () => {
    await writeFile(join(profile.dir, TRANSFERS_FILE), '{ not json');
    const problems: string[] = [];
    const { transfers } = await TransferStore.open({ profileDir: profile.dir, onProblem: (message) => problems.push(message) });
    expect(transfers).toEqual([]);
    expect(problems).toHaveLength(1);
    expect((await readdir(profile.dir)).some((name) => name.startsWith(`${TRANSFERS_FILE}.corrupt`))).toBe(true);

    const tampered = { version: 1, transfers: [view(), { ...view({ id: 'x' as TransferId }), state: 'exploded' }, { id: 3 }] };
    await writeFile(join(profile.dir, TRANSFERS_FILE), JSON.stringify(tampered));
    const again = await TransferStore.open({ profileDir: profile.dir });
    expect(again.transfers.map((item) => item.id)).toEqual([view().id]);
  });
});
