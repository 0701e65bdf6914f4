import type { PageFile } from '../../../src-shared';

/** The full path of a file the user dropped or picked, or null when the page cannot learn it. */
export type FilePathReader = (file: PageFile) => string | null;

/**
 * Desktop only: the preload's `pathForFile` (Electron's webUtils.getPathForFile) as a reader; undefined in
 * web mode, where a page never learns where a chosen file lies and paths are typed instead. The preload
 * gives a path and nothing else; main checks it again when the file is sent.
 */
export function desktopFilePathReader(win: Pick<Window, 'parley'> | undefined = typeof window === 'undefined' ? undefined : window): FilePathReader | undefined {
  const api = win?.parley;
  const pathForFile = api?.pathForFile;
  if (api === undefined || typeof pathForFile !== 'function') return undefined;
  return (file) => {
    const path = pathForFile.call(api, file);
    return typeof path === 'string' && path !== '' ? path : null;
  };
}
