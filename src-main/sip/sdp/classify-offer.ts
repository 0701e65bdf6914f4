import type { MsrpMediaDescription } from './msrp-media-description';
import { describedRole, peerRole, type MsrpStreamRole } from './msrp-stream-role';
import type { StreamRefusalReason } from './negotiated-stream';
import { isMsrpMediaSection, readMsrpMedia } from './read-msrp-media';
import { SdpError } from './sdp-error';
import type { MediaSection, SessionDescription } from './session-description';

/** An offered MSRP stream we could accept: the role it would give us and the peer's description. */
export interface AcceptableOfferedStream {
  readonly index: number;
  readonly usable: true;
  readonly section: MediaSection;
  /** Our role if we accept: the peer pushing a file makes us `file-receiver`. */
  readonly role: MsrpStreamRole;
  readonly remote: MsrpMediaDescription;
}

/** An offered m-line we answer with port 0 whatever we want. */
export interface UnusableOfferedStream {
  readonly index: number;
  readonly usable: false;
  readonly section: MediaSection;
  readonly reason: Extract<StreamRefusalReason, 'removed' | 'not-msrp' | 'malformed' | 'unsupported'>;
  readonly error: SdpError | undefined;
}

export type OfferedStream = AcceptableOfferedStream | UnusableOfferedStream;

/**
 * Sorts every m-line of a received offer: removed (port 0), not MSRP (audio, video …), malformed MSRP,
 * MSRP of a kind we do not do, or acceptable with the role it gives us. Never throws on stream content:
 * one bad stream is refused with port 0, the others still get answered (RFC 3264 §6).
 */
export function classifyOffer(offer: SessionDescription): OfferedStream[] {
  return offer.media.map((section, index): OfferedStream => {
    const unusable = (reason: UnusableOfferedStream['reason'], error?: SdpError): UnusableOfferedStream => ({
      index,
      usable: false,
      section,
      reason,
      error,
    });
    if (section.port === 0) return unusable('removed');
    if (!isMsrpMediaSection(section)) return unusable('not-msrp');
    let remote: MsrpMediaDescription;
    try {
      remote = readMsrpMedia(section, offer);
    } catch (error) {
      if (error instanceof SdpError) return unusable('malformed', error);
      throw error;
    }
    // RFC 4975 §8.1: the format list of an MSRP m-line is "*".
    if (remote.formats.length !== 1 || remote.formats[0] !== '*') {
      return unusable('malformed', new SdpError('sdp/bad-media-line', 488, 'MSRP format list is not "*"'));
    }
    const role = describedRole(remote);
    switch (role) {
      case 'file-direction':
        return unusable('unsupported', new SdpError('sdp/bad-direction', 488, 'file transfer must be sendonly or recvonly (RFC 5547 §6)'));
      case 'chat-direction':
        return unusable('unsupported', new SdpError('sdp/bad-direction', 488, 'chat must be sendrecv'));
      case 'unknown-application':
        return unusable('unsupported', new SdpError('sdp/unsupported-stream', 488, 'm=application without application/x-rfb'));
      default:
        return { index, usable: true, section, role: peerRole(role), remote };
    }
  });
}
