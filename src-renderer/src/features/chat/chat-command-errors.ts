import type { ClientError } from '../../bridge/client-result';

/** A failed chat or history command in words, chosen by `error.code` (the message text is only quoted). */
export function chatCommandError(action: 'send' | 'search', error: ClientError): string {
  switch (error.code) {
    case 'disconnected':
      return 'Parley lost the connection to its core and is reconnecting. Try again in a moment.';
    case 'unavailable':
      return action === 'send'
        ? 'Not sent: this account cannot send messages now. Turn it on in Accounts and check that it is registered.'
        : 'The message history is not available right now.';
    case 'invalid-argument':
      return action === 'send' ? `Not sent: ${error.message}` : 'Type words to look for.';
    case 'not-found':
      return 'That account no longer exists.';
    default:
      return `Something went wrong inside Parley (${error.message}). Try again.`;
  }
}
