export { MediaStreamState, assertStreamTransition, canMoveStream, isFinalStreamState } from './media-stream-state';
export { MsrpStreamBase, type MediaStreamEvents, type StreamIntent } from './msrp-stream-base';
export { ChatStream, type ChatStreamEvents, type ChatStreamMessage } from './chat-stream';
export { MediaStreamRegistry, CHAT_STREAM_FACTORY, defaultMediaStreamRegistry, type MediaStreamFactory } from './media-stream-registry';
export { MsrpEndpoint } from './msrp-endpoint';
export { RELAY_CHUNK_SIZE, type MsrpStreamContext } from './msrp-stream-context';
export { decodeCpim, encodeCpim, type CpimInit, type CpimMessage } from './cpim';
