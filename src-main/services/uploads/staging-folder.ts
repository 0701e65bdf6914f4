import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { invariant, StorageError } from '../errors';

/** `<profile>/uploads`: one private folder per upload, each holding the one staged file. */
export const UPLOADS_FOLDER = 'uploads';

/** Upload ids are ours (UUIDs); anything else under the folder is not ours to touch one by one. */
const UPLOAD_DIR_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function uploadsFolderOf(profileDir: string): string {
  return join(profileDir, UPLOADS_FOLDER);
}

/**
 * Empties the staging folder at startup. Whatever is in it was left by an earlier run (a crash mid-upload, or a
 * quit before its transfer ended): no upload survives a restart, so none of it can still be wanted. Returns
 * how many entries were removed. The folder is created private (0700) when missing.
 */
export async function sweepUploadsFolder(root: string): Promise<number> {
  let leftovers = 0;
  try {
    leftovers = (await readdir(root)).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StorageError('The uploads folder could not be read.', error);
  }
  try {
    // rm does not follow a symlink planted as `uploads`: it removes the link itself.
    if (leftovers > 0) await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StorageError('The uploads folder could not be cleaned.', error);
  }
  return leftovers;
}

export interface CreatedUploadFile {
  readonly dir: string;
  readonly path: string;
  readonly handle: FileHandle;
}

/**
 * Creates `<root>/<id>/<safeName>` for writing: the folder with mkdir (not recursive, so an existing one is
 * an error, never shared) and the file with O_CREAT|O_EXCL (never an existing file, never through a symlink),
 * both readable only by us: the bytes are the user's and the profile may sit on a shared machine.
 * `safeName` must come from `safeDownloadName` (no separators, not `.` or `..`).
 */
export async function createUploadFile(root: string, id: string, safeName: string): Promise<CreatedUploadFile> {
  invariant(UPLOAD_DIR_NAME.test(id), 'an upload id is a plain folder name');
  const dir = join(root, id);
  const path = join(dir, safeName);
  // A name that could leave the folder is a bug in the sanitizer, not bad input: stop before creating anything.
  invariant(dirname(path) === dir && basename(path) === safeName, 'a staged file name stays inside its upload folder');
  try {
    await mkdir(root, { recursive: true, mode: 0o700 });
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    throw new StorageError('The upload could not be staged in the profile.', error);
  }
  try {
    return { dir, path, handle: await open(path, 'wx', 0o600) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw new StorageError('The upload could not be staged in the profile.', error);
  }
}

/** Deletes one upload's folder and its file; only a direct child of `root` named like an upload id. */
export async function removeUploadFolder(root: string, dir: string): Promise<void> {
  invariant(dirname(dir) === root && UPLOAD_DIR_NAME.test(basename(dir)), 'only an upload folder is removed');
  await rm(dir, { recursive: true, force: true });
}
