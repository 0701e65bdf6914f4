import { randomUUID } from 'node:crypto';
import { UPLOAD_CHUNK_MAX_BYTES, type AccountId, type TransferView, type UploadId, type UploadProgress, type UploadStart } from '../../../src-shared';
import type { Disposable, Logger } from '../../common';
import { ConflictError, InvalidArgumentError, NotFoundError, UnavailableError } from '../errors';
import { safeDownloadName } from '../file-transfer';
import { isFinalTransferState } from '../transfers';
import { StagedUpload } from './staged-upload';
import { createUploadFile, removeUploadFolder, sweepUploadsFolder, uploadsFolderOf } from './staging-folder';
import {
  DEFAULT_MAX_OPEN_UPLOADS,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_UPLOAD_IDLE_MS,
  type UploadStagingOptions,
  type UploadTransfers,
} from './upload-staging-options';

/** receiving: taking chunks; sent: handed to `transfers.send`, then waiting for its transfer to end. */
type UploadPhase = 'receiving' | 'sent';

interface Entry {
  readonly upload: StagedUpload;
  phase: UploadPhase;
  /** Set once the upload is given up: its file is being closed and deleted. */
  removal?: Promise<void>;
}

/**
 * Web mode's files (bytes in the page, no path): staged in `<profile>/uploads/<id>/<safe name>` through
 * `begin` → `chunk`… → `send`, then sent by path as any other file. A staged copy lives exactly as long as it
 * is needed: until `abort`, an idle timeout, a failed write or send, or the final state of its transfer
 * (completed, failed, declined, cancelled). Leftovers of a crash are swept at startup.
 */
export class UploadStaging implements Disposable {
  readonly #root: string;
  readonly #transfers: UploadTransfers;
  readonly #logger: Logger;
  readonly #maxFileSize: number;
  readonly #maxOpen: number;
  readonly #idleMs: number;
  readonly #chunkBytes: number;
  readonly #entries = new Map<UploadId, Entry>();
  /** Uploads handed to a transfer, by staged path: how a transfer's final event finds its staged copy. */
  readonly #byPath = new Map<string, Entry>();
  /** `begin`s between their limit check and their entry: they count against the limit too. */
  #opening = 0;
  readonly #removals = new Set<Promise<void>>();
  readonly #subscription: Disposable;
  #disposed: Promise<void> | undefined;

  private constructor(options: UploadStagingOptions) {
    this.#root = uploadsFolderOf(options.profileDir);
    this.#transfers = options.transfers;
    this.#logger = options.logger;
    this.#maxFileSize = options.maxFileSize ?? DEFAULT_MAX_UPLOAD_BYTES;
    this.#maxOpen = options.maxOpenUploads ?? DEFAULT_MAX_OPEN_UPLOADS;
    this.#idleMs = options.idleTimeoutMs ?? DEFAULT_UPLOAD_IDLE_MS;
    this.#chunkBytes = Math.min(Math.max(1, options.chunkBytes ?? UPLOAD_CHUNK_MAX_BYTES), UPLOAD_CHUNK_MAX_BYTES);
    this.#subscription = options.transfers.on('changed', (view) => this.#onTransferChanged(view));
  }

  /** Sweeps what an earlier run left in `<profile>/uploads`; a folder that cannot be cleaned is logged, not fatal. */
  static async open(options: UploadStagingOptions): Promise<UploadStaging> {
    try {
      const removed = await sweepUploadsFolder(uploadsFolderOf(options.profileDir));
      if (removed > 0) options.logger.info('Removed uploads left by an earlier run', { count: removed });
    } catch (error) {
      options.logger.warn('Could not clean the uploads folder', { error: describe(error) });
    }
    return new UploadStaging(options);
  }

  /** Opens a staging file for `size` bytes under a safe version of `name`. */
  async begin(name: string, size: number): Promise<UploadStart> {
    this.#assertRunning();
    if (!Number.isSafeInteger(size) || size < 0) throw new InvalidArgumentError('The file size must be a whole number of bytes.', 'size');
    if (size > this.#maxFileSize) {
      throw new InvalidArgumentError(`The file is ${size} bytes; files up to ${this.#maxFileSize} bytes can be sent from the page.`, 'size');
    }
    if (this.#receivingCount() + this.#opening >= this.#maxOpen) {
      throw new ConflictError(`${this.#maxOpen} uploads are already open: finish or cancel one first.`);
    }
    const id = randomUUID() as UploadId;
    const safeName = safeDownloadName(name);
    this.#opening += 1;
    const created = await createUploadFile(this.#root, id, safeName).finally(() => {
      this.#opening -= 1;
    });
    const upload = new StagedUpload({ id, size, ...created, chunkBytes: this.#chunkBytes });
    const entry: Entry = { upload, phase: 'receiving' };
    this.#entries.set(id, entry);
    // Shut down while the file was being created: nothing may outlive dispose().
    if (this.#disposed !== undefined) {
      await this.#discard(entry);
      throw new UnavailableError('Parley is shutting down.');
    }
    this.#armIdle(entry);
    this.#logger.info('Upload started', { uploadId: id, size });
    return { id, chunkBytes: this.#chunkBytes };
  }

  /** Writes the next bytes; `offset` must be the bytes accepted so far. A failed write gives the upload up. */
  async chunk(id: UploadId, offset: number, bytes: Uint8Array): Promise<UploadProgress> {
    const entry = this.#receiving(id);
    this.#armIdle(entry);
    try {
      return { received: await entry.upload.append(offset, bytes) };
    } catch (error) {
      if (entry.upload.failed) {
        this.#logger.warn('An upload could not be written', { uploadId: id, error: describe(error) });
        await this.#discard(entry);
      }
      throw error;
    }
  }

  /**
   * Every announced byte is staged: closes the file and sends it by path, so the far end is offered the safe
   * name. The staged copy goes when that transfer ends, or at once if sending refuses it.
   */
  async send(id: UploadId, accountId: AccountId, target: string): Promise<TransferView> {
    const entry = this.#receiving(id);
    const { upload } = entry;
    if (!upload.fullyAccepted) {
      throw new ConflictError(`Only ${upload.written} of ${upload.size} bytes have been received.`, 'id');
    }
    entry.phase = 'sent';
    await upload.close();
    this.#assertRunning();
    // A queued write failed meanwhile (its chunk gave the upload up), or could not have completed.
    if (entry.removal !== undefined || upload.failed || upload.written !== upload.size) {
      await this.#discard(entry);
      throw new ConflictError('The file could not be staged completely; send it again.', 'id');
    }
    // Listed before sending: the transfer may reach its final state before send() returns.
    this.#byPath.set(upload.path, entry);
    let view: TransferView;
    try {
      view = await this.#transfers.send(accountId, target, upload.path);
    } catch (error) {
      await this.#discard(entry);
      throw error;
    }
    // Its transfer ended (its final `changed` came before send() returned) or the core shut down: the copy is going.
    if (entry.removal !== undefined) {
      await entry.removal;
      return view;
    }
    this.#logger.info('Upload handed to its transfer', { uploadId: id, transferId: view.id });
    return view;
  }

  /** Gives up an upload that is still taking bytes and deletes it. */
  async abort(id: UploadId): Promise<null> {
    const entry = this.#receiving(id);
    await this.#discard(entry);
    this.#logger.info('Upload aborted', { uploadId: id });
    return null;
  }

  /** Stops the timers, closes every file and deletes every staged copy (no upload survives a restart). */
  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      this.#subscription.dispose();
      await Promise.all([...this.#entries.values()].map((entry) => this.#discard(entry)));
      await Promise.all([...this.#removals]);
    })();
    return this.#disposed;
  }

  #receiving(id: UploadId): Entry {
    this.#assertRunning();
    const entry = this.#entries.get(id);
    if (entry === undefined) throw new NotFoundError('That upload does not exist (it may have been cancelled or timed out).');
    if (entry.phase !== 'receiving') throw new ConflictError('That upload was already sent; cancel its transfer instead.', 'id');
    return entry;
  }

  #receivingCount(): number {
    let count = 0;
    for (const entry of this.#entries.values()) if (entry.phase === 'receiving') count += 1;
    return count;
  }

  #armIdle(entry: Entry): void {
    entry.upload.restartIdleTimer(this.#idleMs, () => {
      if (entry.phase !== 'receiving' || entry.removal !== undefined) return;
      this.#logger.info('Upload timed out without chunks', { uploadId: entry.upload.id, received: entry.upload.written });
      void this.#discard(entry);
    });
  }

  #onTransferChanged(view: TransferView): void {
    if (view.direction !== 'outgoing' || view.path === null || !isFinalTransferState(view.state)) return;
    const entry = this.#byPath.get(view.path);
    if (entry !== undefined) void this.#discard(entry);
  }

  /** Forgets the upload at once, then closes and deletes its file and folder. Idempotent. */
  #discard(entry: Entry): Promise<void> {
    if (entry.removal !== undefined) return entry.removal;
    const { upload } = entry;
    this.#entries.delete(upload.id);
    this.#byPath.delete(upload.path);
    upload.stopIdleTimer();
    const removal = (async () => {
      await upload.close();
      try {
        await removeUploadFolder(this.#root, upload.dir);
      } catch (error) {
        // Left for the next startup's sweep.
        this.#logger.warn('Could not delete a staged upload', { uploadId: upload.id, error: describe(error) });
      }
    })();
    entry.removal = removal;
    this.#removals.add(removal);
    void removal.finally(() => this.#removals.delete(removal));
    return removal;
  }

  #assertRunning(): void {
    if (this.#disposed !== undefined) throw new UnavailableError('Parley is shutting down.');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
