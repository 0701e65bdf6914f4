import { randomUUID } from 'node:crypto';
import { lstat, readFile, rm } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { createNullLogger, type Logger } from '../../common';
import { moveAside, writeFileAtomic } from '../storage/atomic-file';
import { SerialQueue } from '../storage/serial-queue';

/**
 * Remembers partial downloads so that a transfer cut short can be resumed (RFC 5547 §8 a=file-range, or
 * Blink's FILE_OFFSET): per peer, by file-transfer-id or by name + size + SHA-1 (a resumed offer usually
 * carries a new file-transfer-id but the same file-selector). Kept in `<profile>/partial-transfers.json`
 * (atomic writes; an unreadable file is moved aside, never trusted); entries older than `maxAgeDays`
 * (default 7) are dropped together with their partial files.
 */
export const PARTIAL_TRANSFERS_FILE = 'partial-transfers.json';
export const DEFAULT_PARTIAL_MAX_AGE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Only files the writer names this way are ever deleted by the registry (the JSON can be edited). */
const PARTIAL_NAME = /^\..+\.[0-9a-f]{12}\.part$/;

export interface PartialTransferKey {
  /** The remote party (e.g. its SIP AOR); compared case-insensitively. */
  readonly peer: string;
  readonly transferId?: string | undefined;
  readonly name?: string | undefined;
  readonly size?: number | undefined;
  /** `AA:BB:…` */
  readonly sha1?: string | undefined;
}

export interface PartialTransferEntry {
  readonly id: string;
  readonly peer: string;
  readonly transferId: string | undefined;
  readonly name: string | undefined;
  readonly size: number | undefined;
  readonly sha1: string | undefined;
  readonly partialPath: string;
  /** Known-good bytes at the start of the partial file. */
  readonly bytes: number;
  /** Epoch ms of the last update. */
  readonly updatedAt: number;
}

export interface PartialTransfersOptions {
  readonly profileDir: string;
  readonly maxAgeDays?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

interface StoredFile {
  readonly version: 1;
  readonly entries: readonly PartialTransferEntry[];
}

export class PartialTransfers {
  readonly path: string;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #queue = new SerialQueue();
  #entries: PartialTransferEntry[];

  private constructor(path: string, entries: PartialTransferEntry[], options: PartialTransfersOptions) {
    this.path = path;
    this.#entries = entries;
    this.#maxAgeMs = (options.maxAgeDays ?? DEFAULT_PARTIAL_MAX_AGE_DAYS) * DAY_MS;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger ?? createNullLogger();
  }

  /** Loads the registry and removes expired entries (and their partial files). */
  static async open(options: PartialTransfersOptions): Promise<PartialTransfers> {
    const path = join(options.profileDir, PARTIAL_TRANSFERS_FILE);
    const logger = options.logger ?? createNullLogger();
    let entries: PartialTransferEntry[] = [];
    try {
      entries = parseStored(JSON.parse(await readFile(path, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        const aside = await moveAside(path).catch(() => undefined);
        logger.warn('partial transfer registry unreadable, moved aside', { aside, error: error instanceof Error ? error.message : String(error) });
      }
    }
    const registry = new PartialTransfers(path, entries, options);
    await registry.cleanExpired();
    return registry;
  }

  get entries(): readonly PartialTransferEntry[] {
    return this.#entries;
  }

  /** The entry for this file from this peer, if one is remembered and not expired. */
  find(key: PartialTransferKey): PartialTransferEntry | undefined {
    const now = this.#now();
    return this.#entries.find((entry) => now - entry.updatedAt <= this.#maxAgeMs && matches(entry, key));
  }

  /**
   * Where to resume: the entry and the offset to request (bytes on disk, capped by what was known good).
   * An entry whose file is gone or changed is forgotten.
   */
  async resumeFor(key: PartialTransferKey): Promise<{ readonly entry: PartialTransferEntry; readonly offset: number } | undefined> {
    const entry = this.find(key);
    if (entry === undefined) return undefined;
    try {
      const info = await lstat(entry.partialPath);
      if (!info.isFile()) throw new Error('not a regular file');
      const offset = Math.min(info.size, entry.bytes);
      if (entry.size !== undefined && offset > entry.size) throw new Error('larger than the file');
      return { entry, offset };
    } catch (error) {
      this.#logger.info('partial transfer no longer usable', { id: entry.id, error: error instanceof Error ? error.message : String(error) });
      await this.forget(entry.id, { deleteFile: false });
      return undefined;
    }
  }

  /** Records (or updates) the partial file of a transfer; one entry per key. */
  remember(key: PartialTransferKey, partial: { readonly path: string; readonly bytes: number }): Promise<PartialTransferEntry> {
    return this.#queue.run(async () => {
      const existing = this.#entries.find((entry) => matches(entry, key));
      const entry: PartialTransferEntry = {
        id: existing?.id ?? randomUUID(),
        peer: key.peer,
        transferId: key.transferId,
        name: key.name,
        size: key.size,
        sha1: key.sha1?.toUpperCase(),
        partialPath: partial.path,
        bytes: partial.bytes,
        updatedAt: this.#now(),
      };
      this.#entries = [...this.#entries.filter((item) => item !== existing), entry];
      await this.#save();
      return entry;
    });
  }

  /** Drops an entry; its partial file is deleted unless told otherwise (it was just completed or reused). */
  forget(id: string, options: { readonly deleteFile?: boolean } = {}): Promise<void> {
    return this.#queue.run(async () => {
      const entry = this.#entries.find((item) => item.id === id);
      if (entry === undefined) return;
      this.#entries = this.#entries.filter((item) => item !== entry);
      if (options.deleteFile ?? true) await this.#deletePartial(entry);
      await this.#save();
    });
  }

  /** Removes entries older than the maximum age with their files; returns how many went. */
  cleanExpired(): Promise<number> {
    return this.#queue.run(async () => {
      const now = this.#now();
      const expired = this.#entries.filter((entry) => now - entry.updatedAt > this.#maxAgeMs);
      if (expired.length === 0) return 0;
      for (const entry of expired) await this.#deletePartial(entry);
      this.#entries = this.#entries.filter((entry) => !expired.includes(entry));
      await this.#save();
      return expired.length;
    });
  }

  /** Waits for pending writes. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  async #deletePartial(entry: PartialTransferEntry): Promise<void> {
    // Only our own hidden partial names, never a symlink: an edited registry must not delete user files.
    if (!isAbsolute(entry.partialPath) || !PARTIAL_NAME.test(basename(entry.partialPath))) {
      this.#logger.warn('not deleting a file the registry names but the writer did not create', { id: entry.id });
      return;
    }
    try {
      if ((await lstat(entry.partialPath)).isFile()) await rm(entry.partialPath, { force: true });
    } catch {
      /* already gone */
    }
  }

  async #save(): Promise<void> {
    const stored: StoredFile = { version: 1, entries: this.#entries };
    await writeFileAtomic(this.path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
}

function sameText(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The remembered partial holds this file from this peer: same SHA-1 and size, whatever name it was offered under. */
export function isPartialOf(entry: PartialTransferEntry, file: { readonly peer: string; readonly sha1: string; readonly size: number }): boolean {
  return sameText(entry.peer, file.peer) && sameText(entry.sha1, file.sha1) && entry.size === file.size;
}

function matches(entry: PartialTransferEntry, key: PartialTransferKey): boolean {
  if (!sameText(entry.peer, key.peer)) return false;
  if (entry.transferId !== undefined && entry.transferId === key.transferId) return true;
  // Without a transfer id, the whole file-selector identifies the file; a hash is required (name + size is not identity).
  return sameText(entry.sha1, key.sha1) && entry.size === key.size && entry.name === key.name;
}

function parseStored(value: unknown): PartialTransferEntry[] {
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) throw new Error('unknown format');
  const entries = (value as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) throw new Error('entries missing');
  return entries.filter(isEntry);
}

function isEntry(value: unknown): value is PartialTransferEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  const optionalString = (key: string): boolean => entry[key] === undefined || typeof entry[key] === 'string';
  return (
    typeof entry.id === 'string' &&
    typeof entry.peer === 'string' &&
    typeof entry.partialPath === 'string' &&
    Number.isSafeInteger(entry.bytes) &&
    (entry.bytes as number) >= 0 &&
    typeof entry.updatedAt === 'number' &&
    optionalString('transferId') &&
    optionalString('name') &&
    optionalString('sha1') &&
    (entry.size === undefined || Number.isSafeInteger(entry.size))
  );
}
