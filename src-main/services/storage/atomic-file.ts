import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old file or the new one,
 * never a torn mix: write a temp file in the same directory, fsync it, rename it over the target, then
 * fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const mode = options.mode ?? 0o644;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    // The umask may have narrowed `mode` at creation; secrets must end up exactly at `mode`.
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Not every platform lets a directory be opened for fsync (Windows); the rename is done either way.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

/**
 * Moves a file that could not be used to `<path>.corrupt-<timestamp>` so it is never overwritten and the
 * user's data stays recoverable. Returns the new path.
 */
export async function moveAside(path: string, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let attempt = 1; await exists(target); attempt += 1) target = `${path}.corrupt-${stamp}-${attempt}`;
  await rename(path, target);
  return target;
}

/** Narrows a file's permissions to `mode` if any bit beyond it is set (e.g. a secrets file made 0644). */
export async function tightenMode(path: string, mode: number): Promise<boolean> {
  const info = await stat(path);
  if ((info.mode & 0o777 & ~mode) === 0) return false;
  await chmod(path, mode);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
