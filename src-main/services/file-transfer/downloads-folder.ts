import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import { basename, dirname, extname, join, sep } from 'node:path';
import { diskFailure, FileTransferError } from './file-transfer-error';

/**
 * Where received files may be created. The folder itself is resolved once with realpath (a downloads
 * folder that is a symlink to another disk is the user's choice); everything created in it must resolve
 * to a direct child of that real folder, so a symlink planted inside cannot redirect a write elsewhere.
 */
export async function resolveDownloadsFolder(folder: string): Promise<string> {
  try {
    await mkdir(folder, { recursive: true });
    return await realpath(folder);
  } catch (error) {
    throw diskFailure(`downloads folder ${folder} is unusable`, error);
  }
}

/**
 * Refuses `path` unless it is a direct child of the real downloads folder and not a symlink. Run it on
 * every path the transfer code is about to write, rename or delete (the registry file can be edited).
 */
export async function assertInsideDownloads(realFolder: string, path: string): Promise<void> {
  let parent: string;
  try {
    parent = await realpath(dirname(path));
  } catch (error) {
    throw new FileTransferError('unsafe-path', `${basename(path)} is not in the downloads folder`, { cause: error });
  }
  const name = basename(path);
  if (parent !== realFolder || name === '' || name === '.' || name === '..' || name.includes(sep)) {
    throw new FileTransferError('unsafe-path', `${name} is not in the downloads folder`);
  }
  try {
    if ((await lstat(path)).isSymbolicLink()) throw new FileTransferError('unsafe-path', `${name} is a symbolic link`);
  } catch (error) {
    if (error instanceof FileTransferError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw diskFailure(`cannot inspect ${name}`, error);
  }
}

/** `name (n).ext` for the n-th alternative of `name` (`archive.tar.gz` → `archive (1).tar.gz`). */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const compound = /\.tar\.(gz|bz2|xz|zst)$/i.exec(name);
  const extension = compound !== null && compound.index > 0 ? compound[0] : extname(name);
  const stem = name.slice(0, name.length - extension.length);
  return `${stem} (${n})${extension}`;
}

/**
 * Claims a name that does not exist yet in `realFolder` (a resolved downloads folder) by creating an empty
 * file with O_CREAT|O_EXCL: two transfers of `a.txt` at once get `a.txt` and `a (1).txt`, never the same
 * file, and an existing file or symlink under a name is skipped, never followed or overwritten.
 * `name` must already be safe (`safeDownloadName`). Returns the claimed path.
 */
export async function uniqueDownloadPath(realFolder: string, name: string, maxAttempts = 10_000): Promise<string> {
  if (name.length === 0 || name.includes('/') || name.includes('\\') || name === '.' || name === '..') {
    throw new FileTransferError('unsafe-path', `${JSON.stringify(name)} is not a plain file name`);
  }
  for (let n = 0; n < maxAttempts; n++) {
    const path = join(realFolder, numberedName(name, n));
    try {
      const handle = await open(path, 'wx', 0o644);
      await handle.close();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw diskFailure(`cannot create ${basename(path)}`, error);
    }
    await assertInsideDownloads(realFolder, path);
    return path;
  }
  throw new FileTransferError('disk-failed', `no free name for ${name} after ${maxAttempts} attempts`);
}
