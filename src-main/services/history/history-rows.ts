import type { SQLOutputValue } from 'node:sqlite';
import type { AccountId } from '../../../src-shared';
import type { ConversationSummary, DeliveryState, HistoryMessage, MessageDirection, MessagePath, StateChange } from './history-types';

type Row = Record<string, SQLOutputValue>;

/** The message columns every read selects, in the order `toMessage` expects (prefix with a table alias). */
export const MESSAGE_COLUMNS = [
  'id',
  'account_id',
  'conversation',
  'remote_uri',
  'remote_name',
  'message_id',
  'direction',
  'content_type',
  'body',
  'is_text',
  'timestamp',
  'state',
  'state_code',
  'state_reason',
  'state_at',
  'path',
  'read',
] as const;

export function messageColumns(alias: string): string {
  return MESSAGE_COLUMNS.map((c) => `${alias}.${c}`).join(', ');
}

export function toMessage(row: Row): HistoryMessage {
  return {
    id: row.id as string,
    accountId: row.account_id as AccountId,
    conversation: row.conversation as string,
    remoteUri: row.remote_uri as string,
    remoteDisplayName: (row.remote_name as string | null) ?? null,
    messageId: (row.message_id as string | null) ?? null,
    direction: row.direction as MessageDirection,
    contentType: row.content_type as string,
    text: (row.body as string | null) ?? null,
    isText: row.is_text === 1,
    timestamp: Number(row.timestamp),
    state: row.state as DeliveryState,
    stateCode: row.state_code === null || row.state_code === undefined ? null : Number(row.state_code),
    stateReason: (row.state_reason as string | null) ?? null,
    stateAt: Number(row.state_at),
    path: row.path as MessagePath,
    read: row.read === 1,
  };
}

/** A conversation row joined with its last message (columns of the message prefixed by nothing). */
export function toConversation(row: Row): ConversationSummary {
  return {
    accountId: row.c_account_id as AccountId,
    conversation: row.c_conversation as string,
    remoteUri: row.c_remote_uri as string,
    remoteDisplayName: (row.c_remote_name as string | null) ?? null,
    unread: Number(row.c_unread),
    lastMessage: toMessage(row),
  };
}

export function toStateChange(row: Row): StateChange {
  return {
    state: row.state as DeliveryState,
    at: Number(row.at),
    code: row.code === null ? null : Number(row.code),
    reason: (row.reason as string | null) ?? null,
  };
}
