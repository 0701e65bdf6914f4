import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { SessionRejectReason, SessionView } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { trapTabKey } from '../../components/focus-trap';
import { peerAddress, peerName } from '../../stores/session-selectors';
import { useUiStore } from '../../stores/ui-store';
import { desktopOfferWords } from '../desktop/desktop-words';
import { sessionCommandError } from './session-command-errors';
import { streamName } from './session-status';

/** One-key answers while the prompt has focus (it is modal, so no text box can be typing them). */
export const INCOMING_SHORTCUTS = { a: 'accept', b: 'busy', d: 'decline' } as const;
type Answer = (typeof INCOMING_SHORTCUTS)[keyof typeof INCOMING_SHORTCUTS];

/** The heading of the session pane (session-pane.tsx), which takes focus once a session is accepted. */
const SESSION_HEADING = '[data-testid="session-pane"] h1';

interface IncomingSessionDialogProps {
  readonly view: SessionView;
  readonly waitingBehind: number;
}

/**
 * A modal alert dialog (native <dialog>: focus stays inside, the rest of the page is inert) announcing the
 * caller and the offered streams. Accept (A, or Enter on the focused button), Busy (B: 486 Busy Here),
 * Decline (D: 603 Decline). Escape does not dismiss it: an unanswered call must not vanish by accident.
 */
export function IncomingSessionDialog({ view, waitingBehind }: IncomingSessionDialogProps) {
  const commands = useCommands();
  const showSession = useUiStore((state) => state.showSession);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const accepted = useRef(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const peer = peerName(view);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    acceptRef.current?.focus();
    return () => {
      dialog.close();
      // Accepted: the session's pane opened behind the modal, which kept focus from reaching it; hand it
      // over now. Otherwise go back to where the user was.
      if (accepted.current) requestAnimationFrame(() => document.querySelector<HTMLElement>(SESSION_HEADING)?.focus());
      else if (before?.isConnected === true) before.focus();
    };
  }, []);

  async function answer(choice: Answer): Promise<void> {
    if (pending) return;
    setPending(true);
    if (choice === 'accept') {
      accepted.current = true;
      showSession(view.id);
    }
    const result =
      choice === 'accept'
        ? await commands.invoke('sessions.accept', view.id)
        : await commands.invoke('sessions.reject', view.id, choice satisfies SessionRejectReason);
    setPending(false);
    if (!result.ok) {
      accepted.current = false;
      setError(sessionCommandError(choice === 'accept' ? 'accept' : 'reject', result.error));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>): void {
    trapTabKey(event, dialogRef.current);
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    const key = event.key.toLowerCase();
    if (!Object.hasOwn(INCOMING_SHORTCUTS, key)) return;
    event.preventDefault();
    void answer(INCOMING_SHORTCUTS[key as keyof typeof INCOMING_SHORTCUTS]);
  }

  const offered = view.offeredStreamTypes.map(streamName).join(', ');
  const desktopOffer = desktopOfferWords(view, peer);
  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog incoming-dialog"
      role="alertdialog"
      aria-labelledby="incoming-title"
      aria-describedby="incoming-text"
      data-testid="incoming-prompt"
      data-session-id={view.id}
      onKeyDown={onKeyDown}
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id="incoming-title">Incoming session from {peer}</h2>
      <div id="incoming-text">
        <p data-testid="incoming-caller">
          {peerAddress(view)} wants to start a session with you ({view.localUri.replace(/^sips?:/i, '')}).
        </p>
        <p data-testid="incoming-streams">Offers: {offered === '' ? 'no streams Parley knows' : offered}</p>
        {desktopOffer === null ? null : <p className="incoming-desktop" data-testid="incoming-desktop">{desktopOffer}</p>}
        {waitingBehind > 0 ? <p>{waitingBehind === 1 ? 'One more caller is waiting.' : `${waitingBehind} more callers are waiting.`}</p> : null}
      </div>
      <p className="action-error" role="alert" data-testid="incoming-error">
        {error ?? ''}
      </p>
      <div className="form-actions">
        <button type="button" ref={acceptRef} className="primary" disabled={pending} onClick={() => void answer('accept')} aria-keyshortcuts="A" aria-label="Accept" data-testid="accept-session">
          Accept <kbd>A</kbd>
        </button>
        <button type="button" disabled={pending} onClick={() => void answer('busy')} aria-keyshortcuts="B" aria-label="Reject as busy" data-testid="busy-session">
          Busy <kbd>B</kbd>
        </button>
        <button type="button" className="danger" disabled={pending} onClick={() => void answer('decline')} aria-keyshortcuts="D" aria-label="Decline" data-testid="decline-session">
          Decline <kbd>D</kbd>
        </button>
      </div>
    </dialog>
  );
}
