import type { ClientError } from '../../bridge/client-result';

/** The session commands the UI sends, named for the words each failure needs. */
export type SessionCommand = 'connect' | 'accept' | 'reject' | 'end' | 'addStream' | 'removeStream' | 'send';

const RECONNECTING = 'Parley lost the connection to its core and is reconnecting. Try again in a moment.';

/**
 * A failed session command in words that say what to do next, chosen by `error.code` (never by the
 * message text, which is only quoted where it is the useful part).
 */
export function sessionCommandError(command: SessionCommand, error: ClientError): string {
  switch (error.code) {
    case 'disconnected':
      return RECONNECTING;
    case 'not-found':
      return command === 'connect'
        ? 'That account no longer exists: choose another one.'
        : 'This session no longer exists. Start a new one from “New session”.';
    case 'conflict':
      return conflictText(command);
    case 'unavailable':
      return unavailableText(command, error.message);
    case 'invalid-argument':
      return invalidText(command, error);
    default:
      return `Something went wrong inside Parley (${error.message}). Try again; if it keeps happening, restart Parley.`;
  }
}

function conflictText(command: SessionCommand): string {
  switch (command) {
    case 'accept':
    case 'reject':
      return 'This session was already answered or cancelled.';
    case 'addStream':
    case 'removeStream':
      return 'The session is changing its streams or is no longer established. Wait until it shows Established, then try again.';
    default:
      return 'The session changed in the meantime; look at its current state and try again.';
  }
}

function unavailableText(command: SessionCommand, message: string): string {
  switch (command) {
    case 'connect':
      return `The session could not start: ${message} Turn the account on in Accounts (and check that it is registered), then try again.`;
    case 'send':
      return 'The chat is not connected. Wait until the chat stream shows Connected, or add a chat stream, then send again.';
    case 'addStream':
      return `That stream cannot be added: ${message}`;
    default:
      return `Parley cannot do that right now: ${message} Try again in a moment.`;
  }
}

function invalidText(command: SessionCommand, error: ClientError): string {
  if (command === 'connect' && error.field === 'target') return 'Enter an address such as bob@example.com or sip:bob@example.com.';
  if (command === 'connect' && error.field === 'streamTypes') return 'Choose at least one kind of stream, such as chat.';
  if (command === 'send') return `This message cannot be sent: ${error.message} Change it and send again.`;
  return `Parley refused that request: ${error.message}`;
}
