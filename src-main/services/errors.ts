import type { ErrorCode } from '../../src-shared';

/**
 * Expected failures of the services (bad input, missing things, conflicts, storage), each with a stable
 * `code` the UI branches on. The command router turns them into error results; their messages are written
 * for the user.
 */
export class ServicesError extends Error {
  readonly code: ErrorCode;
  /** Dotted path of the offending field, for validation errors. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
  }
}

export class InvalidArgumentError extends ServicesError {
  constructor(message: string, field?: string) {
    super('invalid-argument', message, field === undefined ? {} : { field });
  }
}

export class NotFoundError extends ServicesError {
  constructor(message: string) {
    super('not-found', message);
  }
}

export class ConflictError extends ServicesError {
  constructor(message: string, field?: string) {
    super('conflict', message, field === undefined ? {} : { field });
  }
}

export class StorageError extends ServicesError {
  constructor(message: string, cause?: unknown) {
    super('storage-failed', message, cause === undefined ? {} : { cause });
  }
}

export class UnavailableError extends ServicesError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/**
 * A broken invariant: a bug in Parley, not bad input. Deliberately not a ServicesError, so the router
 * reports it as 'internal' with a generic message and logs the detail.
 */
export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
