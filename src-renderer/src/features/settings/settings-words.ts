import { DISCONNECTED_MESSAGE, type ClientError } from '../../bridge/client-result';
import type { LogLevelName } from '../../../../src-shared';

/** Each log level in words, for the select. */
export const LOG_LEVEL_WORDS: { readonly [L in LogLevelName]: string } = {
  trace: 'Trace (everything, very verbose)',
  debug: 'Debug',
  info: 'Info (default)',
  warn: 'Warnings',
  error: 'Errors only',
};

/** What went wrong with a settings command, in words chosen by its code (never by the message text). */
export function settingsErrorWords(error: ClientError, action: 'load' | 'save' | 'reveal'): string {
  switch (error.code) {
    case 'disconnected':
      return DISCONNECTED_MESSAGE;
    case 'storage-failed':
      return 'The setting could not be saved to the profile folder. Check that the disk is not full or read-only, then try again.';
    case 'unavailable':
      return action === 'reveal' ? 'Parley writes no log files in this mode.' : 'Parley is shutting down; try again after it restarts.';
    default:
      return action === 'load' ? `The current setting could not be read (${error.code}).` : `That did not work (${error.code}). Try again.`;
  }
}
