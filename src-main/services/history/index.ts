/** Chat history on node:sqlite: messages, delivery states, unread counts, conversations, search, paging. */
export { HISTORY_FILE_NAME, HistoryStore, type HistoryStoreOptions, type StateDetails, type StateUpdate } from './history-store';
export { HISTORY_MIGRATIONS, type HistoryMigration } from './history-migrations';
export { normalizeConversationKey } from './conversation-key';
export { canTransition } from './delivery-state';
export {
  DELIVERY_STATES,
  MESSAGE_PATHS,
  type ConversationSummary,
  type DeliveryState,
  type HistoryMessage,
  type HistoryPage,
  type HistoryProblem,
  type MessageDirection,
  type MessagePath,
  type NewHistoryMessage,
  type PageCursor,
  type StateChange,
} from './history-types';
