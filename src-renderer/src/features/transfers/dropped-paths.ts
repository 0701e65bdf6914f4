import type { FilePathReader } from '../../bridge/local-file-path';
import { parsePathList, pathProblem } from './transfer-command-errors';

/** What a drop gave: full paths Parley can send, and the names of files whose place it cannot learn. */
export interface DroppedItems {
  readonly paths: readonly string[];
  readonly unplaced: readonly string[];
}

/**
 * Paths from a drop's text: `file://` URIs of a `text/uri-list` (RFC 2483: one per line, `#` lines are
 * comments) and plain text lines that are absolute paths. Other URIs (http, …) are not local files.
 */
export function pathsFromDropText(uriList: string, plainText: string): string[] {
  const paths: string[] = [];
  for (const line of parsePathList(uriList)) {
    if (line.startsWith('#')) continue;
    const path = filePathOfUri(line);
    if (path !== null) paths.push(path);
  }
  if (paths.length === 0) {
    for (const line of parsePathList(plainText)) {
      const path = line.startsWith('file:') ? filePathOfUri(line) : line;
      if (path !== null && pathProblem(path) === null) paths.push(path);
    }
  }
  return [...new Set(paths)];
}

/** `file:///home/a%20b.txt` → `/home/a b.txt`; a Windows `file:///C:/x` → `C:/x`; anything else → null. */
export function filePathOfUri(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1);
  return pathProblem(path) === null ? path : null;
}

/**
 * Sorts a drop into paths and unplaced file names. A browser page (web mode) sees a dropped file's bytes and
 * name but not where it lies, so such files can only be named back to the user; text and URI drops (a path
 * dragged from a terminal or a file manager's location bar) carry paths. In the desktop app `pathOf` (the
 * preload's pathForFile) gives dropped files their paths.
 */
export function readDrop<F extends { readonly name: string; readonly size: number }>(
  data: Pick<DataTransfer, 'getData'> & { readonly files: ArrayLike<F> },
  pathOf?: FilePathReader,
): DroppedItems {
  if (pathOf !== undefined && data.files.length > 0) return placeFiles(Array.from(data.files), pathOf);
  const paths = pathsFromDropText(data.getData('text/uri-list'), data.getData('text/plain'));
  const unplaced = paths.length > 0 ? [] : Array.from(data.files, (file) => file.name);
  return { paths, unplaced };
}

/** Dropped or picked files with their paths from `pathOf`; a file without one (or not a full path) is named back. */
export function placeFiles(files: readonly { readonly name: string; readonly size: number }[], pathOf: FilePathReader): DroppedItems {
  const paths: string[] = [];
  const unplaced: string[] = [];
  for (const file of files) {
    const path = pathOf(file);
    if (path !== null && pathProblem(path) === null) paths.push(path);
    else unplaced.push(file.name);
  }
  return { paths: [...new Set(paths)], unplaced };
}

/** What to tell the user about files whose place could not be learned; null when there were none. */
export function unplacedNote(unplaced: DroppedItems['unplaced'], desktop: boolean): string | null {
  if (unplaced.length === 0) return null;
  const names = `${unplaced.join(', ')} ${unplaced.length === 1 ? 'is' : 'are'}`;
  return desktop
    ? `Parley cannot tell where ${names} stored (not a file on this computer). Choose the file or type its full path instead.`
    : `Parley cannot see where ${names} stored from this window. Type the full path instead, or drag the path itself (from a terminal or the file manager’s location bar).`;
}
