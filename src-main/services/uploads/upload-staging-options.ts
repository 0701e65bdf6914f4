import type { AccountId, TransferView } from '../../../src-shared';
import type { Disposable, Logger } from '../../common';

/** 8 GiB: a generous file for a desktop client, and a bound on what one page can make us write. */
export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 * 1024 * 1024;
/** Uploads taking bytes at once (several windows, several files dropped together). */
export const DEFAULT_MAX_OPEN_UPLOADS = 8;
/** An upload that received no chunk for this long is given up: the page went away without `uploadAbort`. */
export const DEFAULT_UPLOAD_IDLE_MS = 5 * 60 * 1000;

/**
 * The part of `TransferService` the staging needs: send a file by path, and hear when that transfer ends
 * (so its staged copy can go). A port rather than the class, so tests drive it with a small fake.
 */
export interface UploadTransfers {
  send(accountId: AccountId, target: string, path: string): Promise<TransferView>;
  on(name: 'changed', listener: (view: TransferView) => void): Disposable;
}

/** What `createParleyCore({ uploads })` lets an adapter or a test choose. */
export interface UploadLimits {
  /** Uploads announced larger than this are refused at `begin`. Default 8 GiB. */
  readonly maxFileSize?: number;
  /** `begin` is refused while this many uploads are still taking bytes. Default 8. */
  readonly maxOpenUploads?: number;
  /** An upload with no chunk for this long is aborted and deleted. Default 5 minutes. */
  readonly idleTimeoutMs?: number;
  /** The most bytes per chunk told to the page (at most `UPLOAD_CHUNK_MAX_BYTES`, which the IPC schema enforces). */
  readonly chunkBytes?: number;
}

export interface UploadStagingOptions extends UploadLimits {
  /** Staged files live in `<profileDir>/uploads/<uploadId>/<safe name>`. */
  readonly profileDir: string;
  readonly transfers: UploadTransfers;
  readonly logger: Logger;
}
