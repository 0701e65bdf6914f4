import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { StorageProblem } from '../../../src-shared';
import { TypedEmitter, type Disposable } from '../../common';
import { StorageError } from '../errors';
import { moveAside, tightenMode, writeFileAtomic } from '../storage/atomic-file';
import { SerialQueue } from '../storage/serial-queue';
import type { SecretCipher, SecretStore } from './secret-store';

const FILE_VERSION = 1;
const FILE_MODE = 0o600;

/**
 * Each value says how it is stored, so a file written without a cipher (headless host) stays readable,
 * and plain values are re-encrypted on the next write once a cipher is available.
 */
type StoredSecret = { readonly enc: 'plain'; readonly data: string } | { readonly enc: 'cipher'; readonly data: string };

interface SecretsFile {
  readonly version: typeof FILE_VERSION;
  readonly entries: Record<string, StoredSecret>;
}

/**
 * Secrets in one JSON file (mode 0600, written atomically), each value encrypted with `cipher` when one is
 * given and available (the Electron shell passes safeStorage) and plain otherwise (the headless host).
 * A file that cannot be parsed is moved aside to `<file>.corrupt-<time>` and reported, never dropped.
 */
export class FileSecretStore implements SecretStore {
  readonly #filePath: string;
  readonly #cipher: SecretCipher | undefined;
  readonly #queue = new SerialQueue();
  readonly #events = new TypedEmitter<{ problem: StorageProblem }>();
  readonly #pendingProblems: StorageProblem[] = [];
  #entries: Map<string, StoredSecret> | null = null;

  constructor(filePath: string, cipher?: SecretCipher) {
    this.#filePath = filePath;
    this.#cipher = cipher;
  }

  get(key: string): Promise<string | null> {
    return this.#queue.run(async () => {
      const stored = (await this.#load()).get(key);
      return stored === undefined ? null : this.#decode(stored);
    });
  }

  set(key: string, value: string): Promise<void> {
    return this.#queue.run(async () => {
      const entries = new Map(await this.#load());
      entries.set(key, this.#encode(value));
      await this.#save(entries);
    });
  }

  delete(key: string): Promise<void> {
    return this.#queue.run(async () => {
      const current = await this.#load();
      if (!current.has(key)) return;
      const entries = new Map(current);
      entries.delete(key);
      await this.#save(entries);
    });
  }

  /** Problems found so far are replayed to a new listener, so none is lost to a late subscriber. */
  onProblem(listener: (problem: StorageProblem) => void): Disposable {
    for (const problem of this.#pendingProblems) listener(problem);
    return this.#events.on('problem', listener);
  }

  #report(message: string): void {
    const problem: StorageProblem = { file: 'secrets', message };
    this.#pendingProblems.push(problem);
    this.#events.emit('problem', problem);
  }

  async #load(): Promise<Map<string, StoredSecret>> {
    if (this.#entries !== null) return this.#entries;
    let text: string;
    try {
      text = await readFile(this.#filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.#entries = new Map();
        return this.#entries;
      }
      return this.#setAside(`could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, error);
    }
    const parsed = parseSecretsFile(text);
    if (parsed === null) return this.#setAside('was damaged', undefined);
    try {
      await tightenMode(this.#filePath, FILE_MODE);
    } catch {
      /* still usable; the next write recreates it at 0600 */
    }
    this.#entries = parsed;
    return parsed;
  }

  async #setAside(what: string, cause: unknown): Promise<Map<string, StoredSecret>> {
    const name = basename(this.#filePath);
    try {
      const aside = await moveAside(this.#filePath);
      this.#report(`${name} ${what}; it was moved aside to ${basename(aside)} and saved passwords must be entered again.`);
    } catch (moveError) {
      // Never overwrite a file that could not be set aside: refuse instead.
      throw new StorageError(`${name} ${what} and could not be moved aside; passwords cannot be used.`, cause ?? moveError);
    }
    this.#entries = new Map();
    return this.#entries;
  }

  async #save(entries: Map<string, StoredSecret>): Promise<void> {
    const file: SecretsFile = { version: FILE_VERSION, entries: Object.fromEntries(entries) };
    try {
      await writeFileAtomic(this.#filePath, `${JSON.stringify(file, null, 2)}\n`, { mode: FILE_MODE });
    } catch (error) {
      throw new StorageError('Passwords could not be saved.', error);
    }
    this.#entries = entries;
  }

  #encode(value: string): StoredSecret {
    if (this.#cipher?.isAvailable() === true) {
      return { enc: 'cipher', data: this.#cipher.encrypt(value).toString('base64') };
    }
    return { enc: 'plain', data: value };
  }

  #decode(stored: StoredSecret): string {
    if (stored.enc === 'plain') return stored.data;
    if (this.#cipher?.isAvailable() !== true) {
      throw new StorageError('Saved passwords are encrypted and the system keyring is not available.');
    }
    try {
      return this.#cipher.decrypt(Buffer.from(stored.data, 'base64'));
    } catch (error) {
      throw new StorageError('A saved password could not be decrypted.', error);
    }
  }
}

function parseSecretsFile(text: string): Map<string, StoredSecret> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.version !== FILE_VERSION || !isRecord(value.entries)) return null;
  const entries = new Map<string, StoredSecret>();
  for (const [key, stored] of Object.entries(value.entries)) {
    if (!isRecord(stored) || typeof stored.data !== 'string' || (stored.enc !== 'plain' && stored.enc !== 'cipher')) return null;
    entries.set(key, { enc: stored.enc, data: stored.data });
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
