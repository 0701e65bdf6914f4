import type { DatabaseSync } from 'node:sqlite';

/**
 * One schema step: called inside a transaction with the database at version `index` (its position in the list),
 * it leaves it at `index + 1`. Never edit a released migration; append a new one.
 */
export type HistoryMigration = (db: DatabaseSync) => void;

/** Whether this SQLite has the FTS5 module (Node's bundled SQLite does; a fallback keeps search working if not). */
export function hasFts5(db: DatabaseSync): boolean {
  return (db.prepare("SELECT sqlite_compileoption_used('ENABLE_FTS5') AS on_").get()?.on_ ?? 0) === 1;
}

const NEWER = '(excluded.last_timestamp, excluded.last_id) > (last_timestamp, last_id)';

/** Version 1: messages, the per-conversation summary kept by triggers, the state log, full-text index. */
const v1: HistoryMigration = (db) => {
  db.exec(`
    CREATE TABLE messages (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      account_id TEXT NOT NULL,
      conversation TEXT NOT NULL,
      remote_uri TEXT NOT NULL,
      remote_name TEXT,
      message_id TEXT,
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
      content_type TEXT NOT NULL,
      body TEXT,
      is_text INTEGER NOT NULL,
      timestamp INTEGER NOT NULL,
      state TEXT NOT NULL,
      state_code INTEGER,
      state_reason TEXT,
      state_at INTEGER NOT NULL,
      path TEXT NOT NULL CHECK (path IN ('msrp', 'sip-message')),
      read INTEGER NOT NULL
    );
    -- Opening a conversation reads the newest page by this index, whatever the conversation's size.
    CREATE INDEX messages_by_conversation ON messages (account_id, conversation, timestamp, id);
    CREATE INDEX messages_by_message_id ON messages (account_id, message_id) WHERE message_id IS NOT NULL;
    CREATE INDEX messages_unread ON messages (account_id, conversation) WHERE read = 0;

    CREATE TABLE message_states (
      seq INTEGER NOT NULL REFERENCES messages (seq) ON DELETE CASCADE,
      state TEXT NOT NULL,
      at INTEGER NOT NULL,
      code INTEGER,
      reason TEXT
    );
    CREATE INDEX message_states_by_message ON message_states (seq);

    CREATE TABLE conversations (
      account_id TEXT NOT NULL,
      conversation TEXT NOT NULL,
      remote_uri TEXT NOT NULL,
      remote_name TEXT,
      last_seq INTEGER NOT NULL,
      last_timestamp INTEGER NOT NULL,
      last_id TEXT NOT NULL,
      unread INTEGER NOT NULL,
      PRIMARY KEY (account_id, conversation)
    ) WITHOUT ROWID;
    CREATE INDEX conversations_by_time ON conversations (last_timestamp, last_id);
    CREATE INDEX conversations_by_account_time ON conversations (account_id, last_timestamp, last_id);

    CREATE TRIGGER messages_summary AFTER INSERT ON messages BEGIN
      INSERT INTO conversations (account_id, conversation, remote_uri, remote_name, last_seq, last_timestamp, last_id, unread)
      VALUES (new.account_id, new.conversation, new.remote_uri, new.remote_name, new.seq, new.timestamp, new.id, new.read = 0)
      ON CONFLICT (account_id, conversation) DO UPDATE SET
        unread = unread + excluded.unread,
        last_seq = CASE WHEN ${NEWER} THEN excluded.last_seq ELSE last_seq END,
        remote_uri = CASE WHEN ${NEWER} THEN excluded.remote_uri ELSE remote_uri END,
        remote_name = CASE WHEN ${NEWER} AND excluded.remote_name IS NOT NULL THEN excluded.remote_name ELSE remote_name END,
        last_id = CASE WHEN ${NEWER} THEN excluded.last_id ELSE last_id END,
        last_timestamp = CASE WHEN ${NEWER} THEN excluded.last_timestamp ELSE last_timestamp END;
    END;
    CREATE TRIGGER messages_read AFTER UPDATE OF read ON messages WHEN old.read <> new.read BEGIN
      UPDATE conversations SET unread = unread + (CASE WHEN new.read = 0 THEN 1 ELSE -1 END)
      WHERE account_id = new.account_id AND conversation = new.conversation;
    END;
  `);
  if (!hasFts5(db)) return;
  // External-content FTS5 over the text bodies (rowid = messages.seq), kept in step by triggers.
  db.exec(`
    CREATE VIRTUAL TABLE messages_fts USING fts5 (body, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2');
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.body IS NOT NULL BEGIN
      INSERT INTO messages_fts (rowid, body) VALUES (new.seq, new.body);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.body IS NOT NULL BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.seq, old.body);
    END;
  `);
};

/** The schema, version by version (PRAGMA user_version = how many have run). */
export const HISTORY_MIGRATIONS: readonly HistoryMigration[] = [v1];
