export { MediaStreamState, assertStreamTransition, canMoveStream, isFinalStreamState } from './media-stream-state';
export { MsrpStreamBase, type MediaStreamEvents, type StreamIntent } from './msrp-stream-base';
export { ChatStream, type ChatSendOptions } from './chat-stream';
export {
  DEFAULT_CHAT_ACCEPT_TYPES,
  DEFAULT_CHAT_REPORT_TIMEOUT_MS,
  DEFAULT_CHAT_RESPONSE_TIMEOUT_MS,
  DEFAULT_CHAT_WRAPPED_TYPES,
  type ChatDelivery,
  type ChatDeliveryState,
  type ChatIncoming,
  type ChatStreamEvents,
  type ChatStreamMessage,
  type ChatStreamOptions,
  type ImdnRequestInfo,
} from './chat-stream-types';
export { ChatStreamChannel, type ChatStreamChannelConfig, type ChatStreamChannelHooks } from './chat-stream-channel';
export { chatSendMode, decodeChatPayload, wrapCpim, type ChatSendMode, type CpimWrapInit, type DecodedChatPayload } from './chat-stream-payload';
export { CHAT_STREAM_ERROR_REASONS, ChatStreamError, type ChatStreamErrorReason } from './chat-stream-error';
export { chatStreamFactory } from './chat-stream-factory';
export { MediaStreamRegistry, CHAT_STREAM_FACTORY, defaultMediaStreamRegistry, type MediaStreamFactory, type StreamAnswerContext } from './media-stream-registry';
export { MsrpEndpoint } from './msrp-endpoint';
export { DIRECT_CHUNK_SIZE, RELAY_CHUNK_SIZE, type MsrpStreamContext } from './msrp-stream-context';
export { DesktopSharingStream, type DesktopSharingStreamOptions } from './desktop-sharing-stream';
export { DesktopSharingStreams, type DesktopSharingHooks, type DesktopSharingSettings } from './desktop-sharing-streams';
export { FileTransferStream } from './file-transfer-stream';
export {
  RELAY_FILE_WINDOW_BYTES,
  transferFailureCode,
  type FileReceiveSpec,
  type FileSendSpec,
  type FileTransferOutcome,
  type FileTransferStreamEvents,
  type ResumeAdvertisement,
} from './file-transfer-stream-types';
export { fileTransferStreamFactory, type FileTransferStreamFactoryOptions } from './file-transfer-stream-factory';
