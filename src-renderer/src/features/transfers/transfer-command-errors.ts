import type { ClientError } from '../../bridge/client-result';

/** The transfer commands the UI sends, named for the words each failure needs. */
export type TransferCommand = 'send' | 'accept' | 'decline' | 'cancel' | 'retry' | 'reveal' | 'open';

/** A failed transfer command in words that say what to do next, chosen by `error.code` (never by the message text). */
export function transferCommandError(command: TransferCommand, error: ClientError): string {
  switch (error.code) {
    case 'disconnected':
      return 'Parley lost the connection to its core and is reconnecting. Try again in a moment.';
    case 'not-found':
      if (command === 'reveal' || command === 'open') {
        return 'Parley will not show or open this file: it is no longer the file Parley received (moved, renamed, deleted or changed). Look for it in your downloads folder.';
      }
      return command === 'send' ? 'That file or account does not exist: check the path and the account.' : 'This transfer is no longer known.';
    case 'conflict':
      if (command === 'open' && error.field === 'executable') {
        return 'Parley does not open programs or scripts received from the network. Use “Show in folder” if you trust the sender and know what it is.';
      }
      if (command === 'retry') return `This transfer cannot go again: ${error.message}`;
      return command === 'send' ? 'That file cannot be sent right now; try again in a moment.' : 'This transfer has already moved on; look at its current state.';
    case 'unavailable':
      return command === 'send'
        ? `The file cannot be sent: ${error.message} Check that the account is on and registered.`
        : `Parley cannot do that right now: ${error.message}`;
    case 'invalid-argument':
      if (command === 'send' && error.field === 'path') return `Enter the full path of a file, such as /home/you/report.pdf (${error.message})`;
      if (command === 'send' && error.field === 'target') return 'Enter an address such as bob@example.com.';
      return `Parley refused that request: ${error.message}`;
    default:
      return `Something went wrong inside Parley (${error.message}). Try again; if it keeps happening, restart Parley.`;
  }
}

/** The paths typed into "Send file by path": one per line, blank lines and surrounding spaces ignored. */
export function parsePathList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Why a typed path cannot be a local absolute path (checked again by main); null when it may be one. */
export function pathProblem(path: string): string | null {
  if (/[\u0000-\u001F\u007F]/.test(path)) return 'A path has no control characters.';
  const absolute = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
  return absolute ? null : `“${path}” is not a full path: start it with / (or a drive letter on Windows).`;
}
