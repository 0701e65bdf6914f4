import type { DesktopPhase, DesktopRole, MediaStreamView } from '../../../src-shared';
import type { Disposable, Logger } from '../../common';
import type { MsrpSession } from '../../msrp';
import type { AcceptedStream } from '../../sip/sdp';
import {
  DesktopSharingError,
  DesktopViewerChannel,
  RFB_CONTENT_TYPE,
  RfbMsrpBridge,
  type BridgeEnd,
  type SharedDesktop,
} from '../desktop-sharing';
import { ConflictError } from '../errors';
import { MediaStreamState } from './media-stream-state';
import { MsrpStreamBase } from './msrp-stream-base';

/** What a desktop-sharing stream needs from its core. */
export interface DesktopSharingStreamOptions {
  readonly role: DesktopRole;
  /**
   * Server: the user already agreed to share (our own offer, or the incoming session they accepted). When
   * false the stream negotiates but shares nothing until `allowSharing()`.
   */
  readonly confirmed: boolean;
  /** Server: starts or reaches the VNC server (see RfbServerSource). */
  readonly openServer?: (logger: Logger | undefined) => Promise<SharedDesktop>;
  /** Server: shown in the view (x11vnc -viewonly). */
  readonly viewOnly?: boolean;
  /** Viewer: delivers remote RFB bytes to the in-app viewer (IPC). */
  readonly deliver?: (stream: DesktopSharingStream, bytes: Uint8Array) => void;
  /** Viewer: credit window of the viewer channel. */
  readonly viewerWindowBytes?: number;
  /** Called once when the stream is over (the viewer gets its close). */
  readonly onStopped?: (stream: DesktopSharingStream, failed: boolean) => void;
}

/** How long ending waits for queued RFB bytes to reach the MSRP connection before closing it anyway. */
const FLUSH_ON_END_MS = 2_000;

/**
 * The seed's DesktopSharingStream (MSRPDesktopSharing): VNC (RFB, RFC 6143) over one MSRP session in
 * `m=application … TCP/MSRP *` with `a=accept-types:application/x-rfb` and `a=rfbsetup` (the viewer
 * active, the server passive; the SDP layer writes it from the role).
 *
 * Server: once the MSRP session is bound and the user agreed, the VNC server is started (x11vnc with a
 * one-time password) or reached, logged in to here, and bridged to the session; its view says `sharing`.
 * Viewer: the bridge joins the session to a DesktopViewerChannel the moment the session is bound (the RFB
 * server speaks first and MSRP message events are not buffered), and the channel holds the bytes until the
 * in-app viewer opens. Either side ending the stream, or the connection dropping, ends the bridge and
 * stops the VNC server.
 */
export class DesktopSharingStream extends MsrpStreamBase {
  readonly type = 'desktop-sharing' as const;
  readonly desktopRole: DesktopRole;
  /** Viewer only: the channel the in-app viewer reads and writes. */
  readonly viewer: DesktopViewerChannel | undefined;
  readonly #options: DesktopSharingStreamOptions;
  #confirmed: boolean;
  #phase: DesktopPhase;
  #session: MsrpSession | undefined;
  #bridge: RfbMsrpBridge | undefined;
  #bridgeEnded: Disposable | undefined;
  #desktop: SharedDesktop | undefined;
  #stopping: Promise<void> | undefined;
  #stopped = false;

  constructor(options: DesktopSharingStreamOptions) {
    super(options.role === 'viewer' ? 'desktop-viewer' : 'desktop-server');
    this.desktopRole = options.role;
    this.#options = options;
    this.#confirmed = options.role === 'viewer' || options.confirmed;
    this.#phase = this.#confirmed ? 'starting' : 'awaiting-confirmation';
    const deliver = options.deliver;
    this.viewer =
      options.role === 'viewer'
        ? new DesktopViewerChannel({
            deliver: (bytes) => deliver?.(this, bytes),
            ...(options.viewerWindowBytes !== undefined ? { windowBytes: options.viewerWindowBytes } : {}),
          })
        : undefined;
    // Late errors of the channel (a write after the stream ended) are not the process's problem.
    this.viewer?.on('error', () => undefined);
    this.on('stateChanged', ({ state }) => {
      if (state === MediaStreamState.Ended || state === MediaStreamState.Failed) this.#stop(state === MediaStreamState.Failed);
    });
  }

  get phase(): DesktopPhase {
    return this.#phase;
  }

  /** True while the peer sees our screen. */
  get sharing(): boolean {
    return this.desktopRole === 'server' && this.#phase === 'active';
  }

  /** x11vnc's process id while we run one for this stream. */
  get serverPid(): number | undefined {
    return this.#desktop?.pid;
  }

  override view(): MediaStreamView {
    return {
      ...super.view(),
      desktop: { role: this.desktopRole, phase: this.#phase, sharing: this.sharing, viewOnly: this.#options.viewOnly === true },
    };
  }

  /** The user allows the peer to view this screen (a proposal the session accepted on its own). */
  allowSharing(): void {
    if (this.desktopRole !== 'server') throw new ConflictError('This stream views the peer’s screen; there is nothing of ours to share.');
    if (this.#confirmed) return;
    if (this.isFinal || this.state === MediaStreamState.Ending) throw new ConflictError('The desktop-sharing stream has ended.');
    this.#confirmed = true;
    this.#setPhase('starting');
    const session = this.msrp;
    if (session !== undefined) void this.#startSharing(session);
  }

  protected override acceptTypes(): readonly string[] {
    return [RFB_CONTENT_TYPE];
  }

  protected override onStarted(msrp: MsrpSession, _accepted: AcceptedStream): void {
    this.#session = msrp;
    if (this.viewer !== undefined) {
      // Synchronously, before the first SEND can be read from the connection.
      this.#attach(this.viewer, msrp);
      this.#setPhase('active');
    } else if (this.#confirmed) {
      void this.#startSharing(msrp);
    }
  }

  /** Ends the stream: the bridge flushes and closes the MSRP connection itself, then the VNC server stops. */
  override async end(): Promise<void> {
    const bridge = this.#bridge;
    if (bridge !== undefined && !bridge.isEnded && this.state === MediaStreamState.Started) {
      // Not MsrpSession.shutdown(): the Failure-Report partial SENDs keep transactions that only time out.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([bridge.close(), new Promise((resolve) => (timer = setTimeout(resolve, FLUSH_ON_END_MS)))]);
      clearTimeout(timer);
    }
    await super.end();
    await this.#stopping;
  }

  protected override onReleased(): void {
    this.#releaseBridge();
  }

  override dispose(): void {
    this.#releaseBridge();
    this.#desktop?.dispose();
    this.#desktop = undefined;
    this.viewer?.destroy();
    super.dispose();
  }

  async #startSharing(msrp: MsrpSession): Promise<void> {
    const open = this.#options.openServer;
    let desktop: SharedDesktop;
    try {
      if (open === undefined) throw new DesktopSharingError('no-rfb-server', 'No VNC server is configured for sharing this screen.');
      desktop = await open(this.logger);
    } catch (error) {
      if (this.#session === msrp && this.state === MediaStreamState.Started) this.failStarted(`desktop sharing could not start: ${describe(error)}`);
      return;
    }
    // The stream may have ended while x11vnc started.
    if (this.#session !== msrp || this.state !== MediaStreamState.Started) {
      void desktop.stop();
      return;
    }
    this.#desktop = desktop;
    this.#attach(desktop.local, msrp);
    this.logger?.info('Sharing this screen', { stream: this.id, pid: desktop.pid });
    this.#setPhase('active');
  }

  #attach(local: DesktopViewerChannel | SharedDesktop['local'], msrp: MsrpSession): void {
    const bridge = new RfbMsrpBridge(local, msrp, this.logger !== undefined ? { logger: this.logger } : {});
    this.#bridge = bridge;
    this.#bridgeEnded = bridge.on('ended', (end) => queueMicrotask(() => this.#onBridgeEnded(end)));
  }

  /** The VNC server went away or the byte stream broke: the stream is over (its MSRP connection is closing). */
  #onBridgeEnded(end: BridgeEnd): void {
    if (end.reason === 'failed' && this.state === MediaStreamState.Started) {
      this.failStarted(`desktop sharing failed: ${end.error?.message ?? 'the RFB byte stream broke'}`);
    } else if (end.reason === 'local-closed') {
      this.#stopDesktop();
    }
  }

  #releaseBridge(): void {
    this.#bridgeEnded?.dispose();
    this.#bridgeEnded = undefined;
    const bridge = this.#bridge;
    this.#bridge = undefined;
    this.#session = undefined;
    // The MSRP session is gone; the bridge's local side (VNC connection or viewer channel) goes with it.
    bridge?.dispose();
    this.#stopDesktop();
  }

  #stopDesktop(): void {
    const desktop = this.#desktop;
    if (desktop === undefined || this.#stopping !== undefined) return;
    this.#stopping = desktop.stop().catch((error: unknown) => this.logger?.warn('Stopping the VNC server failed', { error: describe(error) }));
  }

  #stop(failed: boolean): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#releaseBridge();
    this.viewer?.destroy();
    this.#setPhase('stopped');
    this.#options.onStopped?.(this, failed);
  }

  #setPhase(phase: DesktopPhase): void {
    if (this.#phase === phase) return;
    this.#phase = phase;
    // The session re-reads every stream's view on stateChanged: the state is unchanged, the view is not.
    if (!this.#stopped || phase === 'stopped') this.events.emit('stateChanged', { state: this.state, failure: this.failure });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
