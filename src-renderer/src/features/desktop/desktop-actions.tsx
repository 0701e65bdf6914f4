import { useState } from 'react';
import type { DesktopRole, SessionView } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { canChangeStreams } from '../../stores/session-selectors';
import { sessionCommandError } from '../sessions/session-command-errors';
import { isSharing, isViewable } from './desktop-words';

/**
 * "Request to view their screen" and "Share my screen" in an established session: a desktop-sharing stream
 * added by re-INVITE (RFC 3264 §8) with our role. Hidden while such a stream already runs that way.
 */
export function DesktopActions({ view, peer }: { view: SessionView; peer: string }) {
  const commands = useCommands();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!canChangeStreams(view)) return null;
  const viewing = view.streams.some(isViewable);
  const sharing = view.streams.some(isSharing);

  async function request(role: DesktopRole): Promise<void> {
    setPending(true);
    const result = await commands.invoke('sessions.addStream', view.id, 'desktop-sharing', { desktopRole: role });
    setPending(false);
    setError(result.ok ? null : sessionCommandError('addStream', result.error));
  }

  return (
    <div className="desktop-actions" data-testid="desktop-actions">
      {viewing ? null : (
        <button type="button" disabled={pending} onClick={() => void request('viewer')} data-testid="request-view">
          Request to view {peer}’s screen
        </button>
      )}
      {sharing ? null : (
        <button type="button" disabled={pending} onClick={() => void request('server')} data-testid="share-screen">
          Share my screen
        </button>
      )}
      <p className="action-error" role="alert" data-testid="desktop-action-error">
        {error ?? ''}
      </p>
    </div>
  );
}
