import { redactString, redactValue } from './redact';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** A logger's threshold: a level, or 'silent' for nothing at all. */
export type LogThreshold = LogLevel | 'silent';

export type LogFields = { readonly [key: string]: unknown };

/** What sinks receive: already redacted, plain data. */
export interface LogRecord {
  readonly time: number;
  readonly level: LogLevel;
  /** Dotted scope of the child logger, e.g. `services.accounts`; '' for the root. */
  readonly scope: string;
  readonly message: string;
  readonly fields?: LogFields;
}

export type LogSink = (record: LogRecord) => void;

/**
 * `fields` may be a function, called only when the level is on: expensive detail (a serialized chunk, a
 * header dump) costs nothing when that level is off.
 */
export interface Logger {
  trace(message: string, fields?: LogFields | (() => LogFields)): void;
  debug(message: string, fields?: LogFields | (() => LogFields)): void;
  info(message: string, fields?: LogFields | (() => LogFields)): void;
  warn(message: string, fields?: LogFields | (() => LogFields)): void;
  error(message: string, fields?: LogFields | (() => LogFields)): void;
  isLevelEnabled(level: LogLevel): boolean;
  /** A logger whose records carry `scope` appended to this one's; it shares the level and the sinks. */
  child(scope: string): Logger;
}

/** The root logger: also lets its owner change the level and the sinks at run time. */
export interface RootLogger extends Logger {
  level: LogThreshold;
  addSink(sink: LogSink): () => void;
}

export interface CreateLoggerOptions {
  readonly level?: LogThreshold;
  readonly sinks?: readonly LogSink[];
  readonly scope?: string;
}

const RANK: Record<LogThreshold, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, silent: 100 };

/** Shared by a root logger and all its children, so one level change applies everywhere. */
interface LoggerState {
  rank: number;
  threshold: LogThreshold;
  sinks: LogSink[];
}

export function createLogger(options: CreateLoggerOptions = {}): RootLogger {
  const state: LoggerState = { rank: 0, threshold: 'info', sinks: [...(options.sinks ?? [])] };
  setThreshold(state, options.level ?? 'info');
  const root = makeLogger(state, options.scope ?? '') as Logger & Partial<RootLogger>;
  Object.defineProperty(root, 'level', {
    get: () => state.threshold,
    set: (level: LogThreshold) => setThreshold(state, level),
    enumerable: true,
  });
  root.addSink = (sink) => {
    state.sinks.push(sink);
    return () => {
      state.sinks = state.sinks.filter((item) => item !== sink);
    };
  };
  return root as RootLogger;
}

/** A logger that drops everything (for callers that were given none). */
export function createNullLogger(): Logger {
  return createLogger({ level: 'silent' });
}

function setThreshold(state: LoggerState, level: LogThreshold): void {
  if (!Object.hasOwn(RANK, level)) throw new TypeError(`Unknown log level: ${String(level)}`);
  state.threshold = level;
  state.rank = RANK[level];
}

function makeLogger(state: LoggerState, scope: string): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields | (() => LogFields)): void => {
    // The cheap path: one comparison when the level is off, nothing evaluated, nothing allocated.
    if (RANK[level] < state.rank || state.sinks.length === 0) return;
    let detail: LogFields | undefined;
    try {
      const raw = typeof fields === 'function' ? fields() : fields;
      detail = raw === undefined ? undefined : (redactValue(raw) as LogFields);
    } catch (error) {
      detail = { fieldsFailed: redactValue(error) };
    }
    const record: LogRecord =
      detail === undefined
        ? { time: Date.now(), level, scope, message: redactString(message) }
        : { time: Date.now(), level, scope, message: redactString(message), fields: detail };
    for (const sink of state.sinks) {
      try {
        sink(record);
      } catch {
        // A broken sink must not break the code that logs; the other sinks still get the record.
      }
    }
  };
  return {
    trace: (message, fields) => write('trace', message, fields),
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    isLevelEnabled: (level) => RANK[level] >= state.rank,
    child: (childScope) => makeLogger(state, scope === '' ? childScope : `${scope}.${childScope}`),
  };
}
