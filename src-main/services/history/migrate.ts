import type { DatabaseSync } from 'node:sqlite';
import { StorageError } from '../errors';
import type { HistoryMigration } from './history-migrations';

/**
 * Brings the database to `migrations.length`, each step in its own transaction together with its
 * `PRAGMA user_version` bump, so a crash or a failing step leaves the last complete version. A database from a
 * newer Parley (a higher version) is refused rather than guessed at.
 */
export function migrate(db: DatabaseSync, migrations: readonly HistoryMigration[]): { from: number; to: number } {
  const from = userVersion(db);
  if (from > migrations.length) {
    throw new StorageError(`The chat history was written by a newer version of Parley (schema ${from}, this version knows ${migrations.length}).`);
  }
  for (let version = from; version < migrations.length; version += 1) {
    db.exec('BEGIN IMMEDIATE');
    try {
      (migrations[version] as HistoryMigration)(db);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return { from, to: migrations.length };
}

export function userVersion(db: DatabaseSync): number {
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
}
