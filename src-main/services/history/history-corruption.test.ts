import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempProfile } from '../test-support/temp-profile';
import { HistoryStore } from './history-store';
import type { HistoryProblem } from './history-types';
import { draftMessage } from './test-support/draft-message';

describe('a damaged history database', () => {
  let profile: { dir: string; cleanup(): Promise<void> };
  const now = () => Date.UTC(2030, 0, 2, 3, 4, 5);

  beforeEach(async () => {
    profile = await makeTempProfile();
  });

  afterEach(async () => {
    await profile.cleanup();
  });

  function expectFreshAndUsable(store: HistoryStore): void {
    expect(store.listConversations()).toEqual([]);
    const m = store.insert(draftMessage({ text: 'after the damage' }));
    expect(store.search('damage').map((x) => x.id)).toEqual([m.id]);
  }

  it('is moved aside with its -wal and -shm, reported, and replaced by a fresh usable database', () => {
    const file = join(profile.dir, 'history.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    writeFileSync(`${file}-wal`, 'wal bytes');
    writeFileSync(`${file}-shm`, 'shm bytes');
    const reported: HistoryProblem[] = [];
    const store = HistoryStore.open({ profileDir: profile.dir, now, onProblem: (p) => reported.push(p) });
    const aside = `${file}.corrupt-2030-01-02T03-04-05-000Z`;
    expect(reported).toEqual([{ file: 'history', movedTo: aside, message: expect.stringContaining('history.sqlite.corrupt-2030-01-02T03-04-05-000Z') }]);
    expect(readFileSync(aside).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
    expect(readFileSync(`${aside}-wal`, 'utf8')).toBe('wal bytes');
    // The -shm is only an index of the WAL (SQLite rewrites it on open); what matters is that it moved with it.
    expect(existsSync(`${aside}-shm`)).toBe(true);
    // A listener added later still hears about it.
    const late: HistoryProblem[] = [];
    store.onProblem((p) => late.push(p));
    expect(late).toEqual(reported);
    expectFreshAndUsable(store);
    store.dispose();
  });

  it('never overwrites an earlier moved-aside file', () => {
    const file = join(profile.dir, 'history.sqlite');
    for (let i = 0; i < 2; i += 1) {
      writeFileSync(file, `garbage ${i}`.repeat(200));
      HistoryStore.open({ profileDir: profile.dir, now }).dispose();
    }
    expect(readdirSync(profile.dir).filter((n) => n.includes('.corrupt-') && !n.endsWith('-wal') && !n.endsWith('-shm')).sort()).toEqual([
      'history.sqlite.corrupt-2030-01-02T03-04-05-000Z',
      'history.sqlite.corrupt-2030-01-02T03-04-05-000Z-1',
    ]);
  });

  function damageMessagesTable(file: string): void {
    const db = new DatabaseSync(file);
    const pageSize = Number(db.prepare('PRAGMA page_size').get()?.page_size);
    const root = Number(db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'messages'").get()?.rootpage);
    db.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(fd);
  }

  it('is found by the open-time check when a table page is damaged', () => {
    const first = HistoryStore.open({ profileDir: profile.dir });
    first.insertMany(Array.from({ length: 20 }, (_, i) => draftMessage({ text: `message ${i}` })));
    first.dispose();
    damageMessagesTable(first.file);
    const reported: HistoryProblem[] = [];
    const store = HistoryStore.open({ profileDir: profile.dir, quickCheck: true, onProblem: (p) => reported.push(p) });
    expect(reported).toHaveLength(1);
    expectFreshAndUsable(store);
    store.dispose();
  });

  it('is found mid-operation (no check at open by default): set aside, reported, and the write lands in the fresh database', () => {
    const first = HistoryStore.open({ profileDir: profile.dir });
    first.insertMany(Array.from({ length: 20 }, (_, i) => draftMessage({ text: `message ${i}` })));
    first.dispose();
    damageMessagesTable(first.file);
    const reported: HistoryProblem[] = [];
    const store = HistoryStore.open({ profileDir: profile.dir, onProblem: (p) => reported.push(p) });
    expect(reported).toEqual([]);
    const saved = store.insert(draftMessage({ id: 'arrived-during-damage', text: 'not lost' }));
    expect(reported).toHaveLength(1);
    expect(existsSync(reported[0]!.movedTo)).toBe(true);
    expect(store.get(saved.id)?.text).toBe('not lost');
    expect(store.page('acc-1', 'sip:bob@example.com').messages.map((m) => m.id)).toEqual(['arrived-during-damage']);
    store.dispose();
  });

  it('reports a file it cannot even create as a storage error', () => {
    expect(() => HistoryStore.open({ profileDir: join(profile.dir, 'missing', 'deeper') })).toThrow(expect.objectContaining({ code: 'storage-failed' }));
  });
});
