import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StorageError } from '../errors';
import type { HistoryMigration } from './history-migrations';
import { migrate } from './migrate';

/** SQLite primary result codes meaning "this file is not a usable database" (sqlite.org/rescode.html). */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

export function isCorruptionError(error: unknown): boolean {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' && ((errcode & 0xff) === SQLITE_CORRUPT || (errcode & 0xff) === SQLITE_NOTADB);
}

export interface OpenedHistoryDatabase {
  readonly db: DatabaseSync;
  /** Whether the full-text index exists (created by the schema when this SQLite has FTS5). */
  readonly fts: boolean;
  /** Set when the previous file was damaged and moved here; a fresh database was created in its place. */
  readonly movedTo: string | undefined;
  readonly cause: unknown;
}

export interface OpenHistoryDatabaseOptions {
  readonly migrations: readonly HistoryMigration[];
  /** Run `PRAGMA quick_check` at open, so damage deep in the file is found now rather than mid-conversation. */
  readonly quickCheck: boolean;
  readonly now: () => number;
}

/**
 * Opens (creating if needed) and migrates the history database. A file SQLite reports as corrupt or not a
 * database is moved aside with its -wal/-shm, never overwritten, and a fresh database is created; the caller
 * reports it. Any other failure (permissions, a newer schema, a full disk) is a StorageError: the file stays.
 */
export function openHistoryDatabase(file: string, options: OpenHistoryDatabaseOptions): OpenedHistoryDatabase {
  const first = tryOpen(file, options);
  if (first.ok) return { db: first.db, fts: first.fts, movedTo: undefined, cause: undefined };
  if (!isCorruptionError(first.error)) {
    first.close();
    throw asStorageError(first.error);
  }
  const movedTo = setDatabaseAside(file, new Date(options.now()), first.close);
  const second = tryOpen(file, options);
  if (second.ok) return { db: second.db, fts: second.fts, movedTo, cause: first.error };
  second.close();
  throw asStorageError(second.error);
}

type OpenAttempt = { ok: true; db: DatabaseSync; fts: boolean } | { ok: false; error: unknown; close: () => void };

function tryOpen(file: string, options: OpenHistoryDatabaseOptions): OpenAttempt {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5_000 });
  } catch (error) {
    return { ok: false, error, close: () => undefined };
  }
  let fts: boolean;
  try {
    // WAL: readers never wait for the writer, and a commit is one append (synchronous=NORMAL is durable
    // across application crashes; a power cut may lose the last commits, never the database). An 8 MiB page
    // cache (default 2 MiB) keeps the random-keyed indexes of a large history in memory while inserting.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA trusted_schema = OFF; PRAGMA cache_size = -8000;');
    if (options.quickCheck) {
      const rows = db.prepare('PRAGMA quick_check').all();
      const result = rows.map((row) => String(row.quick_check)).join('; ');
      if (result !== 'ok') throw Object.assign(new Error(`quick_check: ${result.slice(0, 200)}`), { errcode: SQLITE_CORRUPT });
    }
    migrate(db, options.migrations);
    // Reading the schema here makes a damaged schema page an open-time problem, handled like any other.
    fts = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'messages_fts'").get() !== undefined;
  } catch (error) {
    return { ok: false, error, close: () => closeQuietly(db) };
  }
  try {
    chmodSync(file, 0o600); // private conversations; -wal/-shm inherit the database file's mode
  } catch {
    /* best effort (e.g. a file system without modes) */
  }
  return { ok: true, db, fts };
}

const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

/**
 * Sets a damaged database aside as `<file>.corrupt-<time>`, its -wal/-shm/-journal as the same name plus
 * their suffix (so SQLite opening the moved file still finds its log), and returns the new path. The side
 * files are copied while the damaged connection is still open, because closing it may delete them; leftovers
 * are then removed so they can never be applied to the fresh database. `close` closes that connection.
 */
export function setDatabaseAside(file: string, now: Date, close: () => void): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let attempt = 1; existsSync(target); attempt += 1) target = `${file}.corrupt-${stamp}-${attempt}`;
  try {
    for (const suffix of SIDE_FILES) if (existsSync(file + suffix)) copyFileSync(file + suffix, target + suffix);
    close();
    renameSync(file, target);
    for (const suffix of SIDE_FILES) rmSync(file + suffix, { force: true });
  } catch (error) {
    close();
    // Never go on to create a fresh file over one that could not be set aside.
    throw new StorageError(`${basename(file)} is damaged and could not be moved aside; chat history is unavailable.`, error);
  }
  return target;
}

function closeQuietly(db: DatabaseSync): void {
  try {
    if (db.isOpen) db.close();
  } catch {
    /* a damaged database may fail even to close; the handle is released either way */
  }
}

function asStorageError(error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  return new StorageError('The chat history could not be opened.', error);
}
