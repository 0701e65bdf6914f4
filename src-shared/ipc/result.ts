import type { ErrorCode } from '../errors';

/** What crosses IPC instead of an exception (DESIGN.md "Errors"). */
export interface IpcError {
  readonly code: ErrorCode;
  readonly message: string;
  /** For validation errors: the dotted path of the offending field, so a form can show the message beside it. */
  readonly field?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(code: ErrorCode, message: string, field?: string): Result<T> {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}
