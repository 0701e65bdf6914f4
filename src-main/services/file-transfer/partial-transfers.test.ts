import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PARTIAL_TRANSFERS_FILE, PartialTransfers } from './partial-transfers';

let profile: string;
let downloads: string;
let clock: number;
const now = (): number => clock;
const DAY = 24 * 60 * 60 * 1000;
const HASH = 'A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D';

beforeEach(async () => {
  profile = await mkdtemp(join(tmpdir(), 'parley-partials-'));
  downloads = join(profile, 'Downloads');
  await rm(downloads, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(downloads));
  clock = Date.UTC(2026, 10, 1);
});
afterEach(async () => {
  await rm(profile, { recursive: true, force: true });
});

async function partialFile(bytes: number, name = '.a.bin.0123456789ab.part'): Promise<string> {
  const path = join(downloads, name);
  await writeFile(path, Buffer.alloc(bytes, 1));
  return path;
}

describe('PartialTransfers', () => {
  it('remembers per peer and finds by transfer id or by name + size + hash, across restarts', async () => {
    const path = await partialFile(500);
    const registry = await PartialTransfers.open({ profileDir: profile, now });
    await registry.remember({ peer: 'sip:Bob@example.com', transferId: 't1', name: 'a.bin', size: 1000, sha1: HASH }, { path, bytes: 400 });

    const reopened = await PartialTransfers.open({ profileDir: profile, now });
    expect(reopened.find({ peer: 'sip:bob@example.com', transferId: 't1' })?.bytes).toBe(400);
    expect(reopened.find({ peer: 'sip:bob@example.com', transferId: 'new-id', name: 'a.bin', size: 1000, sha1: HASH.toLowerCase() })).toBeDefined();
    expect(reopened.find({ peer: 'sip:carol@example.com', transferId: 't1' })).toBeUndefined();
    expect(reopened.find({ peer: 'sip:bob@example.com', name: 'a.bin', size: 1000 })).toBeUndefined();
    expect(reopened.find({ peer: 'sip:bob@example.com', name: 'a.bin', size: 999, sha1: HASH })).toBeUndefined();
    // The offset is what is on disk, capped by what was known good.
    expect((await reopened.resumeFor({ peer: 'sip:bob@example.com', transferId: 't1' }))?.offset).toBe(400);
  });

  it('updates one entry per file instead of adding another', async () => {
    const path = await partialFile(800);
    const registry = await PartialTransfers.open({ profileDir: profile, now });
    const key = { peer: 'bob', transferId: 't1' };
    const first = await registry.remember(key, { path, bytes: 100 });
    const second = await registry.remember(key, { path, bytes: 700 });
    expect(second.id).toBe(first.id);
    expect(registry.entries).toHaveLength(1);
    expect((await registry.resumeFor(key))?.offset).toBe(700);
  });

  it('cleans expired entries with their partial files after the maximum age', async () => {
    const old = await partialFile(10, '.old.bin.aaaaaaaaaaaa.part');
    const fresh = await partialFile(10, '.new.bin.bbbbbbbbbbbb.part');
    const registry = await PartialTransfers.open({ profileDir: profile, now, maxAgeDays: 7 });
    await registry.remember({ peer: 'bob', transferId: 'old' }, { path: old, bytes: 10 });
    clock += 3 * DAY;
    await registry.remember({ peer: 'bob', transferId: 'new' }, { path: fresh, bytes: 10 });
    clock += 5 * DAY;
    expect(registry.find({ peer: 'bob', transferId: 'old' })).toBeUndefined();
    const reopened = await PartialTransfers.open({ profileDir: profile, now, maxAgeDays: 7 });
    expect(reopened.entries.map((entry) => entry.transferId)).toEqual(['new']);
    expect(await readdir(downloads)).toEqual(['.new.bin.bbbbbbbbbbbb.part']);
  });

  it('never deletes a file the writer did not name, even if the registry says so', async () => {
    const precious = join(profile, 'precious.txt');
    await writeFile(precious, 'keep');
    const registry = await PartialTransfers.open({ profileDir: profile, now });
    const entry = await registry.remember({ peer: 'bob', transferId: 'x' }, { path: precious, bytes: 4 });
    await registry.forget(entry.id);
    expect(await readFile(precious, 'utf8')).toBe('keep');
    expect(registry.entries).toHaveLength(0);
  });

  it('forgets an entry whose partial file is gone', async () => {
    const path = await partialFile(10);
    const registry = await PartialTransfers.open({ profileDir: profile, now });
    await registry.remember({ peer: 'bob', transferId: 't' }, { path, bytes: 10 });
    await rm(path);
    expect(await registry.resumeFor({ peer: 'bob', transferId: 't' })).toBeUndefined();
    expect(registry.entries).toHaveLength(0);
  });

  it('moves an unreadable registry aside and starts empty', async () => {
    await writeFile(join(profile, PARTIAL_TRANSFERS_FILE), '{ not json');
    const registry = await PartialTransfers.open({ profileDir: profile, now });
    expect(registry.entries).toEqual([]);
    expect((await readdir(profile)).some((name) => name.startsWith(`${PARTIAL_TRANSFERS_FILE}.corrupt-`))).toBe(true);
  });

  it('drops malformed entries but keeps good ones', async () => {
    const good = { id: 'g', peer: 'bob', partialPath: '/x/.a.000000000000.part', bytes: 5, updatedAt: clock, transferId: 't' };
    await writeFile(join(profile, PARTIAL_TRANSFERS_FILE), JSON.stringify({ version: 1, entries: [good, { id: 1 }, { ...good, bytes: -1 }] }));
    const registry = await PartialTransfers.open({ profileDir: profile, now });
    expect(registry.entries.map((entry) => entry.id)).toEqual(['g']);
  });
});
