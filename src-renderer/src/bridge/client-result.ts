import type { ErrorCode, IpcError } from '../../../src-shared';

/**
 * What a command returns in the renderer: main's `Result`, plus one failure only the client side can
 * produce — the channel to main is down ('disconnected', one of the shared error codes), so the command never
 * reached it.
 */
export type ClientErrorCode = ErrorCode | 'disconnected';

export interface ClientError extends Omit<IpcError, 'code'> {
  readonly code: ClientErrorCode;
}

export type ClientResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ClientError };

export function clientFailure(code: ClientErrorCode, message: string): { readonly ok: false; readonly error: ClientError } {
  return { ok: false, error: { code, message } };
}

export const DISCONNECTED_MESSAGE = 'Parley is not connected to its core right now and is reconnecting. Try again in a moment.';
