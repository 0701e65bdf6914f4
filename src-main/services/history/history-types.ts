import type { AccountId } from '../../../src-shared';

/**
 * Where a chat message stands. Outgoing: sending → sent (the next hop took it: MSRP 200, SIP 2xx) →
 * delivered (Success-Report 200 or an IMDN delivered) → displayed (IMDN displayed), or failed with a code and
 * reason. Incoming messages are `received`.
 */
export const DELIVERY_STATES = ['sending', 'sent', 'delivered', 'displayed', 'failed', 'received'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** What carried the message: an MSRP chat stream in a session, or a pager-mode SIP MESSAGE (RFC 3428). */
export const MESSAGE_PATHS = ['msrp', 'sip-message'] as const;
export type MessagePath = (typeof MESSAGE_PATHS)[number];

export type MessageDirection = 'in' | 'out';

/** One stored chat message, as plain data (epoch-ms numbers), ready to cross IPC. */
export interface HistoryMessage {
  /** Ours, unique in the database. */
  readonly id: string;
  readonly accountId: AccountId;
  /** The normalized remote address (`normalizeConversationKey`). */
  readonly conversation: string;
  readonly remoteUri: string;
  readonly remoteDisplayName: string | null;
  /** The MSRP Message-ID or imdn.Message-ID, used to match reports and notifications. */
  readonly messageId: string | null;
  readonly direction: MessageDirection;
  readonly contentType: string;
  /** The text, or for non-text content an optional summary (e.g. a file name). */
  readonly text: string | null;
  readonly isText: boolean;
  readonly timestamp: number;
  readonly state: DeliveryState;
  readonly stateCode: number | null;
  readonly stateReason: string | null;
  readonly stateAt: number;
  readonly path: MessagePath;
  readonly read: boolean;
}

/** What `insert` takes; omitted fields get the defaults named. */
export interface NewHistoryMessage {
  /** Default: a random UUID. */
  readonly id?: string;
  readonly accountId: AccountId | string;
  readonly remoteUri: string;
  readonly remoteDisplayName?: string | null;
  readonly messageId?: string | null;
  readonly direction: MessageDirection;
  readonly contentType: string;
  readonly text?: string | null;
  /** Default: `text` is not null. */
  readonly isText?: boolean;
  readonly timestamp: number;
  /** Default: `sending` out, `received` in. */
  readonly state?: DeliveryState;
  readonly stateCode?: number | null;
  readonly stateReason?: string | null;
  readonly path: MessagePath;
  /** Default: outgoing read, incoming unread. */
  readonly read?: boolean;
}

/** Keyset position: the (timestamp, id) of the last message of the previous page. */
export interface PageCursor {
  readonly timestamp: number;
  readonly id: string;
}

export interface HistoryPage {
  /** Newest first. */
  readonly messages: readonly HistoryMessage[];
  /** Where the next (older) page starts; null when there is none. */
  readonly next: PageCursor | null;
}

export interface ConversationSummary {
  readonly accountId: AccountId;
  readonly conversation: string;
  readonly remoteUri: string;
  readonly remoteDisplayName: string | null;
  readonly lastMessage: HistoryMessage;
  readonly unread: number;
}

export interface StateChange {
  readonly state: DeliveryState;
  readonly at: number;
  readonly code: number | null;
  readonly reason: string | null;
}

/**
 * A history file that could not be used, moved aside and replaced by a fresh one. Shaped like the IPC
 * contract's StorageProblem so the core can forward it as one.
 */
export interface HistoryProblem {
  readonly file: 'history';
  readonly message: string;
  /** Where the damaged file now is (its -wal/-shm beside it). */
  readonly movedTo: string;
}
