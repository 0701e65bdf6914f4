import { negotiateChatTypes } from './media-type-match';
import type { MediaDirection, MsrpMediaDescription } from './msrp-media-description';
import { describedRole, roleRfbSetup } from './msrp-stream-role';
import type { AcceptedStream, NegotiatedStream, RefusedStream } from './negotiated-stream';
import { isMsrpMediaSection, readMsrpMedia } from './read-msrp-media';
import { SdpError } from './sdp-error';
import type { SessionDescription } from './session-description';
import { resolveOfferSetup } from './setup-role';

/** RFC 3264 §6.1: the directions an answer may give to an offered direction. */
const ANSWER_DIRECTIONS: Readonly<Record<MediaDirection, readonly MediaDirection[]>> = {
  sendrecv: ['sendrecv', 'sendonly', 'recvonly', 'inactive'],
  sendonly: ['recvonly', 'inactive'],
  recvonly: ['sendonly', 'inactive'],
  inactive: ['inactive'],
};

/**
 * Maps a received answer onto the offer we sent. The answer must have as many m-lines as the offer
 * (RFC 3264 §6: else 'sdp/answer-mismatch' 400) with the same media and proto at each position (else 488).
 * Per stream, a port 0 means declined and an answer whose setup, direction or rfbsetup cannot go with the
 * offer makes the stream refused with reason 'bad-answer'; the other streams still start.
 */
export function applyMsrpAnswer(offer: SessionDescription, answer: SessionDescription): NegotiatedStream[] {
  if (answer.media.length !== offer.media.length) {
    throw new SdpError('sdp/answer-mismatch', 400, `answer has ${answer.media.length} m-lines for ${offer.media.length} offered`);
  }
  return offer.media.map((offered, index): NegotiatedStream => {
    const answered = answer.media[index];
    if (answered === undefined) throw new SdpError('sdp/answer-mismatch', 400, `m-line ${index} missing`);
    if (answered.media !== offered.media || answered.proto !== offered.proto) {
      throw new SdpError(
        'sdp/answer-mismatch',
        488,
        `m-line ${index}: offered ${offered.media} ${offered.proto}, answered ${answered.media} ${answered.proto} (RFC 3264 §6)`,
      );
    }
    const refused = (reason: RefusedStream['reason'], error?: SdpError): RefusedStream => ({
      index,
      accepted: false,
      media: offered.media,
      reason,
      error,
    });
    if (offered.port === 0) return refused('removed');
    if (answered.port === 0) return refused('declined');
    if (!isMsrpMediaSection(offered)) return refused('not-msrp');
    try {
      return acceptedStream(index, readMsrpMedia(offered, offer), readMsrpMedia(answered, answer));
    } catch (error) {
      if (error instanceof SdpError) return refused(error.status === 400 ? 'malformed' : 'bad-answer', error);
      throw error;
    }
  });
}

function acceptedStream(index: number, local: MsrpMediaDescription, remote: MsrpMediaDescription): AcceptedStream {
  const role = describedRole(local);
  if (role === 'file-direction' || role === 'chat-direction' || role === 'unknown-application') {
    throw new SdpError('sdp/unsupported-stream', 488, `we offered an unusable stream (${role})`);
  }
  if (!ANSWER_DIRECTIONS[local.direction].includes(remote.direction)) {
    throw new SdpError('sdp/bad-direction', 488, `offered ${local.direction}, answered ${remote.direction} (RFC 3264 §6.1)`);
  }
  const peerRfb = roleRfbSetup(role) === 'active' ? 'passive' : roleRfbSetup(role) === 'passive' ? 'active' : undefined;
  // The SIP SIMPLE client's rfbsetup: exactly one side views. A missing one is taken as complementary.
  if (peerRfb !== undefined && remote.rfbSetup !== undefined && remote.rfbSetup !== peerRfb) {
    throw new SdpError('sdp/unsupported-stream', 488, `both ends are rfbsetup:${remote.rfbSetup}`);
  }
  const setup = resolveOfferSetup(local.setup, remote.setup);
  const chat = role === 'chat' ? negotiateChatTypes(local, remote) : undefined;
  if (chat !== undefined && !chat.usable) throw new SdpError('sdp/no-common-types', 488, 'no common accept-types (RFC 4975 §8.6)');
  return {
    index,
    accepted: true,
    role,
    local,
    remote,
    setup,
    cema: local.cema && remote.cema,
    chat,
    peerSupportsFileOffset: remote.file?.xFileOffset ?? false,
  };
}
