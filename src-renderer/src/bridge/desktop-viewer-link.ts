import type { DesktopViewerClosedEvent, StreamId } from '../../../src-shared';
import type { AdapterHandle } from './adapter-handle';
import type { ClientResult } from './client-result';

/** What one viewer hears about its stream. */
export interface DesktopViewerListener {
  /** Remote RFB bytes, in order. */
  readonly data: (bytes: Uint8Array) => void;
  /** No more bytes will come: the stream ended or failed, or the channel to main was lost. */
  readonly closed: (reason: DesktopViewerClosedEvent['reason'] | 'disconnected') => void;
}

/**
 * The in-app viewer's byte channel to main (`desktop.viewer*` commands and events). The only way
 * features/desktop reaches those commands and events, so the bridge stays the only code near the adapter.
 */
export interface DesktopViewerLink {
  open(streamId: StreamId): Promise<ClientResult<null>>;
  send(streamId: StreamId, bytes: Uint8Array): Promise<ClientResult<null>>;
  /** Credit for `bytes` more (the viewer consumed them). */
  ack(streamId: StreamId, bytes: number): Promise<ClientResult<null>>;
  close(streamId: StreamId): Promise<ClientResult<null>>;
  /** Subscribes to one stream's bytes and end. Returns the unsubscribe function. */
  listen(streamId: StreamId, listener: DesktopViewerListener): () => void;
}

/**
 * Viewer bytes are not mirror state: they go straight from the adapter to the viewer, never through the
 * event sequencer, which would hold them behind a snapshot request and drop those "older" than it (one
 * lost byte breaks RFB). The sequencer still sees the events (and ignores them), so its numbering has no gaps.
 */
export function createDesktopViewerLink(
  adapter: Pick<AdapterHandle, 'on' | 'onConnectionState'>,
  // The bridge's never-throwing command facade (same shape as the adapter's invoke).
  commands: Pick<AdapterHandle, 'invoke'>,
): DesktopViewerLink {
  return {
    open: (streamId) => commands.invoke('desktop.viewerOpen', streamId),
    send: (streamId, bytes) => commands.invoke('desktop.viewerSend', { streamId, bytes }),
    ack: (streamId, bytes) => commands.invoke('desktop.viewerAck', streamId, bytes),
    close: (streamId) => commands.invoke('desktop.viewerClose', streamId),
    listen(streamId, listener) {
      let done = false;
      const offs: (() => void)[] = [];
      const stop = (): void => {
        done = true;
        for (const off of offs.splice(0)) off();
      };
      const finish = (reason: DesktopViewerClosedEvent['reason'] | 'disconnected'): void => {
        if (done) return;
        stop();
        listener.closed(reason);
      };
      offs.push(
        adapter.on('desktop.viewerData', (chunk) => {
          if (!done && chunk.streamId === streamId) listener.data(chunk.bytes);
        }),
        adapter.on('desktop.viewerClosed', (event) => {
          if (event.streamId === streamId) finish(event.reason);
        }),
      );
      // Bytes sent while the channel was down are lost for good: the RFB connection cannot go on.
      const offState = adapter.onConnectionState((state) => {
        if (state !== 'connected') finish('disconnected');
      });
      if (done) offState();
      else offs.push(offState);
      return stop;
    },
  };
}
