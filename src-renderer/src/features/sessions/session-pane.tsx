import { useEffect, useRef, useState } from 'react';
import type { SessionId } from '../../../../src-shared';
import { useCommands, useSessionsMirror } from '../../bridge/bridge-context';
import type { ClientResult } from '../../bridge/client-result';
import { canEnd, peerAddress, peerName } from '../../stores/session-selectors';
import { DesktopSharingPanel } from '../desktop/desktop-sharing-panel';
import { ChatPanel } from './chat-panel';
import { sessionCommandError, type SessionCommand } from './session-command-errors';
import { describeSession } from './session-status';
import { SessionStreams } from './session-streams';
import { SendFileAction } from '../transfers/send-file-action';

/**
 * One session: who, its state (and how it ended), its streams, the chat, and End. Escape does nothing
 * here on purpose: ending a conversation takes the button, never a stray key.
 */
export function SessionPane({ id }: { id: SessionId }) {
  const view = useSessionsMirror((state) => state.sessions.find((session) => session.id === id));
  const commands = useCommands();
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // A session just opened or chosen: move focus to its name, so keyboard and screen reader users land here.
  useEffect(() => heading.current?.focus(), []);

  async function run(command: SessionCommand, action: Promise<ClientResult<unknown>>): Promise<void> {
    const result = await action;
    setError(result.ok ? null : sessionCommandError(command, result.error));
  }

  if (view === undefined) {
    return (
      <section className="pane-section" aria-busy="true" data-testid="session-pane">
        <h1 ref={heading} tabIndex={-1}>
          Opening the session…
        </h1>
      </section>
    );
  }
  const status = describeSession(view);
  const peer = peerName(view);
  const endLabel = view.state === 'calling' || view.state === 'null' ? 'Cancel' : 'End';
  return (
    <section className="pane-section session-pane" aria-labelledby="session-heading" data-testid="session-pane" data-session-id={view.id}>
      <header className="session-header">
        <div>
          <h1 id="session-heading" ref={heading} tabIndex={-1}>
            {peer}
          </h1>
          <p className="muted">
            {peerAddress(view)} · {view.direction === 'incoming' ? 'called you' : 'you called'} · via {view.localUri.replace(/^sips?:/i, '')}
          </p>
        </div>
        {canEnd(view) ? (
          <button type="button" className="danger" onClick={() => void run('end', commands.invoke('sessions.end', view.id))} data-testid="end-session">
            {endLabel} session
          </button>
        ) : null}
      </header>
      <div className="session-status" data-phase={status.phase} data-testid="session-status" role="status">
        <strong data-testid="session-state">{status.label}</strong>
        {status.detail === null ? null : <span data-testid="session-detail"> {status.detail}</span>}
      </div>
      <p className="action-error" role="alert" data-testid="session-error">
        {error ?? ''}
      </p>
      <SessionStreams view={view} onRun={(command, action) => void run(command, action)} />
      <DesktopSharingPanel view={view} />
      <ChatPanel view={view} />
      {view.state === 'established' ? <SendFileAction view={view} /> : null}
    </section>
  );
}
