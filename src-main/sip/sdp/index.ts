/**
 * src-main/sip/sdp: the SDP codec (RFC 8866) and the MSRP offer/answer rules (RFC 3264, RFC 4975 §8,
 * RFC 6135, RFC 6714, RFC 5547) used by the MSRP session-description handler. Pure functions over plain
 * data; MSRP URIs stay strings (this package never imports src-main/msrp).
 */
export { SdpError, SdpInvariantError, type SdpErrorCode, type SdpErrorStatus } from './sdp-error';
export {
  findAttribute,
  findAttributes,
  type MediaSection,
  type SdpAttribute,
  type SdpConnection,
  type SdpOrigin,
  type SdpTiming,
  type SessionDescription,
} from './session-description';
export { parseSessionDescription, DEFAULT_SDP_PARSE_OPTIONS, type SdpParseOptions } from './parse-session-description';
export { serializeSessionDescription } from './serialize-session-description';
export {
  isMsrpProto,
  MSRP_PROTOS,
  type FileTransferDescription,
  type Fingerprint,
  type MediaDirection,
  type MsrpMediaDescription,
  type MsrpMediaType,
  type MsrpProto,
  type RfbSetup,
  type SetupRole,
  type TcpConnectionAttribute,
} from './msrp-media-description';
export { isMsrpMediaSection, readMsrpMedia } from './read-msrp-media';
export { writeMsrpMedia } from './write-msrp-media';
export { formatPathAttribute, msrpUriParts, parsePathAttribute, type MsrpUriParts } from './msrp-path-attribute';
export {
  formatFileSelector,
  formatHashValue,
  parseFileSelector,
  type FileSelector,
  type FileSelectorHash,
  type FileSelectorType,
} from './file-selector';
export {
  formatFileDate,
  formatFileRange,
  parseFileDate,
  parseFileRange,
  type FileDate,
  type FileRange,
} from './file-transfer-attributes';
export {
  acceptsMediaType,
  chatSendMode,
  CPIM_MEDIA_TYPE,
  intersectMediaTypes,
  isMediaTypePattern,
  mediaTypeMatches,
  negotiateChatTypes,
  type ChatSendMode,
  type ChatTypeCapabilities,
  type ChatTypeNegotiation,
} from './media-type-match';
export {
  ACTPASS_ANSWER,
  answerSetup,
  resolveOfferSetup,
  type MsrpConnectionModel,
  type MsrpConnector,
  type SetupOutcome,
} from './setup-role';
export {
  DEFAULT_ACCEPT_TYPES,
  DEFAULT_CHAT_WRAPPED_TYPES,
  describedRole,
  peerRole,
  RFB_MEDIA_TYPE,
  type MsrpStreamRole,
  type RoleProblem,
} from './msrp-stream-role';
export { endpointMediaValues, type EndpointMediaValues, type LocalMsrpEndpoint } from './local-msrp-endpoint';
export {
  buildMsrpOffer,
  localStreamDescription,
  nextSessionVersion,
  type LocalOrigin,
  type LocalStreamSpec,
  type OfferInput,
} from './build-msrp-offer';
export {
  classifyOffer,
  type AcceptableOfferedStream,
  type OfferedStream,
  type UnusableOfferedStream,
} from './classify-offer';
export {
  acceptanceOf,
  buildMsrpAnswer,
  type AnswerInput,
  type AnswerResult,
  type StreamAcceptance,
  type StreamDecision,
} from './build-msrp-answer';
export { applyMsrpAnswer } from './apply-msrp-answer';
export {
  type AcceptedStream,
  type NegotiatedStream,
  type RefusedStream,
  type StreamRefusalReason,
} from './negotiated-stream';
