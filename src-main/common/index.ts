export { DisposableStore, toDisposable, type Disposable } from './disposable';
export { TypedEmitter, type EventMap, type Listener, type TypedEmitterOptions } from './typed-emitter';
export {
  LOG_LEVELS,
  createLogger,
  createNullLogger,
  type CreateLoggerOptions,
  type LogFields,
  type LogLevel,
  type LogRecord,
  type LogSink,
  type LogThreshold,
  type Logger,
  type RootLogger,
} from './logger';
export { createMemorySink, createStreamSink, formatLogRecord, type MemorySink } from './log-sinks';
export { createLogFileSink, rotatedLogFile, type LogFileSink, type LogFileSinkOptions, type LogFileSinkStats } from './log-file-sink';
export { REDACTED, isSecretKey, redactString, redactValue } from './redact';
export { createTimeOrderedId } from './time-ordered-id';
