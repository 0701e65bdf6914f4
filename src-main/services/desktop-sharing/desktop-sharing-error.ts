import { ServicesError } from '../errors';

/**
 * Why desktop sharing failed, as a stable code the UI branches on (the IPC error code is `unavailable`
 * until src-shared grows dedicated codes; `reason` carries the detail).
 */
export type DesktopSharingFailure =
  /** x11vnc is not installed (or not on PATH). */
  | 'x11vnc-missing'
  /** The X display to share cannot be opened (not running, or no authorization). */
  | 'display-unreachable'
  /** The VNC server did not start listening in time, or exited before it did. */
  | 'rfb-server-failed'
  /** The configured VNC server refused the TCP connection or did not answer. */
  | 'rfb-server-unreachable'
  /** The RFB byte stream broke its protocol (RFC 6143), or its security handshake failed. */
  | 'rfb-protocol'
  /** A SEND carrying RFB bytes was refused by the peer or a relay: the byte stream has a hole. */
  | 'msrp-send-failed'
  /** Bytes for a viewer whose stream has ended (or that never was a viewer). */
  | 'viewer-closed'
  /** The in-app viewer sent faster than the MSRP connection takes it, beyond the channel's bound. */
  | 'viewer-overrun'
  /** The peer asked to view this screen, but no VNC server is configured (and x11vnc cannot be used here). */
  | 'no-rfb-server';

export class DesktopSharingError extends ServicesError {
  readonly reason: DesktopSharingFailure;

  constructor(reason: DesktopSharingFailure, message: string, options: { cause?: unknown } = {}) {
    super('unavailable', message, options);
    this.reason = reason;
  }
}
