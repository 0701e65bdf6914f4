import type {
  DesktopViewerChunk,
  DesktopViewerClosedEvent,
  MediaStreamType,
  StreamId,
  StreamRequestOptions,
} from '../../../src-shared';
import type { Disposable, Logger } from '../../common';
import { DesktopSharingError, openSharedDesktop, type RfbServerSource, type SharedDesktop } from '../desktop-sharing';
import { NotFoundError } from '../errors';
import { DesktopSharingStream } from './desktop-sharing-stream';
import type { MediaStreamFactory } from './media-stream-registry';

export interface DesktopSharingSettings {
  /** How to reach the screen we share; undefined: this core cannot share its screen (it can still view). */
  readonly server: RfbServerSource | undefined;
  /** Credit window of each in-app viewer channel (bytes delivered and not yet acknowledged). */
  readonly viewerWindowBytes?: number;
  /** Test seam: how a sharing starts; default `openSharedDesktop(server)`. */
  readonly openServer?: (source: RfbServerSource, logger: Logger | undefined) => Promise<SharedDesktop>;
}

export interface DesktopSharingHooks {
  readonly viewerData: (chunk: DesktopViewerChunk) => void;
  readonly viewerClosed: (event: DesktopViewerClosedEvent) => void;
}

/**
 * The core's desktop-sharing streams: the media-stream registry entry for 'desktop-sharing' (both roles),
 * and the in-app viewer's binary channel (`desktop.viewer*` commands in, `desktop.viewerData` and
 * `desktop.viewerClosed` events out). Streams are tracked from creation until they stop.
 */
export class DesktopSharingStreams implements Disposable {
  readonly factory: MediaStreamFactory;
  readonly #settings: DesktopSharingSettings;
  readonly #hooks: DesktopSharingHooks;
  readonly #streams = new Map<StreamId, DesktopSharingStream>();

  constructor(settings: DesktopSharingSettings, hooks: DesktopSharingHooks) {
    this.#settings = settings;
    this.#hooks = hooks;
    this.factory = {
      type: 'desktop-sharing',
      createForOffer: (options) => this.#create(options?.desktopRole ?? 'viewer', true),
      // The peer asking to view our screen needs a server to show; without one the m-line is refused (port 0).
      handlesOffered: (offered) => offered.role === 'desktop-viewer' || (offered.role === 'desktop-server' && this.canShare),
      createForAnswer: (offered, context) => this.#create(offered.role === 'desktop-server' ? 'server' : 'viewer', context?.userAccepted ?? false),
    };
  }

  /** True when this core has a way to share its screen. */
  get canShare(): boolean {
    return this.#settings.server !== undefined;
  }

  /** Refuses, before any SIP goes out, a request to share a screen this core cannot share. */
  checkRequest(types: readonly MediaStreamType[], options: StreamRequestOptions | undefined): void {
    if (types.includes('desktop-sharing') && options?.desktopRole === 'server' && !this.canShare) {
      throw new DesktopSharingError('no-rfb-server', 'This screen cannot be shared: configure a VNC server, or run Parley on an X display with x11vnc installed.');
    }
  }

  get(streamId: StreamId): DesktopSharingStream {
    const stream = this.#streams.get(streamId);
    if (stream === undefined) throw new NotFoundError('That desktop-sharing stream does not exist (any more).');
    return stream;
  }

  allowSharing(streamId: StreamId): void {
    this.get(streamId).allowSharing();
  }

  viewerOpen(streamId: StreamId): void {
    this.#viewer(streamId).open();
  }

  viewerSend(chunk: DesktopViewerChunk): void {
    this.#viewer(chunk.streamId).send(chunk.bytes);
  }

  viewerAck(streamId: StreamId, bytes: number): void {
    this.#viewer(streamId).ack(bytes);
  }

  dispose(): void {
    // The streams belong to their sessions, which dispose them; only the index goes.
    this.#streams.clear();
  }

  #viewer(streamId: StreamId) {
    const viewer = this.get(streamId).viewer;
    if (viewer === undefined) throw new DesktopSharingError('viewer-closed', 'This stream shares our screen; it has no viewer.');
    return viewer;
  }

  #create(role: 'viewer' | 'server', confirmed: boolean): DesktopSharingStream {
    const source = this.#settings.server;
    const open = this.#settings.openServer ?? openSharedDesktop;
    const stream = new DesktopSharingStream({
      role,
      confirmed,
      viewOnly: source?.viewOnly === true,
      ...(source !== undefined ? { openServer: (logger: Logger | undefined) => open(source, logger) } : {}),
      deliver: (self, bytes) => this.#hooks.viewerData({ streamId: self.id, bytes }),
      ...(this.#settings.viewerWindowBytes !== undefined ? { viewerWindowBytes: this.#settings.viewerWindowBytes } : {}),
      onStopped: (self, failed) => {
        this.#streams.delete(self.id);
        if (self.desktopRole === 'viewer') this.#hooks.viewerClosed({ streamId: self.id, reason: failed ? 'failed' : 'ended' });
      },
    });
    this.#streams.set(stream.id, stream);
    return stream;
  }
}
