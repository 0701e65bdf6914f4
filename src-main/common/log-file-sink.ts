import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { formatLogRecord } from './log-sinks';
import type { LogRecord, LogSink } from './logger';
import { redactString } from './redact';

export interface LogFileSinkOptions {
  /** The active file, e.g. `<userData>/logs/parley.log`; older ones become `parley.1.log` … `parley.<n-1>.log`. */
  readonly file: string;
  /** Size at which the active file is rotated. Default 5 MiB. */
  readonly maxFileBytes?: number;
  /** Files kept, the active one included. Default 5. */
  readonly maxFiles?: number;
  /** Bytes waiting for (or being written to) the disk before new lines are dropped. Default 1 MiB. */
  readonly maxQueuedBytes?: number;
  /** A longer line is cut (a multi-megabyte field must not fill the queue alone). Default 64 KiB. */
  readonly maxLineBytes?: number;
  /**
   * Told once per streak of failed writes (the disk is full, the folder vanished). Default: nothing, since
   * the logger that would report it may be the one failing.
   */
  readonly onError?: (error: unknown) => void;
}

export interface LogFileSinkStats {
  readonly writtenLines: number;
  readonly droppedLines: number;
  readonly rotations: number;
}

/**
 * A log sink that appends to a size-capped, rotating set of files without ever blocking the caller: a record
 * becomes a line in a bounded in-memory queue, and one async writer appends queued lines in batches. When the
 * queue is full, lines are dropped and counted, and a "N lines dropped" line marks the gap in the file.
 */
export interface LogFileSink {
  readonly sink: LogSink;
  readonly file: string;
  stats(): LogFileSinkStats;
  /** Resolves when every line accepted so far is on disk (or counted as dropped). */
  flush(): Promise<void>;
  /** Flushes, then closes the file. Records arriving later are ignored. Idempotent. */
  dispose(): Promise<void>;
}

const MiB = 1024 * 1024;

interface GapCounts {
  queueFull: number;
  writeFailed: number;
}

interface QueuedLine {
  readonly text: string;
  readonly bytes: number;
  /** Set on a "N lines dropped" marker: not a log line itself, it carries the counts it reports. */
  readonly gap?: GapCounts;
}

export function createLogFileSink(options: LogFileSinkOptions): LogFileSink {
  return new RotatingFileWriter(options);
}

/** The file name of rotation `index` (0 = the active file): parley.log, parley.1.log, parley.2.log … */
export function rotatedLogFile(file: string, index: number): string {
  if (index === 0) return file;
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.${index}${extension}`);
}

class RotatingFileWriter implements LogFileSink {
  readonly file: string;
  readonly sink: LogSink;
  readonly #maxFileBytes: number;
  readonly #maxFiles: number;
  readonly #maxQueuedBytes: number;
  readonly #maxLineBytes: number;
  readonly #onError: ((error: unknown) => void) | undefined;

  #queue: QueuedLine[] = [];
  /** Bytes queued or in flight: the bound applies until a line is on disk, not only until it is taken. */
  #queuedBytes = 0;
  #gap: GapCounts = { queueFull: 0, writeFailed: 0 };
  #handle: FileHandle | undefined;
  #size = 0;
  #draining: Promise<void> | undefined;
  #failing = false;
  #disposed = false;
  #disposing: Promise<void> | undefined;
  #stats = { writtenLines: 0, droppedLines: 0, rotations: 0 };

  constructor(options: LogFileSinkOptions) {
    this.file = options.file;
    this.#maxFileBytes = positive(options.maxFileBytes ?? 5 * MiB, 'maxFileBytes');
    this.#maxFiles = positive(options.maxFiles ?? 5, 'maxFiles');
    this.#maxQueuedBytes = positive(options.maxQueuedBytes ?? MiB, 'maxQueuedBytes');
    this.#maxLineBytes = Math.min(positive(options.maxLineBytes ?? 64 * 1024, 'maxLineBytes'), this.#maxFileBytes);
    this.#onError = options.onError;
    this.sink = (record) => this.#accept(record);
  }

  stats(): LogFileSinkStats {
    return { ...this.#stats };
  }

  async flush(): Promise<void> {
    this.#markGap();
    // One attempt even after a failed write: flush is where a caller asks for the disk explicitly.
    if (this.#queue.length > 0) this.#kick();
    while (this.#draining !== undefined) await this.#draining;
  }

  dispose(): Promise<void> {
    this.#disposing ??= (async () => {
      this.#disposed = true;
      await this.flush();
      const handle = this.#handle;
      this.#handle = undefined;
      await handle?.close().catch(() => undefined);
    })();
    return this.#disposing;
  }

  /** The synchronous part, on the caller's stack: format, cap, enqueue. No disk access here. */
  #accept(record: LogRecord): void {
    if (this.#disposed) return;
    const line = this.#toLine(record);
    const bytes = Buffer.byteLength(line);
    if (this.#queuedBytes + bytes > this.#maxQueuedBytes) {
      this.#gap.queueFull += 1;
      this.#stats.droppedLines += 1;
      return;
    }
    this.#markGap();
    this.#enqueue({ text: line, bytes });
    this.#kick();
  }

  #toLine(record: LogRecord): string {
    // Records come redacted from the logger; the header pass again is one regex test on a line without
    // "authorization" and keeps credentials out of the file even for a record built by hand.
    let line = redactString(formatLogRecord(record))
      // One record, one line: a message with line breaks cannot forge further entries.
      .replace(/\r\n|\r|\n/g, (match) => (match === '\n' ? '\\n' : match === '\r' ? '\\r' : '\\r\\n'));
    // A UTF-16 unit is at most 3 UTF-8 bytes: short lines skip the byte count.
    if (line.length > this.#maxLineBytes / 3 && Buffer.byteLength(line) > this.#maxLineBytes) {
      const bytes = Buffer.from(line);
      const kept = Math.max(0, this.#maxLineBytes - 32);
      line = `${bytes.subarray(0, kept).toString()} … [${bytes.length - kept} bytes cut]`;
    }
    return `${line}\n`;
  }

  #enqueue(line: QueuedLine): void {
    this.#queue.push(line);
    this.#queuedBytes += line.bytes;
  }

  /** Puts the "N lines dropped" marker where the gap is, before the next line that made it. */
  #markGap(): void {
    const gap = this.#gap;
    const { queueFull, writeFailed } = gap;
    const dropped = queueFull + writeFailed;
    if (dropped === 0) return;
    this.#gap = { queueFull: 0, writeFailed: 0 };
    const text = `${formatLogRecord({
      time: Date.now(),
      level: 'warn',
      scope: 'logs',
      message: `${dropped} line${dropped === 1 ? '' : 's'} dropped`,
      fields: { queueFull, writeFailed },
    })}\n`;
    // A marker may exceed the queue bound by its own few bytes: losing the count would hide the gap.
    this.#enqueue({ text, bytes: Buffer.byteLength(text), gap });
  }

  #kick(): void {
    if (this.#draining !== undefined) return;
    const run = this.#drain().finally(() => {
      if (this.#draining === run) this.#draining = undefined;
      // Lines queued after the loop's last look would otherwise wait for the next record.
      if (this.#queue.length > 0 && !this.#failing) this.#kick();
    });
    this.#draining = run;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = await this.#takeBatch();
      if (batch === undefined) return;
      const bytes = batch.reduce((sum, line) => sum + line.bytes, 0);
      try {
        const handle = await this.#open();
        // appendFile loops until every byte is written (a bare write may be partial).
        await handle.appendFile(batch.map((line) => line.text).join(''));
        this.#size += bytes;
        this.#stats.writtenLines += batch.filter((line) => line.gap === undefined).length;
        this.#failing = false;
      } catch (error) {
        this.#fail(error, batch);
        return;
      } finally {
        this.#queuedBytes -= bytes;
      }
    }
  }

  /** Lines that fit in the active file, rotating first when not even the next line fits. */
  async #takeBatch(): Promise<QueuedLine[] | undefined> {
    try {
      await this.#open();
      const first = this.#queue[0];
      if (first !== undefined && this.#size > 0 && this.#size + first.bytes > this.#maxFileBytes) await this.#rotate();
    } catch (error) {
      const batch = this.#queue;
      this.#queue = [];
      this.#queuedBytes -= batch.reduce((sum, line) => sum + line.bytes, 0);
      this.#fail(error, batch);
      return undefined;
    }
    let room = this.#maxFileBytes - this.#size;
    let count = 0;
    for (const line of this.#queue) {
      if (count > 0 && line.bytes > room) break;
      room -= line.bytes;
      count += 1;
    }
    return this.#queue.splice(0, count);
  }

  async #open(): Promise<FileHandle> {
    if (this.#handle !== undefined) return this.#handle;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const handle = await open(this.file, 'a', 0o600);
    try {
      this.#size = (await handle.stat()).size;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    this.#handle = handle;
    return handle;
  }

  /** parley.log → parley.1.log → … → parley.<maxFiles-1>.log; the oldest is overwritten. */
  async #rotate(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
    if (this.#maxFiles === 1) {
      await rm(this.file, { force: true });
    } else {
      for (let index = this.#maxFiles - 1; index >= 1; index -= 1) {
        const from = rotatedLogFile(this.file, index - 1);
        if (await exists(from)) await rename(from, rotatedLogFile(this.file, index));
      }
    }
    this.#stats.rotations += 1;
    await this.#open();
  }

  #fail(error: unknown, batch: readonly QueuedLine[]): void {
    let lost = 0;
    for (const line of batch) {
      if (line.gap === undefined) {
        lost += 1;
      } else {
        // A lost marker hands its counts back, so the next one still reports the whole gap.
        this.#gap.queueFull += line.gap.queueFull;
        this.#gap.writeFailed += line.gap.writeFailed;
      }
    }
    this.#gap.writeFailed += lost;
    this.#stats.droppedLines += lost;
    const handle = this.#handle;
    this.#handle = undefined;
    void handle?.close().catch(() => undefined);
    if (!this.#failing) {
      this.#failing = true;
      try {
        this.#onError?.(error);
      } catch {
        // Reporting must not break the writer.
      }
    }
  }
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
