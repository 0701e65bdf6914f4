import type { MediaStreamFactory } from './media-stream-registry';
import { ChatStream } from './chat-stream';
import type { ChatStreamOptions } from './chat-stream-types';

/** The chat entry of the media-stream registry, with this core's chat settings (accept-types, timeouts). */
export function chatStreamFactory(options: ChatStreamOptions = {}): MediaStreamFactory {
  return {
    type: 'chat',
    createForOffer: () => new ChatStream(options),
    handlesOffered: (offered) => offered.role === 'chat',
    createForAnswer: () => new ChatStream(options),
  };
}
