/**
 * The one IPC contract both sides read (modelled on GitHub Desktop's ipc-shared.ts): commands go
 * renderer → main as request/response, events go main → renderer. Both adapters (Electron, loopback
 * WebSocket) carry exactly this. Add a command: add it to `Commands`, to `COMMAND_NAMES` (the compiler
 * refuses a missing or extra key), give it an argument schema in `command-schemas.ts`, and a handler.
 */
import type { AccountDraft, AccountId, AccountView } from '../models/account';
import type { Result } from './result';

/** Problems the main process found while loading state, shown to the user rather than hidden. */
export interface StorageProblem {
  readonly file: 'accounts' | 'secrets' | 'history';
  /** What happened and what Parley did about it (e.g. "moved aside to accounts.json.corrupt-<time>"). */
  readonly message: string;
}

export interface AccountsState {
  readonly accounts: readonly AccountView[];
  readonly defaultAccountId: AccountId | null;
}

/** Everything the renderer mirrors, as of event sequence number `seq`. */
export interface AppSnapshot {
  readonly seq: number;
  readonly accounts: AccountsState;
  readonly storageProblems: readonly StorageProblem[];
  readonly app: AppInfo;
  /** Every session the core knows (live, and ended ones until the next start). */
  readonly sessions: readonly SessionView[];
}

export interface AppInfo {
  readonly version: string;
  /** 'electron' in the desktop app, 'web' under the loopback WebSocket host. */
  readonly adapter: 'electron' | 'web';
  readonly profileName: string;
}

/** The log levels a user can choose (the main process's logger also knows 'silent', which is not offered). */
export const LOG_LEVEL_NAMES = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

/** The log settings of this profile (persisted in its settings.json). */
export interface LogSettings {
  readonly level: LogLevelName;
  /** The folder holding parley.log and its rotated predecessors; null when this core writes no log files. */
  readonly dir: string | null;
}

export interface LogsRevealResult {
  readonly dir: string;
  /** true: the desktop app asked the OS file manager to show it; false (web mode): the UI should show `dir`. */
  readonly shown: boolean;
}

/** A live or ended SIP session (the seed's Session), as the renderer mirrors it. */
export type SessionId = string & { readonly __brand: 'SessionId' };
/** One media stream inside a session. */
export type StreamId = string & { readonly __brand: 'StreamId' };

/** The media stream types a session can carry (the seed's media-stream registry); the core refuses types it has no stream for. */
export const MEDIA_STREAM_TYPES = ['chat', 'file-transfer', 'desktop-sharing'] as const;
export type MediaStreamType = (typeof MEDIA_STREAM_TYPES)[number];

/** The seed's session states (NULL … TERMINATED). */
export const SESSION_STATE_NAMES = [
  'null',
  'calling',
  'incoming',
  'accepting',
  'established',
  'proposing',
  'proposed',
  'terminating',
  'terminated',
] as const;
export type SessionStateName = (typeof SESSION_STATE_NAMES)[number];

export const MEDIA_STREAM_STATE_NAMES = ['new', 'initializing', 'initialized', 'starting', 'started', 'ending', 'ended', 'failed'] as const;
export type MediaStreamStateName = (typeof MEDIA_STREAM_STATE_NAMES)[number];

export interface MediaStreamView {
  readonly id: StreamId;
  readonly type: MediaStreamType;
  readonly state: MediaStreamStateName;
  /** Why the stream failed or was refused; null otherwise. */
  readonly failure: string | null;
}

export type SessionOriginator = 'local' | 'remote';

export interface SessionFailure {
  readonly originator: SessionOriginator;
  /** The SIP status (486, 487, 603 …), or 0 when no response was involved (media failure, lost flow). */
  readonly code: number;
  readonly reason: string;
}

export interface SessionView {
  readonly id: SessionId;
  readonly accountId: AccountId;
  /** Our address of record, `sip:user@domain`. */
  readonly localUri: string;
  readonly remoteUri: string;
  readonly remoteDisplayName: string | null;
  readonly direction: 'incoming' | 'outgoing';
  readonly state: SessionStateName;
  /** The streams in use (and, while a proposal is pending, those proposed). */
  readonly streams: readonly MediaStreamView[];
  /** For an incoming session before it is answered: the offered stream types. */
  readonly offeredStreamTypes: readonly MediaStreamType[];
  /** Set when the session failed before or while establishing. */
  readonly failure: SessionFailure | null;
  /** Who ended an established session; null while it lasts or when it failed. */
  readonly endedBy: SessionOriginator | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
}

export interface SessionsState {
  readonly seq: number;
  readonly sessions: readonly SessionView[];
}

/** How an incoming session is refused: busy → 486 Busy Here, decline → 603 Decline (RFC 3261 §21.4.7, §21.6.2). */
export type SessionRejectReason = 'busy' | 'decline';

export interface ChatMessageEvent {
  readonly sessionId: SessionId;
  readonly streamId: StreamId;
  readonly messageId: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly contentType: string;
  readonly text: string;
  readonly time: number;
}

export interface ChatSendResult {
  readonly messageId: string;
}

export interface Commands {
  'app.getSnapshot': { args: []; result: AppSnapshot };
  'accounts.add': { args: [draft: AccountDraft]; result: AccountView };
  'accounts.update': { args: [id: AccountId, draft: AccountDraft]; result: AccountView };
  'accounts.remove': { args: [id: AccountId]; result: null };
  'accounts.setEnabled': { args: [id: AccountId, enabled: boolean]; result: AccountView };
  'accounts.setDefault': { args: [id: AccountId]; result: null };
  /** The LAN account's only editable setting. */
  'accounts.renameLan': { args: [displayName: string]; result: AccountView };
  'logs.getSettings': { args: []; result: LogSettings };
  /** Applies at once to every log sink of the main process and is remembered for the next start. */
  'logs.setLevel': { args: [level: LogLevelName]; result: LogSettings };
  /** Shows the logs folder in the file manager (desktop), or returns where it is (web mode). */
  'logs.reveal': { args: []; result: LogsRevealResult };
  /** Every session this core knows (live, and ended ones until the next start), as of event `seq`. */
  'sessions.list': { args: []; result: SessionsState };
  /** Opens a session with the given streams (at least one) to `target` (`sip:user@domain` or `user@domain`). */
  'sessions.connect': { args: [accountId: AccountId, target: string, streamTypes: MediaStreamType[]]; result: SessionView };
  /** Answers an incoming session, accepting every offered stream Parley supports. */
  'sessions.accept': { args: [id: SessionId]; result: SessionView };
  'sessions.reject': { args: [id: SessionId, reason: SessionRejectReason]; result: SessionView };
  /** CANCEL while calling, BYE once established (RFC 3261 §9, §15). */
  'sessions.end': { args: [id: SessionId]; result: SessionView };
  /** Adds a stream by re-INVITE (RFC 3264 §8); resolves when the proposal is sent, its outcome comes as `sessions.changed`. */
  'sessions.addStream': { args: [id: SessionId, streamType: MediaStreamType]; result: SessionView };
  'sessions.removeStream': { args: [id: SessionId, streamId: StreamId]; result: SessionView };
  /** Sends text on the session's first started chat stream. */
  'chat.send': { args: [sessionId: SessionId, text: string]; result: ChatSendResult };
}

export interface Events {
  'accounts.changed': AccountsState;
  'app.storageProblem': StorageProblem;
  /** One session's new view (emitted on every state or stream change). */
  'sessions.changed': SessionView;
  'chat.message': ChatMessageEvent;
}

export type CommandName = keyof Commands;
export type CommandArgs<N extends CommandName> = Commands[N]['args'];
export type CommandResult<N extends CommandName> = Commands[N]['result'];
export type EventName = keyof Events;

/** Runtime allowlists; `satisfies Record<…, true>` makes the compiler refuse a missing or unknown name. */
export const COMMAND_NAMES = {
  'app.getSnapshot': true,
  'accounts.add': true,
  'accounts.update': true,
  'accounts.remove': true,
  'accounts.setEnabled': true,
  'accounts.setDefault': true,
  'accounts.renameLan': true,
  'logs.getSettings': true,
  'logs.setLevel': true,
  'logs.reveal': true,
  'sessions.list': true,
  'sessions.connect': true,
  'sessions.accept': true,
  'sessions.reject': true,
  'sessions.end': true,
  'sessions.addStream': true,
  'sessions.removeStream': true,
  'chat.send': true,
} as const satisfies Record<CommandName, true>;

export const EVENT_NAMES = {
  'accounts.changed': true,
  'app.storageProblem': true,
  'sessions.changed': true,
  'chat.message': true,
} as const satisfies Record<EventName, true>;

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(COMMAND_NAMES, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(EVENT_NAMES, value);
}

/** An event as it travels: `seq` increases by one per event, across all names, per main process. */
export interface EventEnvelope<N extends EventName = EventName> {
  readonly seq: number;
  readonly name: N;
  readonly payload: Events[N];
}

/**
 * The whole surface the renderer gets (the preload's contextBridge API, or the WebSocket client with the
 * same shape). Nothing else of Electron or Node is reachable from the page.
 */
export interface ParleyApi {
  invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<Result<CommandResult<N>>>;
  on<N extends EventName>(name: N, listener: (payload: Events[N], seq: number) => void): () => void;
}
