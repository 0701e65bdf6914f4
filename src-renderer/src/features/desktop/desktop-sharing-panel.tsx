import type { SessionView } from '../../../../src-shared';
import { peerName } from '../../stores/session-selectors';
import { DesktopActions } from './desktop-actions';
import { DesktopViewer } from './desktop-viewer';
import { awaitsConfirmation, isSharing, isViewable } from './desktop-words';
import { SharingIndicator } from './sharing-indicator';
import './desktop.css';

/**
 * Desktop sharing in the session pane: the requests to view or share, the peer's screen while we view it,
 * and the indicator (or the request to allow) while they view ours.
 */
export function DesktopSharingPanel({ view }: { view: SessionView }) {
  const peer = peerName(view);
  const ours = view.streams.filter((stream) => isSharing(stream) || awaitsConfirmation(stream));
  const theirs = view.streams.filter(isViewable);
  return (
    <div className="desktop-sharing" data-testid="desktop-sharing">
      {ours.map((stream) => (
        <SharingIndicator key={stream.id} view={view} stream={stream} peer={peer} />
      ))}
      {theirs.map((stream) => (
        <DesktopViewer key={stream.id} stream={stream} peer={peer} />
      ))}
      <DesktopActions view={view} peer={peer} />
    </div>
  );
}
