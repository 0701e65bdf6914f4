import type { Duplex } from 'node:stream';
import { createNullLogger, TypedEmitter, type Disposable, type Logger } from '../../common';
import { ContentTypeHeader, generateTransactionId, mediaTypeEssence, type MsrpSession } from '../../msrp';
import { DesktopSharingError } from './desktop-sharing-error';

/** The media type of RFB carried over MSRP (the SIP SIMPLE client / Blink screen-sharing convention). */
export const RFB_CONTENT_TYPE = 'application/x-rfb';
/**
 * Largest RFB message over MSRP. RFC 4975 §7.1.1 lets chunks of at most 2048 octets be non-interruptible
 * (Byte-Range end known), and peers of that convention send exactly such one-chunk messages.
 */
export const RFB_MAX_CHUNK_BYTES = 2048;

export const DEFAULT_BRIDGE_HIGH_WATER_MARK = 256 * 1024;
const CLOSE_GRACE_MS = 2_000;

export interface RfbMsrpBridgeOptions {
  /** Bytes given to the session but not yet written to its connection before the local side is paused. */
  readonly highWaterMark?: number;
  /** …and resumed below this. Default a quarter of the high-water mark. */
  readonly lowWaterMark?: number;
  /** Close the MSRP connection when the local side ends. Default true (one session per shared desktop). */
  readonly closeSession?: boolean;
  readonly logger?: Logger;
}

export type BridgeEndReason =
  /** The local side (VNC server or viewer) closed its connection. */
  | 'local-closed'
  /** The MSRP session closed (peer hung up, connection lost). */
  | 'session-closed'
  /** Something broke: a local socket error or a refused SEND (a hole in the byte stream). */
  | 'failed'
  /** `dispose()` was called. */
  | 'disposed';

export interface BridgeEnd {
  readonly reason: BridgeEndReason;
  readonly error?: Error;
}

export interface BridgeStats {
  /** RFB bytes read from the local side and handed to the session. */
  readonly bytesToSession: number;
  /** SEND messages made of them (each at most `RFB_MAX_CHUNK_BYTES`). */
  readonly messagesToSession: number;
  /** RFB bytes received from the session and written to the local side. */
  readonly bytesFromSession: number;
  /** Times the local side was paused because the MSRP connection lagged. */
  readonly localPauses: number;
  /** Times the MSRP connection was paused because the local side lagged. */
  readonly sessionPauses: number;
}

export interface RfbMsrpBridgeEvents {
  [name: string]: unknown;
  ended: BridgeEnd;
}

/**
 * Joins an RFB byte stream (RFC 6143) on a local duplex — the TCP connection to the VNC server on the
 * sharing side, or the viewer's channel on the viewing side — with an MSRP session (RFC 4975).
 *
 * Out: every read is cut into messages of at most 2048 octets, each one SEND chunk with Content-Type
 * application/x-rfb, `Success-Report: no` and `Failure-Report: partial` (RFC 4975 §7.1.2: no 200
 * responses and no REPORTs flow, only failures), queued in order. In: the bodies of incoming x-rfb
 * messages are written to the local side in arrival order. Other content types are ignored.
 *
 * Backpressure both ways: the local side is paused while more than `highWaterMark` bytes wait to be
 * written to the MSRP connection (the session reports each message written through `progress`), and the
 * MSRP connection stops being read while the local side's write buffer is full (until `drain`).
 *
 * Either side ending ends the other: a local close flushes what is queued and closes the MSRP connection;
 * a closed session ends the local side after its pending writes.
 */
export class RfbMsrpBridge extends TypedEmitter<RfbMsrpBridgeEvents> {
  readonly local: Duplex;
  readonly session: MsrpSession;
  /** Resolves once both sides are finished with (never rejects). */
  readonly ended: Promise<BridgeEnd>;
  readonly #options: Required<Omit<RfbMsrpBridgeOptions, 'logger'>>;
  readonly #logger: Logger;
  readonly #subscriptions: Disposable[] = [];
  /** Our messages not yet written to the MSRP connection: Message-ID → size. */
  readonly #unwritten = new Map<string, number>();
  #unwrittenBytes = 0;
  /** Recently written Message-IDs, so that a late failure response is still recognised as ours. */
  readonly #sentIds = new Set<string>();
  #localPaused = false;
  #sessionPaused = false;
  #end: BridgeEnd | undefined;
  #resolveEnded!: (end: BridgeEnd) => void;
  #flushed: (() => void) | undefined;
  #closeTimer: NodeJS.Timeout | undefined;
  #stats = { bytesToSession: 0, messagesToSession: 0, bytesFromSession: 0, localPauses: 0, sessionPauses: 0 };

  constructor(local: Duplex, session: MsrpSession, options: RfbMsrpBridgeOptions = {}) {
    super();
    this.local = local;
    this.session = session;
    const highWaterMark = Math.max(RFB_MAX_CHUNK_BYTES, options.highWaterMark ?? DEFAULT_BRIDGE_HIGH_WATER_MARK);
    this.#options = {
      highWaterMark,
      lowWaterMark: Math.min(highWaterMark, options.lowWaterMark ?? Math.floor(highWaterMark / 4)),
      closeSession: options.closeSession ?? true,
    };
    this.#logger = options.logger ?? createNullLogger();
    this.ended = new Promise((resolve) => (this.#resolveEnded = resolve));

    local.on('data', this.#onLocalData);
    local.on('drain', this.#onLocalDrain);
    local.on('end', this.#onLocalEnd);
    local.on('close', this.#onLocalClose);
    local.on('error', this.#onLocalError);
    // A handshake done before the bridge (loginToRfbServer) leaves the socket explicitly paused.
    local.resume();
    this.#subscriptions.push(
      session.on('message', (message) => {
        if (isRfb(message.contentType)) this.#toLocal(message.body);
      }),
      // A peer that sends larger x-rfb messages gets them streamed past the session's threshold.
      session.on('messageData', (event) => {
        if (isRfb(event.info.contentType)) this.#toLocal(event.data);
      }),
      session.on('progress', (progress) => {
        if (progress.sent >= progress.total) this.#written(progress.messageId);
      }),
      session.on('failed', (failure) => {
        // Code 0: the connection went away, which `closed` reports; anything else is a refused SEND.
        if (failure.code === 0 || (!this.#unwritten.has(failure.messageId) && !this.#sentIds.has(failure.messageId))) return;
        this.#fail(new DesktopSharingError('msrp-send-failed', `RFB data refused by the MSRP peer: ${failure.code} ${failure.reason}`));
      }),
      session.on('closed', (event) => this.#onSessionClosed(event.error)),
    );
    if (session.state === 'closed') queueMicrotask(() => this.#onSessionClosed(undefined));
  }

  get stats(): BridgeStats {
    return { ...this.#stats };
  }

  /** Bytes handed to the session and not yet written to its connection. */
  get pendingBytes(): number {
    return this.#unwrittenBytes;
  }

  get isEnded(): boolean {
    return this.#end !== undefined;
  }

  /** Ends both sides gracefully (what is queued is still delivered). */
  close(): Promise<BridgeEnd> {
    this.#onLocalEnd();
    return this.ended;
  }

  /** Ends at once: the local side is destroyed, listeners and timers go. The session is left to its owner. */
  override dispose(): void {
    this.#finish({ reason: 'disposed' });
    this.local.destroy();
    this.#cleanup();
    super.dispose();
  }

  // ---- local → MSRP ----

  readonly #onLocalData = (data: Buffer): void => {
    if (this.#end !== undefined) return;
    for (let offset = 0; offset < data.length; offset += RFB_MAX_CHUNK_BYTES) {
      const piece = data.subarray(offset, offset + RFB_MAX_CHUNK_BYTES);
      // Counted before it is queued: the session may write it (and report `progress`) within sendMessage.
      const messageId = generateTransactionId();
      this.#unwritten.set(messageId, piece.length);
      this.#unwrittenBytes += piece.length;
      try {
        this.session.sendMessage(piece, { messageId, contentType: RFB_CONTENT_TYPE, successReport: 'no', failureReport: 'partial' });
      } catch (error) {
        // The session is no longer active; its `closed` event ends the bridge.
        this.#written(messageId);
        this.#logger.debug('RFB data after the session ended', { error: error instanceof Error ? error.message : String(error) });
        return;
      }
      this.#stats.messagesToSession++;
      this.#stats.bytesToSession += piece.length;
    }
    if (!this.#localPaused && this.#unwrittenBytes > this.#options.highWaterMark) {
      this.#localPaused = true;
      this.#stats.localPauses++;
      this.local.pause();
    }
  };

  #written(messageId: string): void {
    const size = this.#unwritten.get(messageId);
    if (size === undefined) return;
    this.#unwritten.delete(messageId);
    this.#unwrittenBytes -= size;
    this.#sentIds.add(messageId);
    if (this.#sentIds.size > 4096) this.#sentIds.delete(this.#sentIds.values().next().value as string);
    if (this.#localPaused && this.#unwrittenBytes <= this.#options.lowWaterMark && this.#end === undefined) {
      this.#localPaused = false;
      this.local.resume();
    }
    if (this.#unwrittenBytes === 0) this.#flushed?.();
  }

  // ---- MSRP → local ----

  #toLocal(data: Buffer): void {
    if (this.#end !== undefined && this.#end.reason !== 'session-closed') return;
    if (!this.local.writable) return;
    this.#stats.bytesFromSession += data.length;
    const fits = this.local.write(data);
    if (!fits && !this.#sessionPaused) {
      this.#sessionPaused = true;
      this.#stats.sessionPauses++;
      this.session.transport.pause();
    }
  }

  readonly #onLocalDrain = (): void => {
    if (!this.#sessionPaused) return;
    this.#sessionPaused = false;
    this.session.transport.resume();
  };

  // ---- ending ----

  readonly #onLocalEnd = (): void => {
    if (this.#end !== undefined) return;
    this.#finish({ reason: 'local-closed' });
    void this.#closeSessionAfterFlush().then(() => this.local.end());
  };

  readonly #onLocalClose = (): void => {
    if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    if (this.#end === undefined) this.#onLocalEnd();
    else if (this.#end.reason === 'session-closed') this.#cleanup();
  };

  readonly #onLocalError = (error: Error): void => {
    this.#fail(error);
  };

  #fail(error: Error): void {
    if (this.#end !== undefined) return;
    this.#logger.warn('desktop sharing bridge failed', { error: error.message });
    this.#finish({ reason: 'failed', error });
    this.local.destroy();
    if (this.#options.closeSession && this.session.state === 'active') this.session.transport.close().catch(() => undefined);
    this.#cleanup();
  }

  #onSessionClosed(error: Error | undefined): void {
    this.#flushed?.();
    if (this.#end !== undefined) {
      this.#cleanup();
      return;
    }
    this.#finish(error === undefined ? { reason: 'session-closed' } : { reason: 'session-closed', error });
    // What the session delivered is still written out; the local side then sees a clean end.
    this.local.end();
    this.#closeTimer = setTimeout(() => this.local.destroy(), CLOSE_GRACE_MS);
    this.#cleanup({ keepLocal: true });
  }

  /**
   * Waits until every queued message is written, then ends the MSRP connection. Not `session.shutdown()`:
   * it would also wait for the transactions of the `partial` SENDs, which only time out (RFC 4975 §7.1.2).
   */
  async #closeSessionAfterFlush(): Promise<void> {
    if (this.#unwrittenBytes > 0 && this.session.state === 'active') {
      await new Promise<void>((resolve) => (this.#flushed = resolve));
    }
    this.#flushed = undefined;
    if (this.#options.closeSession && this.session.state !== 'closed') await this.session.transport.close().catch(() => undefined);
    this.#cleanup();
  }

  #finish(end: BridgeEnd): void {
    if (this.#end !== undefined) return;
    this.#end = end;
    this.#logger.info('desktop sharing bridge ended', { reason: end.reason, ...this.#stats });
    if (this.#sessionPaused) this.session.transport.resume();
    this.#sessionPaused = false;
    this.emit('ended', end);
    this.#resolveEnded(end);
  }

  #cleanup(options: { readonly keepLocal?: boolean } = {}): void {
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
    if (options.keepLocal === true) return;
    if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    this.local.off('data', this.#onLocalData);
    this.local.off('drain', this.#onLocalDrain);
    this.local.off('end', this.#onLocalEnd);
    this.local.off('close', this.#onLocalClose);
    this.local.off('error', this.#onLocalError);
    // Late errors of a closing socket must not become unhandled 'error' events.
    this.local.on('error', () => undefined);
  }
}

function isRfb(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  try {
    return mediaTypeEssence(ContentTypeHeader.decode(contentType)).toLowerCase() === RFB_CONTENT_TYPE;
  } catch {
    return false;
  }
}
