import type { FilePathReader } from '../../bridge/local-file-path';
import { parsePathList, pathProblem } from './transfer-command-errors';

/**
 * What a drop or a pick gave: full paths Parley can send by path, and the files whose place on disk the page
 * cannot learn (every file in web mode), which are copied into Parley and sent from there.
 */
export interface DroppedItems<F> {
  readonly paths: readonly string[];
  readonly unplaced: readonly F[];
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
 * Sorts a drop into paths and files without one. A browser page (web mode) sees a dropped file's bytes and
 * name but not where it lies; text and URI drops (a path dragged from a terminal or a file manager's
 * location bar) carry paths. In the desktop app `pathOf` (the preload's pathForFile) gives dropped files
 * their paths.
 */
export function readDrop<F extends { readonly name: string; readonly size: number }>(
  data: Pick<DataTransfer, 'getData'> & { readonly files: ArrayLike<F> },
  pathOf?: FilePathReader,
): DroppedItems<F> {
  const files = Array.from(data.files);
  if (files.length > 0) return pathOf === undefined ? { paths: [], unplaced: files } : placeFiles(files, pathOf);
  return { paths: pathsFromDropText(data.getData('text/uri-list'), data.getData('text/plain')), unplaced: [] };
}

/** Dropped or picked files with their paths from `pathOf`; a file without one (or not a full path) stays a file. */
export function placeFiles<F extends { readonly name: string; readonly size: number }>(files: readonly F[], pathOf: FilePathReader): DroppedItems<F> {
  const paths: string[] = [];
  const unplaced: F[] = [];
  for (const file of files) {
    const path = pathOf(file);
    if (path !== null && pathProblem(path) === null) paths.push(path);
    else unplaced.push(file);
  }
  return { paths: [...new Set(paths)], unplaced };
}
