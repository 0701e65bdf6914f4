import { open, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * A file name from the network made safe to create inside a folder: the last path component only, no
 * control or reserved characters, no leading dots (no hidden files, no `..`), bounded length. A name that
 * is empty after that becomes `fallback`.
 */
export function safeFileName(name: string | undefined, fallback: string): string {
  const last = basename((name ?? '').replaceAll('\\', '/'));
  const cleaned = last
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 200);
  return cleaned.length > 0 ? cleaned : fallback;
}

/** Creates `name` in `dir` without overwriting anything: `name`, then `name-1`, `name-2` … before the extension. */
export async function createUniqueFile(dir: string, name: string): Promise<{ path: string; handle: FileHandle }> {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  for (let attempt = 0; attempt < 1000; attempt++) {
    const path = join(dir, attempt === 0 ? name : `${stem}-${attempt}${extension}`);
    try {
      return { path, handle: await open(path, 'wx') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`no free file name for ${name} in ${dir}`);
}
