import type { ErrorCode } from '../../../src-shared';
import { ServicesError } from '../errors';

/**
 * Why a file transfer could not go on, as a stable code the UI and the stream branch on (never the
 * message text). `status` is the MSRP status to answer with where one applies (RFC 4975 §7.3.1, RFC 5547).
 */
export const FILE_TRANSFER_FAILURES = {
  /** The offered size is above the configured limit (answered 413). */
  'too-large': { code: 'invalid-argument', status: 413 },
  /** The bytes received do not add up to the offered size. */
  'size-mismatch': { code: 'conflict', status: 400 },
  /** The SHA-1 of what was received differs from the file-selector's hash (RFC 5547 §5). */
  'hash-mismatch': { code: 'conflict', status: undefined },
  /** The sender or the connection ended the transfer before the last byte. */
  aborted: { code: 'unavailable', status: undefined },
  /** A path would leave the downloads folder (a symlink, a crafted name, a tampered registry entry). */
  'unsafe-path': { code: 'forbidden', status: undefined },
  /** The file system refused a read or a write (disk full, permissions). */
  'disk-failed': { code: 'storage-failed', status: undefined },
  /** The offer itself is unusable (no size where one is needed, a negative offset …). */
  'bad-offer': { code: 'invalid-argument', status: 400 },
  /** The writer was used after it finished (a bug in the caller, reported, not thrown as an invariant). */
  finished: { code: 'conflict', status: undefined },
} as const satisfies Record<string, { code: ErrorCode; status: number | undefined }>;

export type FileTransferFailure = keyof typeof FILE_TRANSFER_FAILURES;

export class FileTransferError extends ServicesError {
  readonly reason: FileTransferFailure;
  readonly status: number | undefined;

  constructor(reason: FileTransferFailure, message: string, options: { cause?: unknown } = {}) {
    super(FILE_TRANSFER_FAILURES[reason].code, message, options);
    this.reason = reason;
    this.status = FILE_TRANSFER_FAILURES[reason].status;
  }
}

/** Wraps a file-system error as `disk-failed` (keeps FileTransferErrors as they are). */
export function diskFailure(what: string, error: unknown): FileTransferError {
  if (error instanceof FileTransferError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new FileTransferError('disk-failed', `${what}: ${detail}`, { cause: error });
}
