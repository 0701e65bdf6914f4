import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TransferView } from '../../../src-shared';
import { ConflictError, NotFoundError } from '../errors';
import { assertInsideDownloads, FileTransferError, sha1Value } from '../file-transfer';
import { executableReason } from './executable-file';

/** Which file on disk a received file is: device, inode, size and modification time (nanoseconds), as text. */
export interface ReceivedFileIdentity {
  readonly dev: string;
  readonly ino: string;
  readonly size: string;
  readonly mtimeNs: string;
}

export interface CheckedReceivedFile {
  readonly path: string;
  readonly identity: ReceivedFileIdentity;
  /** Why it must not be opened (a program or script), when `inspectExecutable` was asked; else null. */
  readonly executable: string | null;
}

export interface ReceivedFileCheckOptions {
  /** The identity taken when the transfer completed; without one (after a restart) the SHA-1 is checked instead. */
  readonly known?: ReceivedFileIdentity | undefined;
  /** Also look for a program or script (extension, execute bits, first bytes). */
  readonly inspectExecutable?: boolean;
}

/** O_NOFOLLOW where the platform has it: the final name must not be a symbolic link. */
const READ_NO_FOLLOW = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Before a received file is shown or opened: the transfer is a completed incoming one, its path is still a
 * direct child of the real downloads folder and a regular file (not a symlink), and it is still the file
 * Parley wrote: the same identity as at completion, or (no identity known) the same size and SHA-1 as the
 * verified transfer. Anything else is `not-found`, in words for the user.
 */
export async function checkReceivedFile(view: TransferView, downloadsFolder: string, options: ReceivedFileCheckOptions = {}): Promise<CheckedReceivedFile> {
  const path = view.path;
  if (view.direction !== 'incoming' || view.state !== 'completed' || path === null) {
    throw new ConflictError('Only a received file that arrived completely can be shown or opened.');
  }
  const name = basename(path);
  const moved = () => new NotFoundError(`${name} is no longer where Parley saved it: it was moved, renamed or deleted.`);
  let realFolder: string;
  try {
    realFolder = await realpath(downloadsFolder);
    await assertInsideDownloads(realFolder, path);
  } catch (error) {
    if (error instanceof FileTransferError || (error as NodeJS.ErrnoException).code !== undefined) throw moved();
    throw error;
  }
  let handle: FileHandle;
  try {
    handle = await open(path, READ_NO_FOLLOW);
  } catch {
    throw moved();
  }
  try {
    const info = await handle.stat({ bigint: true });
    const expectedSize = view.size ?? view.bytes;
    const changed = new NotFoundError(`${name} has changed since Parley received it.`);
    if (!info.isFile()) throw moved();
    if (info.size !== BigInt(expectedSize)) throw changed;
    const identity: ReceivedFileIdentity = { dev: String(info.dev), ino: String(info.ino), size: String(info.size), mtimeNs: String(info.mtimeNs) };
    // The name still leads to the file we opened (not swapped for another between the checks).
    const named = await lstat(path, { bigint: true }).catch(() => undefined);
    if (named === undefined || named.isSymbolicLink() || named.dev !== info.dev || named.ino !== info.ino) throw moved();
    if (options.known !== undefined) {
      if (!sameIdentity(options.known, identity)) throw changed;
    } else {
      if (view.hash === null || (await hashOpenFile(handle)) !== view.hash.toUpperCase()) throw changed;
    }
    const executable = options.inspectExecutable === true ? await executableReason(name, Number(info.mode), handle) : null;
    return { path, identity, executable };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The identity of a file just received (taken when the transfer completes); undefined when it cannot be read. */
export async function identifyReceivedFile(path: string): Promise<ReceivedFileIdentity | undefined> {
  try {
    const info = await lstat(path, { bigint: true });
    if (!info.isFile()) return undefined;
    return { dev: String(info.dev), ino: String(info.ino), size: String(info.size), mtimeNs: String(info.mtimeNs) };
  } catch {
    return undefined;
  }
}

function sameIdentity(a: ReceivedFileIdentity, b: ReceivedFileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

async function hashOpenFile(handle: FileHandle): Promise<string> {
  const hash = createHash('sha1');
  const block = Buffer.allocUnsafe(1024 * 1024);
  for (let position = 0; ; ) {
    const { bytesRead } = await handle.read(block, 0, block.length, position);
    if (bytesRead === 0) break;
    hash.update(block.subarray(0, bytesRead));
    position += bytesRead;
  }
  return sha1Value(hash);
}
