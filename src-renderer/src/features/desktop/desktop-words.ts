import type { DesktopRole, MediaStreamView, SessionView } from '../../../../src-shared';
import type { ViewerState } from './desktop-viewer-session';

/** The viewer's state in words, for its status line. */
export function viewerStatusWords(state: Pick<ViewerState, 'phase' | 'problem' | 'viewOnly'>, peer: string): string {
  switch (state.phase) {
    case 'loading':
      return 'Opening the viewer…';
    case 'connecting':
      return `Connecting to ${peer}’s screen…`;
    case 'connected':
      return state.viewOnly ? `Viewing ${peer}’s screen (view only: your mouse and keyboard stay here)` : `Viewing ${peer}’s screen`;
    case 'ended':
      return 'Viewing ended.';
    case 'failed':
      return `Viewing failed: ${state.problem ?? 'the connection to the remote screen broke.'}`;
  }
}

/** Our side of a desktop-sharing stream in words, for the stream list and the sharing indicator. */
export function desktopStreamWords(stream: MediaStreamView, peer: string): string | null {
  const desktop = stream.desktop;
  if (desktop === undefined) return null;
  if (stream.state === 'failed') return `Screen sharing failed${stream.failure === null ? '' : `: ${stream.failure}`}`;
  if (desktop.role === 'viewer') {
    return stream.state === 'ended' || desktop.phase === 'stopped' ? `No longer viewing ${peer}’s screen` : `${peer}’s screen`;
  }
  switch (desktop.phase) {
    case 'awaiting-confirmation':
      return `${peer} asks to view your screen`;
    case 'starting':
      return 'Starting to share your screen…';
    case 'active':
      return desktop.viewOnly ? `Sharing your screen with ${peer} (view only)` : `Sharing your screen with ${peer}: they can use your mouse and keyboard`;
    case 'stopped':
      return 'Your screen is no longer shared.';
  }
}

/** What an incoming session's desktop offer means for us, for the incoming-session prompt; null without one. */
export function desktopOfferWords(view: Pick<SessionView, 'offeredStreamTypes' | 'offeredDesktopRole'>, peer: string): string | null {
  if (!view.offeredStreamTypes.includes('desktop-sharing')) return null;
  const role: DesktopRole = view.offeredDesktopRole ?? 'viewer';
  return role === 'server'
    ? `${peer} asks to view your screen. Accepting shares it until you press Stop.`
    : `${peer} offers to show you their screen.`;
}

/** Desktop-sharing streams that still matter to the user (live, or just ended with something to say). */
export function desktopStreams(view: SessionView): MediaStreamView[] {
  return view.streams.filter((stream) => stream.type === 'desktop-sharing' && stream.desktop !== undefined);
}

/** A stream that could show a screen now (the viewer needs the MSRP session to be up). */
export function isViewable(stream: MediaStreamView): boolean {
  return stream.desktop?.role === 'viewer' && stream.state === 'started' && stream.desktop.phase !== 'stopped';
}

/** Our screen is being shared, or is about to be: the indicator with Stop shows. */
export function isSharing(stream: MediaStreamView): boolean {
  const desktop = stream.desktop;
  return desktop?.role === 'server' && stream.state !== 'ended' && stream.state !== 'failed' && (desktop.phase === 'starting' || desktop.phase === 'active' || desktop.sharing);
}

/** The peer asked in a re-INVITE to view our screen and nothing is shared until the user allows it. */
export function awaitsConfirmation(stream: MediaStreamView): boolean {
  return stream.desktop?.role === 'server' && stream.desktop.phase === 'awaiting-confirmation' && stream.state !== 'ended' && stream.state !== 'failed';
}
