import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { MediaStreamView } from '../../../../src-shared';
import { useDesktopViewerLink } from '../../bridge/bridge-context';
import { DesktopClipboard } from './desktop-clipboard';
import { desktopViewerFor, type DesktopViewerSession, type ViewerState } from './desktop-viewer-session';
import { viewerStatusWords } from './desktop-words';
import { ViewerToolbar } from './viewer-toolbar';

/** What the panel shows before its viewer exists (first render, static renders in tests). */
const NO_VIEWER = createStore<ViewerState>()(() => ({ phase: 'loading', problem: null, desktopName: null, remoteClipboard: '', viewOnly: false, scaled: true }));

interface DesktopViewerProps {
  readonly stream: MediaStreamView;
  readonly peer: string;
}

/**
 * The remote screen of a desktop-sharing stream in a panel of the session: noVNC's canvas scaled to the
 * panel (default) or at its own size, full screen on request (the panel itself, so the controls stay),
 * view-only, Ctrl+Alt+Del, the clipboard both ways, and the connection state in words.
 */
export function DesktopViewer({ stream, peer }: DesktopViewerProps) {
  const link = useDesktopViewerLink();
  const panel = useRef<HTMLElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<DesktopViewerSession | null>(null);
  const [fullScreen, setFullScreen] = useState(false);
  const state = useStore(session?.store ?? NO_VIEWER);
  const offeredViewOnly = stream.desktop?.viewOnly ?? false;

  // The viewer outlives this panel (see DesktopViewerSession): the panel only lends it a place on the page.
  useEffect(() => {
    const place = host.current;
    if (link === undefined || place === null) return;
    const viewer = desktopViewerFor(stream.id, link, offeredViewOnly);
    place.appendChild(viewer.screen);
    setSession(viewer);
    return () => viewer.screen.remove();
  }, [link, stream.id, offeredViewOnly]);

  useEffect(() => {
    const onChange = (): void => setFullScreen(document.fullscreenElement !== null && document.fullscreenElement === panel.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  function toggleFullScreen(): void {
    if (document.fullscreenElement === panel.current) void document.exitFullscreen();
    else void panel.current?.requestFullscreen().catch(() => undefined);
  }

  const status = viewerStatusWords(state, peer);
  const live = state.phase === 'loading' || state.phase === 'connecting' || state.phase === 'connected';
  return (
    <section
      ref={panel}
      className="desktop-viewer"
      aria-labelledby={`desktop-viewer-${stream.id}`}
      data-testid="desktop-viewer"
      data-stream-id={stream.id}
      data-viewer-phase={state.phase}
    >
      <header className="desktop-viewer-header">
        <h2 id={`desktop-viewer-${stream.id}`}>{state.desktopName === null ? `${peer}’s screen` : `${peer}’s screen: ${state.desktopName}`}</h2>
        <ViewerToolbar
          state={state}
          live={live}
          fullScreen={fullScreen}
          offeredViewOnly={offeredViewOnly}
          onScaled={(scaled) => session?.setScaled(scaled)}
          onFullScreen={toggleFullScreen}
          onViewOnly={(viewOnly) => session?.setViewOnly(viewOnly)}
          onCtrlAltDel={() => session?.sendCtrlAltDel()}
          onStop={() => session?.stop()}
        />
      </header>
      <p className="desktop-viewer-status" role="status" data-testid="desktop-viewer-status" data-phase={state.phase}>
        {status}
      </p>
      <div
        ref={host}
        className="desktop-screen"
        data-scaled={state.scaled}
        data-testid="desktop-viewer-screen"
        // Keyboard users reach the remote screen with Tab; its keys then go to the remote computer.
        tabIndex={state.phase === 'connected' && !state.viewOnly ? 0 : -1}
        aria-label={`${peer}’s screen. While it has focus, your keys go to their computer; Shift+Escape takes them back.`}
        aria-keyshortcuts="Shift+Escape"
        onFocus={(event) => {
          if (event.target === event.currentTarget) session?.focus();
        }}
        onKeyDownCapture={(event) => {
          // noVNC sends every key to the remote computer, Tab included: this one way out is kept here.
          if (event.key !== 'Escape' || !event.shiftKey) return;
          event.preventDefault();
          event.stopPropagation();
          panel.current?.querySelector<HTMLButtonElement>('[role="toolbar"] button')?.focus();
        }}
      />
      {live || state.remoteClipboard !== '' ? (
        <DesktopClipboard remoteText={state.remoteClipboard} canSend={state.phase === 'connected' && !state.viewOnly} onSend={(text) => session?.pasteToRemote(text)} peer={peer} />
      ) : null}
    </section>
  );
}
