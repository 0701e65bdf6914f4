import type { LogRecord, LogSink } from './logger';

/** One line per record: `time LEVEL scope: message {fields}`. */
export function formatLogRecord(record: LogRecord): string {
  const time = new Date(record.time).toISOString();
  const scope = record.scope === '' ? '' : ` ${record.scope}:`;
  let fields = '';
  if (record.fields !== undefined) {
    try {
      fields = ` ${JSON.stringify(record.fields)}`;
    } catch {
      fields = ' [fields not serializable]';
    }
  }
  return `${time} ${record.level.toUpperCase().padEnd(5)}${scope} ${record.message}${fields}`;
}

/** Writes formatted lines to a stream (stderr by default, so stdout stays free for machine-read lines). */
export function createStreamSink(stream: { write(text: string): unknown } = process.stderr): LogSink {
  return (record) => {
    stream.write(`${formatLogRecord(record)}\n`);
  };
}

/** Keeps the newest `limit` records in memory (for the debug console, and for tests that read the log). */
export interface MemorySink {
  readonly sink: LogSink;
  records(): readonly LogRecord[];
  clear(): void;
}

export function createMemorySink(limit = 1000): MemorySink {
  let records: LogRecord[] = [];
  return {
    sink: (record) => {
      records.push(record);
      // Trim in batches so a busy log does not copy the whole buffer on every record.
      if (records.length >= limit * 2) records = records.slice(records.length - limit);
    },
    records: () => (records.length > limit ? records.slice(records.length - limit) : records),
    clear: () => {
      records = [];
    },
  };
}
