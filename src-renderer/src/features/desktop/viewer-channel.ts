import { DESKTOP_VIEWER_MAX_BYTES, type StreamId } from '../../../../src-shared';
import type { DesktopViewerLink } from '../../bridge/desktop-viewer-link';

/** WebSocket's readyState numbers (noVNC's Websock accepts them, or RTCDataChannel's strings). */
export const CHANNEL_CONNECTING = 0;
export const CHANNEL_OPEN = 1;
export const CHANNEL_CLOSING = 2;
export const CHANNEL_CLOSED = 3;
export type ChannelReadyState = typeof CHANNEL_CONNECTING | typeof CHANNEL_OPEN | typeof CHANNEL_CLOSING | typeof CHANNEL_CLOSED;

export interface ChannelMessageEvent {
  readonly data: ArrayBuffer;
}

export interface ChannelCloseEvent {
  /** 1000: ended normally (either side); 1006: failed or the channel to main was lost (WebSocket's codes). */
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

export interface ChannelErrorEvent {
  readonly message: string;
}

/** Acknowledge consumed bytes once this many have gathered, or at the end of the current task. */
const ACK_BATCH_BYTES = 64 * 1024;

/**
 * The in-app viewer's RFB connection shaped like a WebSocket, for noVNC (`new RFB(target, channel)`): its
 * Websock only needs `send`, `close`, `binaryType`, `protocol`, `readyState` and the four `on*` handlers.
 *
 * `desktop.viewerOpen` ≙ open, `desktop.viewerData` ≙ message, `desktop.viewerSend` ≙ send,
 * `desktop.viewerClose` ≙ close(), `desktop.viewerClosed` ≙ close event. Main delivers within a credit
 * window; each message is acknowledged once the handler returned, because noVNC copies it into its receive
 * queue and parses it synchronously: only a viewer that keeps up gets more.
 */
export class ViewerChannel {
  binaryType: 'arraybuffer' | 'blob' = 'arraybuffer';
  readonly protocol = '';
  readyState: ChannelReadyState = CHANNEL_CONNECTING;
  onopen: ((event: Event | object) => void) | null = null;
  onmessage: ((event: ChannelMessageEvent) => void) | null = null;
  onclose: ((event: ChannelCloseEvent) => void) | null = null;
  onerror: ((event: ChannelErrorEvent) => void) | null = null;

  readonly #link: DesktopViewerLink;
  readonly #streamId: StreamId;
  readonly #unlisten: () => void;
  /** Bytes that came before the open result (main may deliver as soon as it has processed viewerOpen). */
  #early: Uint8Array[] = [];
  #unacknowledged = 0;
  #ackScheduled = false;
  #received = 0;
  #closedWith: ChannelCloseEvent | null = null;

  constructor(link: DesktopViewerLink, streamId: StreamId) {
    this.#link = link;
    this.#streamId = streamId;
    // Listen before asking to open, so no delivery can slip between the two.
    this.#unlisten = link.listen(streamId, {
      data: (bytes) => this.#receive(bytes),
      closed: (reason) => this.#finish(reason === 'ended' ? 1000 : 1006, closeReason(reason)),
    });
    void link.open(streamId).then((result) => {
      if (this.readyState !== CHANNEL_CONNECTING) return;
      if (!result.ok) {
        this.#fail(result.error.message);
        return;
      }
      this.readyState = CHANNEL_OPEN;
      this.onopen?.({ type: 'open' });
      const early = this.#early;
      this.#early = [];
      for (const bytes of early) this.#deliver(bytes);
    });
  }

  get streamId(): StreamId {
    return this.#streamId;
  }

  /** Remote bytes handed to the viewer so far. */
  get receivedBytes(): number {
    return this.#received;
  }

  /** How the channel closed; null while it is open (for the viewer to explain a disconnect in words). */
  get closedWith(): ChannelCloseEvent | null {
    return this.#closedWith;
  }

  /** The viewer's bytes for the remote server, in commands of at most DESKTOP_VIEWER_MAX_BYTES. */
  send(data: ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== CHANNEL_OPEN) return;
    const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    for (let offset = 0; offset < view.length; offset += DESKTOP_VIEWER_MAX_BYTES) {
      // A copy: noVNC reuses its send buffer as soon as send() returns.
      const chunk = view.slice(offset, offset + DESKTOP_VIEWER_MAX_BYTES);
      void this.#link.send(this.#streamId, chunk).then((result) => {
        if (!result.ok && this.readyState === CHANNEL_OPEN) this.#fail(result.error.message);
      });
    }
  }

  /** The viewer is done: main removes the stream (or ends the session); the close event follows without waiting for it. */
  close(): void {
    if (this.readyState === CHANNEL_CLOSING || this.readyState === CHANNEL_CLOSED) return;
    this.readyState = CHANNEL_CLOSING;
    void this.#link.close(this.#streamId);
    // Asynchronous, as a WebSocket's: noVNC arms its disconnect timer after close() returns and expects
    // the close event to clear it.
    queueMicrotask(() => this.#finish(1000, 'Closed by the viewer'));
  }

  #receive(bytes: Uint8Array): void {
    if (this.readyState === CHANNEL_CONNECTING) this.#early.push(bytes);
    else if (this.readyState === CHANNEL_OPEN) this.#deliver(bytes);
  }

  #deliver(bytes: Uint8Array): void {
    this.#received += bytes.length;
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    this.onmessage?.({ data: whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer });
    this.#credit(bytes.length);
  }

  #credit(bytes: number): void {
    this.#unacknowledged += bytes;
    if (this.#unacknowledged >= ACK_BATCH_BYTES) {
      this.#flushAck();
      return;
    }
    if (this.#ackScheduled) return;
    this.#ackScheduled = true;
    queueMicrotask(() => {
      this.#ackScheduled = false;
      this.#flushAck();
    });
  }

  #flushAck(): void {
    const bytes = this.#unacknowledged;
    if (bytes === 0 || this.readyState !== CHANNEL_OPEN) return;
    this.#unacknowledged = 0;
    void this.#link.ack(this.#streamId, bytes);
  }

  #fail(message: string): void {
    this.onerror?.({ message });
    this.#finish(1006, message);
  }

  #finish(code: number, reason: string): void {
    if (this.readyState === CHANNEL_CLOSED) return;
    this.readyState = CHANNEL_CLOSED;
    this.#early = [];
    this.#unlisten();
    this.#closedWith = { code, reason, wasClean: code === 1000 };
    this.onclose?.(this.#closedWith);
  }
}

function closeReason(reason: 'ended' | 'failed' | 'disconnected'): string {
  switch (reason) {
    case 'ended':
      return 'The desktop-sharing stream ended';
    case 'failed':
      return 'The desktop-sharing connection failed';
    case 'disconnected':
      return 'The connection to the Parley core was lost';
  }
}
