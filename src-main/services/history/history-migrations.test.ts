import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempProfile } from '../test-support/temp-profile';
import { HISTORY_MIGRATIONS, type HistoryMigration } from './history-migrations';
import { HistoryStore } from './history-store';
import { migrate, userVersion } from './migrate';
import { draftMessage } from './test-support/draft-message';

describe('history schema migrations', () => {
  let profile: { dir: string; cleanup(): Promise<void> };

  beforeEach(async () => {
    profile = await makeTempProfile();
  });

  afterEach(async () => {
    await profile.cleanup();
  });

  it('brings an empty database to the current version, each step once', () => {
    const db = new DatabaseSync(':memory:');
    expect(migrate(db, HISTORY_MIGRATIONS)).toEqual({ from: 0, to: HISTORY_MIGRATIONS.length });
    expect(userVersion(db)).toBe(HISTORY_MIGRATIONS.length);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['conversations', 'message_states', 'messages', 'messages_fts']));
    expect(migrate(db, HISTORY_MIGRATIONS)).toEqual({ from: 1, to: 1 });
    db.close();
  });

  it('upgrades a version 1 history to version 2 and keeps its messages', () => {
    const v1 = HistoryStore.open({ profileDir: profile.dir, migrations: HISTORY_MIGRATIONS.slice(0, 1) });
    const kept = v1.insert(draftMessage({ text: 'from version 1' }));
    v1.dispose();

    const addPinned: HistoryMigration = (db) => {
      db.exec('ALTER TABLE messages ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0');
      db.exec("UPDATE messages SET pinned = 1 WHERE body LIKE '%version 1%'");
    };
    const v2 = HistoryStore.open({ profileDir: profile.dir, migrations: [...HISTORY_MIGRATIONS.slice(0, 1), addPinned] });
    expect(v2.get(kept.id)?.text).toBe('from version 1');
    expect(v2.search('version').map((m) => m.id)).toEqual([kept.id]);
    v2.dispose();
    const db = new DatabaseSync(v2.file);
    expect(userVersion(db)).toBe(2);
    expect(db.prepare('SELECT pinned FROM messages').get()?.pinned).toBe(1);
    db.close();
  });

  it('rolls back a failing step: the version and the data stay as they were', () => {
    const v1 = HistoryStore.open({ profileDir: profile.dir });
    v1.insert(draftMessage({ id: 'keep' }));
    v1.dispose();
    const broken: HistoryMigration = (db) => {
      db.exec('ALTER TABLE messages ADD COLUMN half_done INTEGER');
      db.exec('DELETE FROM messages');
      throw new Error('step failed half way');
    };
    const problems: unknown[] = [];
    expect(() => HistoryStore.open({ profileDir: profile.dir, migrations: [...HISTORY_MIGRATIONS, broken], onProblem: (p) => problems.push(p) })).toThrow(
      expect.objectContaining({ code: 'storage-failed' }),
    );
    expect(problems).toEqual([]);
    const store = HistoryStore.open({ profileDir: profile.dir });
    expect(store.get('keep')).toBeDefined();
    store.dispose();
    const db = new DatabaseSync(store.file);
    expect(userVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM pragma_table_info('messages') WHERE name = 'half_done'").get()?.n).toBe(0);
    db.close();
  });

  it('refuses a history written by a newer Parley without touching it', () => {
    const store = HistoryStore.open({ profileDir: profile.dir });
    store.insert(draftMessage({ id: 'future' }));
    store.dispose();
    const db = new DatabaseSync(store.file);
    db.exec('PRAGMA user_version = 99');
    db.close();
    expect(() => HistoryStore.open({ profileDir: profile.dir })).toThrow(expect.objectContaining({ code: 'storage-failed', message: expect.stringContaining('newer version') }));
    const again = new DatabaseSync(store.file);
    expect(again.prepare('SELECT id FROM messages').get()?.id).toBe('future');
    again.close();
  });
});
