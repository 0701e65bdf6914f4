/** Conversations: one per account and remote party over MSRP chat streams and pager-mode MESSAGE, kept in history. */
export { ConversationService, type ConversationServiceEvents, type ConversationServiceOptions } from './conversation-service';
export { LiveChatStreams, type ChatSessionSource, type LiveChat, type LiveChatHandlers } from './live-chat-streams';
export { PagerChat, type PagerPort, type PagerResult } from './pager-chat';
export { toChatMessageView, toConversationView, toSipAddress } from './chat-message-view';
export { withChatStreamOptions } from './chat-stream-registry';
