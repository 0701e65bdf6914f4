import { Duplex } from 'node:stream';
import { DesktopSharingError } from './desktop-sharing-error';

export interface DesktopViewerChannelOptions {
  /**
   * Hands remote RFB bytes to the in-app viewer (an IPC event). Called only after `open()`, in order,
   * with at most `maxDeliveryBytes` at a time.
   */
  readonly deliver: (bytes: Uint8Array) => void;
  /** Bytes delivered and not yet acknowledged (`ack`) before delivery waits. Default 1 MiB. */
  readonly windowBytes?: number;
  /** Largest delivery (one IPC event). Default 64 KiB. */
  readonly maxDeliveryBytes?: number;
  /** Viewer bytes waiting for the MSRP connection beyond which `send` refuses. Default 1 MiB. */
  readonly maxPendingInputBytes?: number;
}

export const DEFAULT_VIEWER_WINDOW_BYTES = 1024 * 1024;
const DEFAULT_MAX_DELIVERY_BYTES = 64 * 1024;
const DEFAULT_MAX_PENDING_INPUT_BYTES = 1024 * 1024;

/**
 * The viewing side's local end for RfbMsrpBridge when the viewer is in the app: no TCP port, the RFB
 * bytes ride the IPC channel.
 *
 * Writable side (remote → viewer): the bridge writes what the remote VNC server sent; it is held until the
 * viewer says it is ready (`open`), then delivered in order, coalesced per turn of the event loop into
 * deliveries of at most `maxDeliveryBytes`. Flow control by credit: at most `windowBytes` are delivered
 * and not yet acknowledged (`ack`); beyond that the writes wait, the bridge sees a full write buffer and
 * pauses the MSRP connection (so a slow renderer slows the remote server instead of growing queues).
 *
 * Readable side (viewer → remote): `send` pushes the viewer's bytes for the bridge to carry.
 *
 * A WebSocket-like adapter for noVNC sits on top of this in the renderer: `desktop.viewerOpen` ≙ onopen,
 * `desktop.viewerData` ≙ onmessage (then ack), `desktop.viewerSend` ≙ send, `desktop.viewerClosed` ≙ onclose.
 */
export class DesktopViewerChannel extends Duplex {
  readonly #deliver: (bytes: Uint8Array) => void;
  readonly #windowBytes: number;
  readonly #maxDelivery: number;
  readonly #maxPendingInput: number;
  readonly #queue: Buffer[] = [];
  #queuedBytes = 0;
  #inFlight = 0;
  #opened = false;
  #pumpScheduled = false;
  /** The write callback held while the window is full (Writable has one write outstanding at a time). */
  #heldCallback: ((error?: Error | null) => void) | undefined;
  #finalCallback: ((error?: Error | null) => void) | undefined;
  #deliveredBytes = 0;

  constructor(options: DesktopViewerChannelOptions) {
    // A small write buffer: the bridge's write() turns false soon after the window fills, pausing MSRP reads.
    super({ allowHalfOpen: true, writableHighWaterMark: 16 * 1024 });
    this.#deliver = options.deliver;
    this.#windowBytes = Math.max(1, options.windowBytes ?? DEFAULT_VIEWER_WINDOW_BYTES);
    this.#maxDelivery = Math.max(1, options.maxDeliveryBytes ?? DEFAULT_MAX_DELIVERY_BYTES);
    this.#maxPendingInput = options.maxPendingInputBytes ?? DEFAULT_MAX_PENDING_INPUT_BYTES;
  }

  get isOpen(): boolean {
    return this.#opened;
  }

  /** Delivered and not yet acknowledged. */
  get unacknowledgedBytes(): number {
    return this.#inFlight;
  }

  /** Received from the remote side and not yet delivered (waiting for `open` or for credit). */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  get deliveredBytes(): number {
    return this.#deliveredBytes;
  }

  /** The viewer is ready: what arrived so far goes out now (RFB servers speak first, RFC 6143 §7.1.1). */
  open(): void {
    if (this.destroyed) throw new DesktopSharingError('viewer-closed', 'The desktop viewer channel is closed.');
    this.#opened = true;
    this.#schedulePump();
  }

  /** The viewer consumed `bytes` of what was delivered: credit for more. */
  ack(bytes: number): void {
    this.#inFlight = Math.max(0, this.#inFlight - bytes);
    this.#schedulePump();
  }

  /** Bytes from the viewer for the remote VNC server. */
  send(bytes: Uint8Array): void {
    if (this.destroyed || this.readableEnded || this.writableFinished) {
      throw new DesktopSharingError('viewer-closed', 'The desktop-sharing stream has ended.');
    }
    if (this.readableLength + bytes.length > this.#maxPendingInput) {
      throw new DesktopSharingError('viewer-overrun', 'The viewer sends faster than the connection carries: try again shortly.');
    }
    // A copy: the caller's array may be a view into a reused IPC buffer.
    this.push(Buffer.from(bytes));
  }

  override _read(): void {
    // Bytes are pushed by `send`; nothing to pull.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#queue.push(chunk);
    this.#queuedBytes += chunk.length;
    if (this.#hasRoom()) callback();
    else this.#heldCallback = callback;
    this.#schedulePump();
  }

  override _final(callback: (error?: Error | null) => void): void {
    // The remote side ended: what it sent is still delivered (as far as credit allows) before 'finish'.
    if (this.#queuedBytes === 0 || !this.#opened) {
      callback();
      return;
    }
    this.#finalCallback = callback;
    this.#schedulePump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A held write callback is dropped: a destroyed Writable fails its pending writes itself.
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    this.#heldCallback = undefined;
    this.#finalCallback = undefined;
    callback(error);
  }

  #hasRoom(): boolean {
    return this.#queuedBytes + this.#inFlight < this.#windowBytes;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    // One delivery per turn for everything the MSRP parser produced in it (many 2048-octet SENDs).
    queueMicrotask(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.destroyed || !this.#opened) return;
    while (this.#queuedBytes > 0 && this.#inFlight < this.#windowBytes) {
      const size = Math.min(this.#maxDelivery, this.#queuedBytes, this.#windowBytes - this.#inFlight);
      const piece = this.#take(size);
      this.#inFlight += piece.length;
      this.#deliveredBytes += piece.length;
      this.#deliver(piece);
      if (this.destroyed) return;
    }
    if (this.#heldCallback !== undefined && this.#hasRoom()) {
      const callback = this.#heldCallback;
      this.#heldCallback = undefined;
      callback();
    }
    if (this.#finalCallback !== undefined && this.#queuedBytes === 0) {
      const callback = this.#finalCallback;
      this.#finalCallback = undefined;
      callback();
    }
  }

  /** The first `size` queued bytes, as one buffer (a view when they sit in one chunk). */
  #take(size: number): Buffer {
    const first = this.#queue[0] as Buffer;
    let out: Buffer;
    if (first.length >= size) {
      out = first.subarray(0, size);
      if (first.length === size) this.#queue.shift();
      else this.#queue[0] = first.subarray(size);
    } else {
      out = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const head = this.#queue[0] as Buffer;
        const count = Math.min(head.length, size - filled);
        head.copy(out, filled, 0, count);
        filled += count;
        if (count === head.length) this.#queue.shift();
        else this.#queue[0] = head.subarray(count);
      }
    }
    this.#queuedBytes -= size;
    return out;
  }
}
