import { readFile } from 'node:fs/promises';
import { createNullLogger, type Logger } from '../../common';
import { StorageError } from '../errors';
import { moveAside, writeFileAtomic } from '../storage/atomic-file';
import { SerialQueue } from '../storage/serial-queue';

/** `<profile>/settings.json`: small preferences, one section per concern (`logs` …). */
export const SETTINGS_FILE_NAME = 'settings.json';
export const SETTINGS_FILE_VERSION = 1;

export interface SettingsStoreOptions {
  readonly file: string;
  readonly logger?: Logger;
}

type Sections = Readonly<Record<string, unknown>>;

/**
 * The profile's settings file as JSON sections. Each owner validates its own section (an invalid value is
 * that owner's default, not a reason to drop the file); sections it does not know are kept untouched, so
 * a newer Parley's settings survive an older one. Writes are atomic and one at a time; the in-memory copy
 * changes only once the file has.
 */
export class SettingsStore {
  readonly file: string;
  /** Set when the file on disk could not be used and was moved aside at load. */
  readonly movedAsideTo: string | null;
  #sections: Sections;
  readonly #queue = new SerialQueue();

  private constructor(file: string, sections: Sections, movedAsideTo: string | null) {
    this.file = file;
    this.#sections = sections;
    this.movedAsideTo = movedAsideTo;
  }

  /** Never throws for a bad file: it is moved aside to `settings.json.corrupt-<time>` and defaults apply. */
  static async load(options: SettingsStoreOptions): Promise<SettingsStore> {
    const logger = options.logger ?? createNullLogger();
    let text: string;
    try {
      text = await readFile(options.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') logger.warn('Settings could not be read; using defaults', { code });
      return new SettingsStore(options.file, {}, null);
    }
    const sections = parseSettings(text);
    if (sections !== undefined) return new SettingsStore(options.file, sections, null);
    let movedAsideTo: string | null = null;
    try {
      movedAsideTo = await moveAside(options.file);
    } catch (error) {
      logger.warn('An unusable settings file could not be moved aside', { error });
    }
    logger.warn('The settings file was unusable; using defaults', { movedAsideTo });
    return new SettingsStore(options.file, {}, movedAsideTo);
  }

  /** The raw value of a section (the caller validates it), or undefined. */
  section(name: string): unknown {
    return Object.hasOwn(this.#sections, name) ? this.#sections[name] : undefined;
  }

  /** Replaces one section on disk, then in memory. Fails with 'storage-failed'. */
  setSection(name: string, value: unknown): Promise<void> {
    return this.#queue.run(async () => {
      const next: Sections = { ...this.#sections, [name]: value };
      try {
        await writeFileAtomic(this.file, `${JSON.stringify({ version: SETTINGS_FILE_VERSION, ...next }, null, 2)}\n`, { mode: 0o600 });
      } catch (error) {
        throw new StorageError('The settings could not be saved.', error);
      }
      this.#sections = next;
    });
  }

  /** Resolves once every write submitted so far has finished. */
  flush(): Promise<void> {
    return this.#queue.idle();
  }
}

/** The sections of a settings file, or undefined when it is not a version-1 JSON object. */
function parseSettings(text: string): Sections | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const { version, ...sections } = raw as Record<string, unknown>;
  if (version !== SETTINGS_FILE_VERSION) return undefined;
  // JSON.parse makes "__proto__" an own key; dropping it keeps it out of every later spread.
  delete sections['__proto__'];
  return sections;
}
