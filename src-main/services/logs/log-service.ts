import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LOG_LEVEL_NAMES, type LogLevelName, type LogSettings, type LogsRevealResult } from '../../../src-shared';
import {
  LOG_LEVELS,
  createLogFileSink,
  createNullLogger,
  type LogFileSink,
  type LogFileSinkOptions,
  type LogLevel,
  type LogThreshold,
  type Logger,
  type RootLogger,
} from '../../common';
import { InvalidArgumentError, UnavailableError } from '../errors';
import { SETTINGS_FILE_NAME, SettingsStore } from './settings-store';

// The contract's level names and the logger's levels are one list: either side growing breaks the build here.
const CONTRACT_LEVELS: readonly LogLevel[] = LOG_LEVEL_NAMES;
const LOGGER_LEVELS: readonly LogLevelName[] = LOG_LEVELS;

export const LOGS_FOLDER_NAME = 'logs';
export const LOG_FILE_NAME = 'parley.log';
export const DEFAULT_LOG_LEVEL: LogLevelName = 'info';

export interface LogServiceOptions {
  /** The profile folder (Electron's userData): settings.json and logs/ live in it. */
  readonly profileDir: string;
  /**
   * The root logger: its level follows the setting, and the file sink is added to it. Without one the
   * setting is only remembered (a core given a logger it does not own must not change that logger).
   */
  readonly rootLogger?: RootLogger;
  /** Limits of the rotating file, or false for no log files at all (tests, a core without an adapter). */
  readonly files?: Omit<LogFileSinkOptions, 'file' | 'onError'> | false;
  /** Shows a path in the OS file manager (the Electron shell passes shell.showItemInFolder). */
  readonly reveal?: (path: string) => void | Promise<void>;
  /** Where the service reports its own trouble (a failing disk, an unusable settings file). */
  readonly logger?: Logger;
}

interface LogsSection {
  readonly level: LogLevelName;
}

/**
 * Logs on disk and the log-level setting of one profile: `<profile>/logs/parley.log` (rotated), the level
 * in `<profile>/settings.json` under `logs`, applied to the root logger at start and on every change.
 */
export class LogService {
  readonly dir: string | null;
  readonly file: string | null;
  readonly #settings: SettingsStore;
  readonly #rootLogger: { level: LogThreshold } | undefined;
  readonly #fileSink: LogFileSink | undefined;
  readonly #removeSink: (() => void) | undefined;
  readonly #reveal: ((path: string) => void | Promise<void>) | undefined;
  #level: LogLevelName;
  #disposing: Promise<void> | undefined;

  private constructor(options: LogServiceOptions, settings: SettingsStore, level: LogLevelName) {
    const logger = options.logger ?? createNullLogger();
    this.#settings = settings;
    this.#rootLogger = options.rootLogger;
    this.#reveal = options.reveal;
    this.#level = level;
    if (this.#rootLogger !== undefined) this.#rootLogger.level = level;
    if (options.files === false) {
      this.dir = null;
      this.file = null;
      return;
    }
    this.dir = join(options.profileDir, LOGS_FOLDER_NAME);
    this.file = join(this.dir, LOG_FILE_NAME);
    this.#fileSink = createLogFileSink({
      ...options.files,
      file: this.file,
      onError: (error) => logger.warn('The log file could not be written; lines are dropped until it can', { error }),
    });
    this.#removeSink = options.rootLogger?.addSink(this.#fileSink.sink);
  }

  static async start(options: LogServiceOptions): Promise<LogService> {
    const logger = options.logger ?? createNullLogger();
    const settings = await SettingsStore.load({ file: join(options.profileDir, SETTINGS_FILE_NAME), logger });
    const saved = readLogsSection(settings.section('logs'));
    if (saved === undefined && settings.section('logs') !== undefined) {
      logger.warn('The saved log settings are invalid; using the defaults');
    }
    return new LogService(options, settings, saved?.level ?? DEFAULT_LOG_LEVEL);
  }

  settings(): LogSettings {
    return { level: this.#level, dir: this.dir };
  }

  /** Saves first, then applies: a level that could not be saved is not silently half-set. */
  async setLevel(level: LogLevelName): Promise<LogSettings> {
    if (!CONTRACT_LEVELS.includes(level)) throw new InvalidArgumentError('This log level does not exist.', 'level');
    const section: LogsSection = { level };
    await this.#settings.setSection('logs', section);
    this.#level = level;
    if (this.#rootLogger !== undefined) this.#rootLogger.level = level;
    return this.settings();
  }

  /**
   * Desktop: the file manager opens the logs folder with parley.log selected (the folder itself when no
   * file exists yet). Web mode: nothing to open from here, the UI shows the returned folder.
   */
  async reveal(): Promise<LogsRevealResult> {
    const { dir, file } = this;
    if (dir === null || file === null) throw new UnavailableError('Parley writes no log files in this mode.');
    if (this.#reveal === undefined) return { dir, shown: false };
    // The file exists once the lines accepted so far are on disk.
    await this.#fileSink?.flush();
    try {
      await this.#reveal((await isFile(file)) ? file : dir);
    } catch (error) {
      throw new UnavailableError(`The logs folder could not be shown (${error instanceof Error ? error.message : 'unknown error'}).`);
    }
    return { dir, shown: true };
  }

  /** Resolves when the log lines accepted so far are on disk. */
  async flush(): Promise<void> {
    await this.#fileSink?.flush();
  }

  /** Detaches the file sink, writes what it holds, closes the file, and waits for settings writes. */
  dispose(): Promise<void> {
    this.#disposing ??= (async () => {
      this.#removeSink?.();
      await this.#fileSink?.dispose();
      await this.#settings.flush();
    })();
    return this.#disposing;
  }
}

function readLogsSection(raw: unknown): LogsSection | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const level = (raw as { level?: unknown }).level;
  return typeof level === 'string' && (LOGGER_LEVELS as readonly string[]).includes(level) ? { level: level as LogLevelName } : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
