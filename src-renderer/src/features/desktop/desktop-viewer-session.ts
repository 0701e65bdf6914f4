import type RFB from '@novnc/novnc';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StreamId } from '../../../../src-shared';
import type { DesktopViewerLink } from '../../bridge/desktop-viewer-link';
import { CHANNEL_CLOSED, ViewerChannel } from './viewer-channel';

/** Where the in-app viewer stands, for words and buttons. */
export type ViewerPhase = 'loading' | 'connecting' | 'connected' | 'ended' | 'failed';

export interface ViewerState {
  readonly phase: ViewerPhase;
  /** Why it failed, in words; null otherwise. */
  readonly problem: string | null;
  /** The remote screen's name as its server calls it (RFB ServerInit), once known. */
  readonly desktopName: string | null;
  /** The last text the remote side put on its clipboard. */
  readonly remoteClipboard: string;
  readonly viewOnly: boolean;
  /** Scale the remote screen to the panel (default), or show it at its own size with scroll bars. */
  readonly scaled: boolean;
}

type RfbClass = typeof RFB;

/** How noVNC is loaded: on first use, so the app starts without it (and tests can hand in a stand-in). */
export type RfbLoader = () => Promise<RfbClass>;

const loadNoVnc: RfbLoader = async () => (await import('@novnc/novnc')).default;

/**
 * One in-app viewer of one desktop-sharing stream: noVNC's RFB over a ViewerChannel, drawing into a screen
 * element it owns. It outlives the session pane (switching sessions must not end the viewing, and an RFB
 * connection cannot be resumed mid-stream), so panes attach `screen` while they show it.
 */
export class DesktopViewerSession {
  readonly screen: HTMLDivElement;
  readonly store: StoreApi<ViewerState>;
  #rfb: RFB | null = null;
  #channel: ViewerChannel | null = null;
  #stopped = false;
  readonly #set: (partial: Partial<ViewerState>) => void;

  constructor(
    readonly streamId: StreamId,
    link: DesktopViewerLink,
    options: { readonly viewOnly: boolean; readonly loadRfb?: RfbLoader },
  ) {
    this.screen = document.createElement('div');
    this.screen.className = 'desktop-screen-surface';
    // UI-only state of this viewer (not a mirror store): written here alone, through the setter it was made with.
    let set: (partial: Partial<ViewerState>) => void = () => undefined;
    this.store = createStore<ViewerState>()((setState) => {
      set = setState;
      return { phase: 'loading', problem: null, desktopName: null, remoteClipboard: '', viewOnly: options.viewOnly, scaled: true };
    });
    this.#set = set;
    void (options.loadRfb ?? loadNoVnc)().then(
      (RfbClass) => this.#start(RfbClass, link),
      (error: unknown) => this.#set({ phase: 'failed', problem: `The viewer could not be loaded: ${String(error)}` }),
    );
  }

  setViewOnly(viewOnly: boolean): void {
    if (this.#rfb !== null) this.#rfb.viewOnly = viewOnly;
    this.#set({ viewOnly });
  }

  setScaled(scaled: boolean): void {
    if (this.#rfb !== null) this.#rfb.scaleViewport = scaled;
    this.#set({ scaled });
  }

  sendCtrlAltDel(): void {
    this.#rfb?.sendCtrlAltDel();
  }

  /** Puts text on the remote clipboard (RFB ClientCutText); the user pastes it there. */
  pasteToRemote(text: string): void {
    this.#rfb?.clipboardPasteFrom(text);
  }

  focus(): void {
    this.#rfb?.focus({ preventScroll: true });
  }

  /** The user stops viewing: the channel closes, and main removes the stream (or ends the session). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#rfb !== null) this.#rfb.disconnect();
    else this.#channel?.close();
  }

  #start(RfbClass: RfbClass, link: DesktopViewerLink): void {
    if (this.#stopped) {
      // Stopped while noVNC was loading: nothing opened yet, so only main needs telling.
      void link.close(this.streamId);
      this.#set({ phase: 'ended' });
      return;
    }
    // Channel and RFB in one go: noVNC attaches its handlers before the open result (and any byte) arrives.
    const channel = new ViewerChannel(link, this.streamId);
    this.#channel = channel;
    const rfb = new RfbClass(this.screen, channel, { shared: true });
    this.#rfb = rfb;
    rfb.scaleViewport = this.store.getState().scaled;
    rfb.viewOnly = this.store.getState().viewOnly;
    rfb.background = 'transparent';
    this.#set({ phase: 'connecting' });
    rfb.addEventListener('connect', () => this.#set({ phase: 'connected', problem: null }));
    rfb.addEventListener('desktopname', (event) => this.#set({ desktopName: event.detail.name }));
    rfb.addEventListener('clipboard', (event) => this.#set({ remoteClipboard: event.detail.text }));
    rfb.addEventListener('credentialsrequired', () => {
      // The sharing side logs in to its VNC server itself; a password prompt here means a foreign server.
      this.#set({ problem: 'The remote screen asks for a password, which Parley does not take here. Ask them to share again from Parley.' });
      rfb.disconnect();
    });
    rfb.addEventListener('securityfailure', (event) => {
      this.#set({ problem: `The remote screen refused the connection${event.detail.reason === undefined ? '' : `: ${event.detail.reason}`}.` });
    });
    rfb.addEventListener('disconnect', (event) => {
      const closed = channel.closedWith;
      const clean = event.detail.clean && (closed === null || closed.wasClean);
      if (clean) this.#set({ phase: 'ended' });
      else {
        const why = this.store.getState().problem ?? (closed !== null && !closed.wasClean ? `${closed.reason}.` : 'The connection to the remote screen broke.');
        this.#set({ phase: 'failed', problem: why });
      }
      // A failure seen by noVNC alone (bad data) still has to end the stream at main.
      if (channel.readyState !== CHANNEL_CLOSED) channel.close();
    });
  }
}

/**
 * Viewers by stream. An ended viewer stays: a pane shown again while main has not yet reported the stream's
 * end must find the ended viewer, not open a second RFB connection on a channel already used.
 */
const sessions = new Map<StreamId, DesktopViewerSession>();

/** The viewer of a stream, made on first request: every pane showing the stream shares it. */
export function desktopViewerFor(streamId: StreamId, link: DesktopViewerLink, viewOnly: boolean, loadRfb?: RfbLoader): DesktopViewerSession {
  const existing = sessions.get(streamId);
  if (existing !== undefined) return existing;
  const session = new DesktopViewerSession(streamId, link, { viewOnly, ...(loadRfb === undefined ? {} : { loadRfb }) });
  sessions.set(streamId, session);
  return session;
}
