import { useState } from 'react';
import type { MediaStreamView, SessionView } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import type { ClientResult } from '../../bridge/client-result';
import { sessionCommandError } from '../sessions/session-command-errors';
import { awaitsConfirmation, desktopStreamWords } from './desktop-words';

interface SharingIndicatorProps {
  readonly view: SessionView;
  readonly stream: MediaStreamView;
  readonly peer: string;
}

/**
 * Our screen and the peer: while they ask to view it, Allow / Decline; while it is shared, a "Sharing your
 * screen" banner that cannot be missed, with Stop (removes the stream; the VNC server stops with it).
 */
export function SharingIndicator({ view, stream, peer }: SharingIndicatorProps) {
  const commands = useCommands();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const asking = awaitsConfirmation(stream);

  async function run(action: Promise<ClientResult<unknown>>, failed: (result: Extract<ClientResult<unknown>, { ok: false }>) => string): Promise<void> {
    setPending(true);
    const result = await action;
    setPending(false);
    setError(result.ok ? null : failed(result));
  }
  const remove = (): void => void run(commands.invoke('sessions.removeStream', view.id, stream.id), (result) => sessionCommandError('removeStream', result.error));

  return (
    <section
      className={asking ? 'sharing-indicator sharing-request' : 'sharing-indicator'}
      role={asking ? 'alert' : 'status'}
      aria-label={asking ? 'Request to view your screen' : 'Sharing your screen'}
      data-testid={asking ? 'sharing-request' : 'sharing-indicator'}
      data-stream-id={stream.id}
      data-phase={stream.desktop?.phase}
    >
      <strong data-testid="sharing-words">{asking ? desktopStreamWords(stream, peer) : 'Sharing your screen'}</strong>
      {asking ? <span> Nothing is shared until you allow it.</span> : <span data-testid="sharing-detail"> {desktopStreamWords(stream, peer)}</span>}
      <div className="form-actions">
        {asking ? (
          <>
            <button
              type="button"
              className="primary"
              disabled={pending}
              onClick={() => void run(commands.invoke('desktop.allowSharing', stream.id), (result) => allowError(result.error.code, result.error.message))}
              data-testid="allow-sharing"
            >
              Allow {peer} to view
            </button>
            <button type="button" disabled={pending} onClick={remove} data-testid="decline-sharing">
              Decline
            </button>
          </>
        ) : (
          <button type="button" className="danger" disabled={pending} onClick={remove} data-testid="stop-sharing">
            Stop sharing
          </button>
        )}
      </div>
      <p className="action-error" role="alert" data-testid="sharing-error">
        {error ?? ''}
      </p>
    </section>
  );
}

function allowError(code: string, message: string): string {
  switch (code) {
    case 'disconnected':
      return 'Parley lost the connection to its core and is reconnecting. Try again in a moment.';
    case 'not-found':
      return 'That request is over: the other side withdrew it or the session ended.';
    default:
      return `Your screen could not be shared: ${message}`;
  }
}
