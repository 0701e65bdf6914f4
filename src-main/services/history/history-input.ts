import type { AccountId } from '../../../src-shared';
import { createTimeOrderedId } from '../../common';
import { ConflictError, InvalidArgumentError, ServicesError, StorageError } from '../errors';
import { normalizeConversationKey } from './conversation-key';
import { DELIVERY_STATES, MESSAGE_PATHS, type HistoryMessage, type NewHistoryMessage } from './history-types';

const SQLITE_CONSTRAINT = 19;
const MAX_PAGE = 500;

/** Validates what a caller asks to store and fills the defaults (see NewHistoryMessage). */
export function prepareMessage(input: NewHistoryMessage, now: number): HistoryMessage {
  const fail = (field: string, what: string): never => {
    throw new InvalidArgumentError(`history message: ${what}`, field);
  };
  if (typeof input.accountId !== 'string' || input.accountId === '') fail('accountId', 'account id missing');
  if (typeof input.remoteUri !== 'string' || input.remoteUri.trim() === '') fail('remoteUri', 'remote address missing');
  if (input.direction !== 'in' && input.direction !== 'out') fail('direction', 'direction must be in or out');
  if (!MESSAGE_PATHS.includes(input.path)) fail('path', `unknown path ${String(input.path)}`);
  if (!Number.isSafeInteger(input.timestamp)) fail('timestamp', 'timestamp must be integer epoch ms');
  if (typeof input.contentType !== 'string' || input.contentType === '') fail('contentType', 'content type missing');
  const state = input.state ?? (input.direction === 'out' ? 'sending' : 'received');
  if (!DELIVERY_STATES.includes(state)) fail('state', `unknown delivery state ${String(state)}`);
  const text = input.text ?? null;
  return {
    // Time-ordered: history orders by timestamp, then id, so same-millisecond messages keep their arrival order.
    id: input.id ?? createTimeOrderedId(),
    accountId: input.accountId as AccountId,
    conversation: normalizeConversationKey(input.remoteUri),
    remoteUri: input.remoteUri,
    remoteDisplayName: input.remoteDisplayName ?? null,
    messageId: input.messageId ?? null,
    direction: input.direction,
    contentType: input.contentType,
    text,
    isText: input.isText ?? text !== null,
    timestamp: input.timestamp,
    state,
    stateCode: input.stateCode ?? null,
    stateReason: input.stateReason ?? null,
    stateAt: now,
    path: input.path,
    read: input.read ?? input.direction === 'out',
  };
}

export function translate(error: unknown): Error {
  if (error instanceof ServicesError) return error;
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  if (typeof errcode === 'number' && (errcode & 0xff) === SQLITE_CONSTRAINT) return new ConflictError('A chat message with this id is already stored.', 'id');
  return new StorageError('The chat history could not be read or written.', error);
}

export function clampLimit(limit: number): number {
  return Math.min(MAX_PAGE, Math.max(1, Math.floor(Number.isFinite(limit) ? limit : 50)));
}
