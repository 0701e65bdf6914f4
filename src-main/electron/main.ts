/**
 * The Electron main entry (bundled to out/main/index.js, ESM). The only file that imports the `electron`
 * module's values; everything below receives them as parameters.
 */
import * as electron from 'electron';
import { join } from 'node:path';
import { startShell } from './shell';

const here = import.meta.dirname;

startShell(electron, {
  preloadPath: join(here, '../preload/preload.cjs'),
  indexHtmlPath: join(here, '../renderer/index.html'),
}).catch((error: unknown) => {
  process.stderr.write(`Parley could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  electron.app.exit(1);
});
