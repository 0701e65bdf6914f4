import { localStreamDescription, sessionFrame, type LocalOrigin, type LocalStreamSpec } from './build-msrp-offer';
import { classifyOffer, type AcceptableOfferedStream } from './classify-offer';
import type { FileRange } from './file-transfer-attributes';
import { endpointMediaValues, type LocalMsrpEndpoint } from './local-msrp-endpoint';
import { negotiateChatTypes } from './media-type-match';
import type { MediaDirection, MsrpMediaDescription } from './msrp-media-description';
import { DEFAULT_ACCEPT_TYPES, DEFAULT_CHAT_WRAPPED_TYPES } from './msrp-stream-role';
import type { AcceptedStream, NegotiatedStream, RefusedStream, StreamRefusalReason } from './negotiated-stream';
import { SdpError } from './sdp-error';
import type { SdpAttribute, SessionDescription } from './session-description';
import { ACTPASS_ANSWER, answerSetup, type MsrpConnectionModel } from './setup-role';
import { writeMsrpMedia } from './write-msrp-media';

/** How we take one offered stream. */
export interface StreamAcceptance {
  readonly endpoint: LocalMsrpEndpoint;
  /** Decides our a=setup when the offer says actpass (`ACTPASS_ANSWER`); default 'relay'. */
  readonly connectionModel?: MsrpConnectionModel;
  /** Overrides the connection model's actpass answer (e.g. 'active' to behave as the SIP SIMPLE client). */
  readonly actpassAnswer?: 'active' | 'passive';
  /** Default per role (`DEFAULT_ACCEPT_TYPES`, `DEFAULT_CHAT_WRAPPED_TYPES`). */
  readonly acceptTypes?: readonly string[];
  readonly acceptWrappedTypes?: readonly string[];
  /** Receiving a file we already have part of: ask for the rest (RFC 5547 §8). */
  readonly fileRange?: FileRange;
  /** Advertise FILE_OFFSET resume on file streams; default true (the SIP SIMPLE client always does). */
  readonly xFileOffset?: boolean;
  readonly chatroom?: readonly string[];
  readonly nickname?: readonly string[];
  readonly otherAttributes?: readonly SdpAttribute[];
}

/** What the caller says about each acceptable offered stream. */
export type StreamDecision = StreamAcceptance | 'refuse';

/**
 * How a stream that already described itself (`LocalStreamSpec`, the same spec an offer is built from) takes
 * the offered stream: its endpoint and accepted types, and for a file receiver resuming, the octets it still
 * wants (RFC 5547 §8) and whether it speaks Blink's x-file-offset.
 */
export function acceptanceOf(spec: LocalStreamSpec, connection: Pick<StreamAcceptance, 'connectionModel' | 'actpassAnswer'>): StreamAcceptance {
  return {
    endpoint: spec.endpoint,
    ...(connection.connectionModel !== undefined ? { connectionModel: connection.connectionModel } : {}),
    ...(connection.actpassAnswer !== undefined ? { actpassAnswer: connection.actpassAnswer } : {}),
    ...(spec.acceptTypes !== undefined ? { acceptTypes: spec.acceptTypes } : {}),
    ...(spec.file?.range !== undefined ? { fileRange: spec.file.range } : {}),
    ...(spec.file !== undefined ? { xFileOffset: spec.file.xFileOffset } : {}),
  };
}

export interface AnswerInput {
  readonly offer: SessionDescription;
  readonly origin: LocalOrigin;
  readonly sessionName?: string;
  /** Asked once per acceptable offered stream, in m-line order; unusable ones are refused without asking. */
  readonly decide: (stream: AcceptableOfferedStream) => StreamDecision;
}

export interface AnswerResult {
  readonly answer: SessionDescription;
  /** One entry per m-line, in order. */
  readonly streams: readonly NegotiatedStream[];
}

/** RFC 3264 §6.1: the answer's direction mirrors the offer's. */
function mirrored(direction: MediaDirection): MediaDirection {
  return direction === 'sendonly' ? 'recvonly' : direction === 'recvonly' ? 'sendonly' : direction;
}

/**
 * Builds the answer to an offer. Every m-line is answered in order (RFC 3264 §6): accepted streams get our
 * path, setup, accept-types and mirrored direction; the rest get port 0 with the offered media and proto.
 * Throws `SdpError` 'sdp/no-acceptable-stream' (488) when no stream is accepted.
 */
export function buildMsrpAnswer(input: AnswerInput): AnswerResult {
  const streams: NegotiatedStream[] = [];
  const media = classifyOffer(input.offer).map((offered) => {
    const refuse = (reason: StreamRefusalReason, error?: SdpError) => {
      streams.push({ index: offered.index, accepted: false, media: offered.section.media, reason, error } satisfies RefusedStream);
      // RFC 3264 §6: a refused stream keeps its m-line, media and proto, with port 0 and no attributes.
      return { ...offered.section, port: 0, portCount: undefined, information: undefined, connections: [], bandwidths: [], key: undefined, attributes: [] };
    };
    if (!offered.usable) return refuse(offered.reason, offered.error);
    const decision = input.decide(offered);
    if (decision === 'refuse') return refuse('refused-locally');
    const accepted = acceptStream(offered, decision);
    if (!accepted.accepted) return refuse(accepted.reason, accepted.error);
    streams.push(accepted);
    return writeMsrpMedia(accepted.local);
  });
  if (!streams.some((stream) => stream.accepted)) {
    throw new SdpError('sdp/no-acceptable-stream', 488, 'no offered stream can be accepted');
  }
  return { answer: { ...sessionFrame(input.origin, input.sessionName), media }, streams };
}

function acceptStream(offered: AcceptableOfferedStream, decision: StreamAcceptance): AcceptedStream | Omit<RefusedStream, 'index' | 'media'> {
  const { remote, role } = offered;
  // RFC 3264 §6.1 keeps the proto; RFC 4975 §8.1 ties it to the URI scheme, so a TLS mismatch is a refusal.
  if (endpointMediaValues(decision.endpoint).proto !== remote.proto) {
    return { accepted: false, reason: 'transport-mismatch', error: new SdpError('sdp/unsupported-stream', 488, `offered ${remote.proto}`) };
  }
  const setup = answerSetup(remote.setup, decision.actpassAnswer ?? ACTPASS_ANSWER[decision.connectionModel ?? 'relay']);
  const isFile = role === 'file-sender' || role === 'file-receiver';
  const spec: LocalStreamSpec = {
    role,
    endpoint: decision.endpoint,
    acceptTypes: decision.acceptTypes ?? DEFAULT_ACCEPT_TYPES[role],
    acceptWrappedTypes: decision.acceptWrappedTypes ?? (role === 'chat' ? DEFAULT_CHAT_WRAPPED_TYPES : undefined),
    // RFC 5547 §8: the answer repeats the offered file-selector and transfer id; the range is the receiver's.
    file:
      isFile && remote.file !== undefined
        ? {
            selector: remote.file.selector,
            transferId: remote.file.transferId,
            disposition: undefined,
            date: undefined,
            icon: undefined,
            range: role === 'file-receiver' ? decision.fileRange : undefined,
            xFileOffset: decision.xFileOffset ?? true,
          }
        : undefined,
    chatroom: decision.chatroom,
    nickname: decision.nickname,
    otherAttributes: decision.otherAttributes,
  };
  const base = localStreamDescription(spec, setup.localSetup);
  const local: MsrpMediaDescription = {
    ...base,
    media: remote.media,
    direction: mirrored(remote.direction),
    // RFC 6714 §4: advertise CEMA in an answer only when the offer did.
    cema: base.cema && remote.cema,
  };
  const chat = role === 'chat' ? negotiateChatTypes(local, remote) : undefined;
  if (chat !== undefined && !chat.usable) {
    return { accepted: false, reason: 'no-common-types', error: new SdpError('sdp/no-common-types', 488, 'no common accept-types (RFC 4975 §8.6)') };
  }
  return {
    index: offered.index,
    accepted: true,
    role,
    local,
    remote,
    setup,
    cema: local.cema,
    chat,
    peerSupportsFileOffset: remote.file?.xFileOffset ?? false,
  };
}
