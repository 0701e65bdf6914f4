// The MSRP library's public surface (see README.md). Plain export list; each layer appends its lines.

// errors
export {
  invariant,
  MSRP_ERROR_CODES,
  MsrpConnectionError,
  MsrpError,
  MsrpHeaderError,
  MsrpInvariantError,
  MsrpLimitError,
  MsrpMissingHeaderError,
  MsrpParseError,
  MsrpRequestFailedError,
  MsrpTimeoutError,
  MsrpUriError,
} from './errors';
export type { MsrpErrorCode, MsrpErrorOptions, MsrpLimit, MsrpParseErrorOptions, MsrpStatus } from './errors';

// protocol: URIs and paths
export { generateSessionId, MsrpUri } from './protocol/msrp-uri';
export type { MsrpScheme, MsrpUriChanges, MsrpUriInit, MsrpUriParameter } from './protocol/msrp-uri';
export { formatPath, parsePath, pathEquals } from './protocol/msrp-path';

// protocol: typed headers
export type { HeaderCodec } from './protocol/headers/header-codec';
export { FromPathHeader, ToPathHeader, UsePathHeader } from './protocol/headers/path-headers';
export type { MsrpPath } from './protocol/headers/path-headers';
export { ByteRangeHeader } from './protocol/headers/byte-range';
export type { ByteRange } from './protocol/headers/byte-range';
export { StatusHeader, statusValue } from './protocol/headers/status';
export type { MsrpStatusValue } from './protocol/headers/status';
export {
  DEFAULT_FAILURE_REPORT,
  DEFAULT_SUCCESS_REPORT,
  FailureReportHeader,
  SuccessReportHeader,
} from './protocol/headers/report-headers';
export type { FailureReport, SuccessReport } from './protocol/headers/report-headers';
export { ExpiresHeader, MaxExpiresHeader, MinExpiresHeader } from './protocol/headers/expires';
export { ContentDescriptionHeader, ContentIdHeader, MessageIdHeader } from './protocol/headers/text-headers';
export { AuthenticationInfoHeader, AuthorizationHeader, WwwAuthenticateHeader } from './protocol/headers/digest-headers';
export type { DigestHeaderValue } from './protocol/headers/digest-headers';
export { ContentTypeHeader, mediaTypeEssence } from './protocol/headers/content-type';
export type { MediaType } from './protocol/headers/content-type';
export { ContentDispositionHeader } from './protocol/headers/content-disposition';
export type { ContentDisposition } from './protocol/headers/content-disposition';
export { KNOWN_HEADERS } from './protocol/headers/known-headers';
export { MsrpHeaders } from './protocol/msrp-headers';

// protocol: chunks
export { EMPTY_BODY, MsrpChunk } from './protocol/msrp-chunk';
export type { ContinuationFlag, MsrpChunkInit } from './protocol/msrp-chunk';
export {
  chooseTransactionId,
  containsEndLine,
  generateTransactionId,
  TRANSACTION_ID_LENGTH,
} from './protocol/transaction-id';
export { makeReport, makeResponse, needsReport, needsResponse, STATUS_COMMENTS } from './protocol/make-response';
export type { MakeReportOptions } from './protocol/make-response';

// protocol: parsing
export {
  ChunkReceiver,
  DEFAULT_MAX_HEAD_BYTES,
  DEFAULT_MAX_HEADER_COUNT,
  DEFAULT_MAX_WHOLE_BODY_BYTES,
  ReceiverState,
} from './protocol/chunk-receiver';
export type { ChunkReceiverHandlers, ChunkReceiverOptions } from './protocol/chunk-receiver';
export { parseChunk, parseChunks } from './protocol/parse-chunk';

// transport
export { DEFAULT_READ_MAX_SIZE, DEFAULT_TRANSACTION_TIMEOUT_MS, MsrpTransport, STREAM_SLICE_BYTES, TransportState } from './transport/msrp-transport';
export type {
  BeginChunkOptions,
  IncomingChunk,
  MsrpTransportEvents,
  MsrpTransportOptions,
  SessionMatching,
  TransactionCallback,
  TransportTrace,
} from './transport/msrp-transport';
export { EndLineGuard } from './transport/end-line-guard';
export type { IncomingPiece } from './transport/incoming-queue';
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MSRP_PORT,
  fingerprintMatches,
  openConnection,
  parseFingerprint,
} from './transport/open-connection';
export type { MsrpTlsClientOptions, OpenConnectionOptions, ParsedFingerprint } from './transport/open-connection';

// connection setup
export { AcceptorDirect } from './connect/acceptor-direct';
export { acceptBinding, bindActive, checkIncomingSend } from './connect/bind-session';
export { ConnectorDirect } from './connect/connector-direct';
export { getAcceptor, getConnector } from './connect/get-connector';
export type { GetAcceptorOptions, GetConnectorOptions } from './connect/get-connector';
export type { MsrpTlsServerOptions } from './connect/listen';
export { DEFAULT_BIND_TIMEOUT_MS, defaultLocalUri } from './connect/msrp-connector';
export type { ConnectOptions, MsrpConnector } from './connect/msrp-connector';
export { MsrpServer } from './connect/msrp-server';
export type { MsrpServerOptions } from './connect/msrp-server';
export { RelayConnection } from './connect/relay-connection';
export type { RelayConnectionOptions } from './connect/relay-connection';
export { answerSetupRole, connectDirection, parseSetupRole, SetupRole } from './connect/setup-role';
export type { ConnectDirection } from './connect/setup-role';

// relays
export { buildDigestAuthorization, digestResponse, digestUriModes, parseDigestChallenge } from './relay/digest';
export type { DigestChallenge, DigestCredentials, DigestRequest, DigestUriMode, DigestUriPolicy } from './relay/digest';
export { discoverRelay, MSRP_DEFAULT_PORT, orderSrvRecords } from './relay/discover-relay';
export type { DiscoverRelayOptions, RelayCandidate, SrvRecord, SrvResolver } from './relay/discover-relay';
export { authenticateWithRelay, DEFAULT_AUTH_TIMEOUT_MS, RelayAuthRefresher } from './relay/relay-auth';
export type { MsrpRelaySettings, RelayAuthResult } from './relay/relay-auth';
export type { SendChunkInit } from './transport/make-chunk';

// tracing
export { MsrpTracer } from './trace/msrp-tracer';
export type { MsrpTraceDirection, MsrpTraceEvent, MsrpTraceLevel, MsrpTraceListener, MsrpTraceSubscription } from './trace/msrp-tracer';
export { connectionLabel, traceTransport } from './trace/trace-transport';

// session
export {
  DEFAULT_CHUNK_SIZE,
  DEFAULT_KEEP_ALIVE_MS,
  DEFAULT_MAX_INCOMPLETE_MESSAGES,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  DEFAULT_STREAMING_THRESHOLD,
  MsrpSession,
  SessionState,
} from './session/msrp-session';
export type {
  IncomingStreamHandler,
  MessageDataEvent,
  MsrpSessionEvents,
  MsrpSessionOptions,
  ResponseEvent,
} from './session/msrp-session';
export { AcceptTypes } from './session/accept-types';
export type { IncomingMessageInfo, IncomingStreamEnd, ReceivedMessage } from './session/message-reassembler';
export { bufferSource, OutgoingMessage, OutgoingState, repeatSource } from './session/outgoing-message';
export type {
  OutgoingBodySource,
  OutgoingMessageOptions,
  OutgoingOutcome,
  OutgoingProgress,
} from './session/outgoing-message';
export { OutgoingFile } from './session/outgoing-file';
export { WHOLE_MESSAGE_BYTES } from './session/send-queue';
export { PROGRESS_REPORT_BYTES } from './session/session-receiver';
export type { OutgoingFileOptions } from './session/outgoing-file';
