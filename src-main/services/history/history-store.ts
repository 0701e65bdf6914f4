import { basename, join } from 'node:path';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { AccountId } from '../../../src-shared';
import { TypedEmitter, type Disposable } from '../../common';
import { InvalidArgumentError, StorageError } from '../errors';
import { normalizeConversationKey } from './conversation-key';
import { canTransition } from './delivery-state';
import { isCorruptionError, openHistoryDatabase, setDatabaseAside } from './history-database-file';
import { HISTORY_MIGRATIONS, type HistoryMigration } from './history-migrations';
import { messageColumns, toConversation, toMessage, toStateChange } from './history-rows';
import { clampLimit, prepareMessage, translate } from './history-input';
import {
  DELIVERY_STATES,
  type ConversationSummary,
  type DeliveryState,
  type HistoryMessage,
  type HistoryPage,
  type HistoryProblem,
  type NewHistoryMessage,
  type PageCursor,
  type StateChange,
} from './history-types';
import { toFtsQuery, toLikePattern } from './search-query';

export const HISTORY_FILE_NAME = 'history.sqlite';

export interface HistoryStoreOptions {
  readonly profileDir: string;
  /** Called for every damaged file set aside (also replayed to `onProblem` listeners added later). */
  readonly onProblem?: (problem: HistoryProblem) => void;
  /** The schema steps; tests pass their own to exercise upgrades. */
  readonly migrations?: readonly HistoryMigration[];
  /**
   * Check the whole file at open (`PRAGMA quick_check`): finds deep damage at once, but costs about 200 ms per
   * 50 MiB, so it is off by default; damage found later by any operation is handled the same way.
   */
  readonly quickCheck?: boolean;
  readonly now?: () => number;
}

export interface StateDetails {
  readonly code?: number | null;
  readonly reason?: string | null;
  readonly at?: number;
}

export interface StateUpdate {
  readonly message: HistoryMessage;
  /** False when the guard refused the move (a late or out-of-order report): the message is unchanged. */
  readonly changed: boolean;
}

const COLUMNS = messageColumns('m');
const INSERT_SQL = `INSERT INTO messages (id, account_id, conversation, remote_uri, remote_name, message_id, direction, content_type, body,
  is_text, timestamp, state, state_code, state_reason, state_at, path, read) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const STATE_LOG_SQL = 'INSERT INTO message_states (seq, state, at, code, reason) VALUES (?, ?, ?, ?, ?)';

/**
 * Chat history in `<profile>/history.sqlite` (node:sqlite, WAL): every message in and out per account and
 * conversation, delivery states with their log, unread counts, the conversation list, full-text search and
 * keyset paging. Synchronous by design (SQLite in WAL mode answers these in microseconds); bursts go through
 * `insertMany`, one transaction for the lot. A database found damaged, at open or later, is moved aside and
 * reported, and a fresh one takes its place.
 */
export class HistoryStore implements Disposable {
  readonly file: string;
  readonly #options: Required<Pick<HistoryStoreOptions, 'quickCheck' | 'now' | 'migrations'>>;
  readonly #events = new TypedEmitter<{ problem: HistoryProblem }>();
  readonly #problems: HistoryProblem[] = [];
  readonly #statements = new Map<string, StatementSync>();
  #db: DatabaseSync | undefined;
  #fts = false;

  private constructor(options: HistoryStoreOptions) {
    this.file = join(options.profileDir, HISTORY_FILE_NAME);
    this.#options = { quickCheck: options.quickCheck ?? false, now: options.now ?? Date.now, migrations: options.migrations ?? HISTORY_MIGRATIONS };
    if (options.onProblem !== undefined) this.#events.on('problem', options.onProblem);
  }

  /** Opens (or creates) the history of a profile. Throws StorageError when it cannot be used at all. */
  static open(options: HistoryStoreOptions): HistoryStore {
    const store = new HistoryStore(options);
    store.#open();
    return store;
  }

  /** 'fts5' normally; 'like' if this SQLite lacks FTS5 (substring search, slower on large histories). */
  get searchMode(): 'fts5' | 'like' {
    return this.#fts ? 'fts5' : 'like';
  }

  onProblem(listener: (problem: HistoryProblem) => void): Disposable {
    for (const problem of this.#problems) listener(problem);
    return this.#events.on('problem', listener);
  }

  insert(message: NewHistoryMessage): HistoryMessage {
    return this.#guard(() => this.#insertOne(message, this.#options.now()));
  }

  /** Many messages in one transaction: all are stored or none (a duplicate id fails the lot). */
  insertMany(messages: readonly NewHistoryMessage[]): HistoryMessage[] {
    if (messages.length === 0) return [];
    return this.#guard(() => this.#transaction(() => messages.map((m) => this.#insertOne(m, this.#options.now()))));
  }

  get(id: string): HistoryMessage | undefined {
    return this.#guard(() => this.#row(`SELECT ${COLUMNS} FROM messages m WHERE m.id = ?`, id));
  }

  /** The newest message of `accountId` with this MSRP/IMDN Message-ID. */
  findByMessageId(accountId: AccountId | string, messageId: string): HistoryMessage | undefined {
    return this.#guard(() => this.#row(`SELECT ${COLUMNS} FROM messages m WHERE m.account_id = ? AND m.message_id = ? ORDER BY m.seq DESC LIMIT 1`, accountId, messageId));
  }

  /** Moves a message's delivery state if the guard allows it; undefined when no such message exists. */
  updateState(id: string, state: DeliveryState, details: StateDetails = {}): StateUpdate | undefined {
    return this.#guard(() => this.#updateState(`SELECT m.seq, ${COLUMNS} FROM messages m WHERE m.id = ?`, [id], state, details));
  }

  updateStateByMessageId(accountId: AccountId | string, messageId: string, state: DeliveryState, details: StateDetails = {}): StateUpdate | undefined {
    const sql = `SELECT m.seq, ${COLUMNS} FROM messages m WHERE m.account_id = ? AND m.message_id = ? ORDER BY m.seq DESC LIMIT 1`;
    return this.#guard(() => this.#updateState(sql, [accountId, messageId], state, details));
  }

  stateHistory(id: string): StateChange[] {
    return this.#guard(() =>
      this.#stmt('SELECT s.state, s.at, s.code, s.reason FROM message_states s JOIN messages m ON m.seq = s.seq WHERE m.id = ? ORDER BY s.rowid')
        .all(id)
        .map(toStateChange),
    );
  }

  /**
   * A page of a conversation, newest first, by keyset on (timestamp, id): constant time wherever the page
   * lies, stable while new messages arrive. `conversation` may be any form of the remote address.
   */
  page(accountId: AccountId | string, conversation: string, options: { limit?: number; before?: PageCursor | null } = {}): HistoryPage {
    const limit = clampLimit(options.limit ?? 50);
    const key = normalizeConversationKey(conversation);
    const before = options.before ?? null;
    return this.#guard(() => {
      const base = `SELECT ${COLUMNS} FROM messages m WHERE m.account_id = ? AND m.conversation = ?`;
      const order = 'ORDER BY m.timestamp DESC, m.id DESC LIMIT ?';
      const rows =
        before === null
          ? this.#stmt(`${base} ${order}`).all(accountId, key, limit + 1)
          : this.#stmt(`${base} AND (m.timestamp, m.id) < (?, ?) ${order}`).all(accountId, key, before.timestamp, before.id, limit + 1);
      const messages = rows.slice(0, limit).map(toMessage);
      const last = messages[messages.length - 1];
      return { messages, next: rows.length > limit && last !== undefined ? { timestamp: last.timestamp, id: last.id } : null };
    });
  }

  /** Conversations by their last message, newest first, with unread counts. */
  listConversations(options: { accountId?: AccountId | string; limit?: number; before?: PageCursor | null } = {}): ConversationSummary[] {
    const where: string[] = [];
    const args: SQLInputValue[] = [];
    if (options.accountId !== undefined) (where.push('c.account_id = ?'), args.push(options.accountId));
    if (options.before != null) (where.push('(c.last_timestamp, c.last_id) < (?, ?)'), args.push(options.before.timestamp, options.before.id));
    const sql = `SELECT c.account_id AS c_account_id, c.conversation AS c_conversation, c.remote_uri AS c_remote_uri, c.remote_name AS c_remote_name,
      c.unread AS c_unread, ${COLUMNS} FROM conversations c JOIN messages m ON m.seq = c.last_seq
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.last_timestamp DESC, c.last_id DESC LIMIT ?`;
    return this.#guard(() => this.#stmt(sql).all(...args, clampLimit(options.limit ?? 100)).map(toConversation));
  }

  /** Marks every incoming message of the conversation read; returns how many were unread. */
  markRead(accountId: AccountId | string, conversation: string): number {
    const key = normalizeConversationKey(conversation);
    return this.#guard(() => Number(this.#stmt('UPDATE messages SET read = 1 WHERE account_id = ? AND conversation = ? AND read = 0').run(accountId, key).changes));
  }

  unreadCount(accountId?: AccountId | string): number {
    return this.#guard(() => {
      const row = accountId === undefined ? this.#stmt('SELECT total(unread) AS n FROM conversations').get() : this.#stmt('SELECT total(unread) AS n FROM conversations WHERE account_id = ?').get(accountId);
      return Number(row?.n ?? 0);
    });
  }

  /** Messages whose text matches every word (the last as a prefix), newest first. */
  search(text: string, options: { accountId?: AccountId | string; conversation?: string; limit?: number } = {}): HistoryMessage[] {
    const where: string[] = [];
    const args: SQLInputValue[] = [];
    if (this.#fts) {
      const query = toFtsQuery(text);
      if (query === null) return [];
      where.push('m.seq IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)');
      args.push(query);
    } else {
      const pattern = toLikePattern(text);
      if (pattern === null) return [];
      where.push("m.body LIKE ? ESCAPE '\\'");
      args.push(pattern);
    }
    if (options.accountId !== undefined) (where.push('m.account_id = ?'), args.push(options.accountId));
    if (options.conversation !== undefined) (where.push('m.conversation = ?'), args.push(normalizeConversationKey(options.conversation)));
    const sql = `SELECT ${COLUMNS} FROM messages m WHERE ${where.join(' AND ')} ORDER BY m.timestamp DESC, m.id DESC LIMIT ?`;
    return this.#guard(() => this.#stmt(sql).all(...args, clampLimit(options.limit ?? 50)).map(toMessage));
  }

  /** Deletes a conversation's messages (and their state log) and its summary; returns how many messages. */
  deleteConversation(accountId: AccountId | string, conversation: string): number {
    const key = normalizeConversationKey(conversation);
    return this.#guard(() =>
      this.#transaction(() => {
        const { changes } = this.#stmt('DELETE FROM messages WHERE account_id = ? AND conversation = ?').run(accountId, key);
        this.#stmt('DELETE FROM conversations WHERE account_id = ? AND conversation = ?').run(accountId, key);
        return Number(changes);
      }),
    );
  }

  dispose(): void {
    const db = this.#db;
    if (db === undefined) return;
    this.#db = undefined;
    this.#statements.clear();
    try {
      db.exec('PRAGMA optimize');
    } catch {
      /* closing matters more than the planner's statistics */
    }
    db.close();
    this.#events.dispose();
  }

  #open(): void {
    const opened = openHistoryDatabase(this.file, this.#options);
    this.#db = opened.db;
    this.#fts = opened.fts;
    if (opened.movedTo !== undefined) this.#report(opened.movedTo);
  }

  /** Damage found after open: set the file aside, start fresh, tell the user. */
  #recover(): void {
    const db = this.#db;
    this.#statements.clear();
    this.#db = undefined;
    const movedTo = setDatabaseAside(this.file, new Date(this.#options.now()), () => {
      try {
        if (db?.isOpen === true) db.close();
      } catch {
        /* already unusable */
      }
    });
    this.#report(movedTo);
    this.#open();
  }

  #report(movedTo: string): void {
    const problem: HistoryProblem = {
      file: 'history',
      movedTo,
      message: `${basename(this.file)} was damaged; it was moved aside to ${basename(movedTo)} and a new, empty chat history was started.`,
    };
    this.#problems.push(problem);
    this.#events.emit('problem', problem);
  }

  /**
   * Runs an operation; on corruption sets the file aside and runs it once more on the fresh database, so a
   * message being stored is not lost with the damaged file.
   */
  #guard<T>(operation: () => T): T {
    if (this.#db === undefined) throw new StorageError('The chat history is closed.');
    try {
      return operation();
    } catch (error) {
      if (!isCorruptionError(error)) throw translate(error);
      this.#recover();
      try {
        return operation();
      } catch (second) {
        throw translate(second);
      }
    }
  }

  #transaction<T>(body: () => T): T {
    const db = this.#database();
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = body();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  #insertOne(input: NewHistoryMessage, now: number): HistoryMessage {
    const message = prepareMessage(input, now);
    const result = this.#stmt(INSERT_SQL).run(
      message.id,
      message.accountId,
      message.conversation,
      message.remoteUri,
      message.remoteDisplayName,
      message.messageId,
      message.direction,
      message.contentType,
      message.text,
      message.isText ? 1 : 0,
      message.timestamp,
      message.state,
      message.stateCode,
      message.stateReason,
      message.stateAt,
      message.path,
      message.read ? 1 : 0,
    );
    if (message.direction === 'out') this.#stmt(STATE_LOG_SQL).run(result.lastInsertRowid, message.state, now, message.stateCode, message.stateReason);
    return message;
  }

  #updateState(selectSql: string, args: SQLInputValue[], state: DeliveryState, details: StateDetails): StateUpdate | undefined {
    if (!DELIVERY_STATES.includes(state)) throw new InvalidArgumentError(`unknown delivery state ${String(state)}`, 'state');
    return this.#transaction(() => {
      const row = this.#stmt(selectSql).get(...args);
      if (row === undefined) return undefined;
      const current = toMessage(row);
      if (!canTransition(current.state, state)) return { message: current, changed: false };
      const at = details.at ?? this.#options.now();
      const code = details.code ?? null;
      const reason = details.reason ?? null;
      this.#stmt('UPDATE messages SET state = ?, state_code = ?, state_reason = ?, state_at = ? WHERE seq = ?').run(state, code, reason, at, row.seq as number);
      this.#stmt(STATE_LOG_SQL).run(row.seq as number, state, at, code, reason);
      return { message: { ...current, state, stateCode: code, stateReason: reason, stateAt: at }, changed: true };
    });
  }

  #row(sql: string, ...args: SQLInputValue[]): HistoryMessage | undefined {
    const row = this.#stmt(sql).get(...args);
    return row === undefined ? undefined : toMessage(row);
  }

  #stmt(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#database().prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #database(): DatabaseSync {
    if (this.#db === undefined) throw new StorageError('The chat history is closed.');
    return this.#db;
  }
}
