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

/** The profile's app preferences (persisted in its preferences.json). */
export interface AppPreferences {
  /** Desktop app: a new incoming chat message shows an OS notification while the window is not focused. */
  readonly notifications: boolean;
}

/** The desktop shell asks the window to show a conversation (the user clicked its notification). */
export interface OpenConversationRequest {
  readonly accountId: AccountId;
  /** The conversation's key: the normalized remote address (`ChatMessageView.conversation`). */
  readonly conversation: string;
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
  /** Desktop-sharing streams only: which side we are and whether our screen is being shared. */
  readonly desktop?: DesktopStreamView;
}

/**
 * Our side of a desktop-sharing stream (the SIP SIMPLE client's a=rfbsetup: the viewer is active, the
 * server passive). "Request to view their screen" makes us the viewer; "share my screen" the server.
 */
export const DESKTOP_ROLES = ['viewer', 'server'] as const;
export type DesktopRole = (typeof DESKTOP_ROLES)[number];

/**
 * Where a desktop-sharing stream stands. `awaiting-confirmation`: the peer asked to view our screen in a
 * re-INVITE and nothing is shared until the user allows it (`desktop.allowSharing`); `starting`: the local
 * VNC server is being started; `active`: sharing (server) or receiving the remote screen (viewer);
 * `stopped`: over (the local VNC server is gone).
 */
export const DESKTOP_PHASES = ['awaiting-confirmation', 'starting', 'active', 'stopped'] as const;
export type DesktopPhase = (typeof DESKTOP_PHASES)[number];

export interface DesktopStreamView {
  readonly role: DesktopRole;
  readonly phase: DesktopPhase;
  /** True while the peer sees our screen: the UI shows a "sharing" indicator with a stop button. */
  readonly sharing: boolean;
  /** Server: the peer's keyboard and mouse are ignored. */
  readonly viewOnly: boolean;
}

/** Options of `sessions.connect` / `sessions.addStream` (all optional; absent means the usual defaults). */
export interface StreamRequestOptions {
  /** For a desktop-sharing stream: 'viewer' asks to view the peer's screen (default), 'server' shares ours. */
  readonly desktopRole?: DesktopRole;
}

/** RFB bytes (RFC 6143) of one viewer, in either direction; at most DESKTOP_VIEWER_MAX_BYTES per command. */
export interface DesktopViewerChunk {
  readonly streamId: StreamId;
  readonly bytes: Uint8Array;
}

export const DESKTOP_VIEWER_MAX_BYTES = 64 * 1024;

export interface DesktopViewerClosedEvent {
  readonly streamId: StreamId;
  /** `ended`: the stream ended (either side, or the session); `failed`: the connection or the VNC side broke. */
  readonly reason: 'ended' | 'failed';
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
  /** For an incoming session offering desktop sharing: our role if we accept ('server': they ask to view our screen). */
  readonly offeredDesktopRole?: DesktopRole;
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

/** Where a stored chat message stands (outgoing: sending → sent → delivered → displayed, or failed; incoming: received). */
export const CHAT_MESSAGE_STATES = ['sending', 'sent', 'delivered', 'displayed', 'failed', 'received'] as const;
export type ChatMessageState = (typeof CHAT_MESSAGE_STATES)[number];

/** One stored chat message, whatever carried it: an MSRP chat stream or a pager-mode SIP MESSAGE. */
export interface ChatMessageView {
  /** Ours; `chat.sendMessage` returns it and `chat.messageChanged` names it. */
  readonly id: string;
  readonly accountId: AccountId;
  /** The normalized remote address: the conversation's key. */
  readonly conversation: string;
  readonly remoteUri: string;
  readonly remoteDisplayName: string | null;
  readonly direction: 'in' | 'out';
  readonly contentType: string;
  /** The text, or null for content that is not text. */
  readonly text: string | null;
  readonly timestamp: number;
  readonly state: ChatMessageState;
  /** The status that decided the state (200, 408, 415 …; 0 without a response), null when none applies. */
  readonly stateCode: number | null;
  readonly stateReason: string | null;
  readonly stateAt: number;
  readonly path: 'msrp' | 'sip-message';
  readonly read: boolean;
}

/** Keyset position in a newest-first list: the (timestamp, id) of the last item of the previous page. */
export interface HistoryCursor {
  readonly timestamp: number;
  readonly id: string;
}

/** One conversation (account × remote party) for the conversation list. */
export interface ConversationView {
  readonly accountId: AccountId;
  readonly conversation: string;
  readonly remoteUri: string;
  readonly remoteDisplayName: string | null;
  readonly lastMessage: ChatMessageView;
  readonly unread: number;
  /** When the last message was sent or received. */
  readonly timestamp: number;
  /** A session with a chat stream to this party is up (or coming up): messages go over MSRP. */
  readonly live: boolean;
}

export interface ConversationsQuery {
  /** null: every account. */
  readonly accountId: AccountId | null;
  /** null: the newest page. */
  readonly before: HistoryCursor | null;
}

export interface ConversationsPage {
  readonly conversations: readonly ConversationView[];
  readonly next: HistoryCursor | null;
}

export interface HistoryPageQuery {
  readonly accountId: AccountId;
  /** The remote party, in any form of its address (`bob@example.com`, `sip:bob@example.com;transport=tcp`). */
  readonly remote: string;
  readonly before: HistoryCursor | null;
}

export interface HistoryPageView {
  /** Newest first. */
  readonly messages: readonly ChatMessageView[];
  readonly next: HistoryCursor | null;
}

export interface HistoryMarkReadResult {
  /** How many incoming messages were unread. */
  readonly marked: number;
}

/** The remote party's is-composing state (RFC 3994), from the chat stream or a pager MESSAGE. */
export interface ChatComposingEvent {
  readonly accountId: AccountId;
  readonly conversation: string;
  readonly remoteUri: string;
  readonly state: 'active' | 'idle';
}

/** One file transfer (RFC 5547 over MSRP, one SIP session per transfer). */
export type TransferId = string & { readonly __brand: 'TransferId' };

/**
 * preparing: hashing the file before offering it (outgoing); offered: waiting for the receiver's decision;
 * accepted: the session is up, data not flowing yet; transferring; then one final state.
 */
export const TRANSFER_STATES = ['preparing', 'offered', 'accepted', 'transferring', 'completed', 'failed', 'declined', 'cancelled'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/** Why a transfer failed or was refused, as a stable code (the message is for people). */
export const TRANSFER_FAILURE_CODES = [
  'too-large',
  'size-mismatch',
  'hash-mismatch',
  'aborted',
  'unsafe-path',
  'disk-failed',
  'bad-offer',
  'connection-lost',
  'rejected',
  'session-failed',
  'interrupted',
] as const;
export type TransferFailureCode = (typeof TRANSFER_FAILURE_CODES)[number];

export interface TransferFailure {
  readonly code: TransferFailureCode;
  readonly message: string;
}

export interface TransferView {
  readonly id: TransferId;
  readonly accountId: AccountId;
  /** The SIP session carrying it (none once Parley restarted, or before the INVITE). */
  readonly sessionId: SessionId | null;
  readonly direction: 'incoming' | 'outgoing';
  /** The other party's SIP URI. */
  readonly peer: string;
  readonly peerDisplayName: string | null;
  /** The file name: ours when sending; the offered name made safe when receiving. */
  readonly name: string;
  /** Bytes, when known (an offer may omit the size). */
  readonly size: number | null;
  readonly mediaType: string;
  /** SHA-1 as `AA:BB:…` (RFC 5547 §5 file-selector hash). */
  readonly hash: string | null;
  readonly state: TransferState;
  /** Bytes transferred, counting a resumed prefix; while preparing, bytes hashed. */
  readonly bytes: number;
  readonly total: number | null;
  readonly bytesPerSecond: number;
  readonly etaSeconds: number | null;
  /** Bytes already held when the data started (a resumed transfer starts above 0). */
  readonly startOffset: number;
  readonly failure: TransferFailure | null;
  /** Incoming: the final path once completed; outgoing: the file sent. */
  readonly path: string | null;
  readonly createdAt: number;
  readonly endedAt: number | null;
}

/**
 * A file the page holds only as bytes (web mode: a dropped or picked file has no path the core can read),
 * copied into the profile's staging folder in bounded chunks, in order, and then sent from there.
 */
export type UploadId = string & { readonly __brand: 'UploadId' };

/** The most bytes one `transfers.uploadChunk` may carry (base64 in web mode: well under the frame limit). */
export const UPLOAD_CHUNK_MAX_BYTES = 1024 * 1024;

/** `transfers.uploadBegin`: the staging file is open; send its bytes from offset 0 in chunks of at most `chunkBytes`. */
export interface UploadStart {
  readonly id: UploadId;
  readonly chunkBytes: number;
}

/** `transfers.uploadChunk`: bytes staged so far (the next chunk's offset). */
export interface UploadProgress {
  readonly received: number;
}

/** `transfers.reveal`: where a received file is, and whether the desktop app showed it in the file manager. */
export interface TransferRevealResult {
  readonly path: string;
  /** true: the OS file manager was asked to show it; false (web mode): the UI shows `path`. */
  readonly shown: boolean;
}

export interface TransfersState {
  readonly seq: number;
  /** Newest first. */
  readonly transfers: readonly TransferView[];
}

/** The debug console's traces: SIP messages, MSRP frames, service notifications (events), log records. */
export const CONSOLE_KINDS = ['sip', 'msrp', 'notification', 'log'] as const;
export type ConsoleKind = (typeof CONSOLE_KINDS)[number];

/** Per trace: nothing, the first line and headers only (bodies as their size), or everything (redacted). */
export const CONSOLE_TRACE_LEVELS = ['off', 'headers', 'full'] as const;
export type ConsoleTraceLevel = (typeof CONSOLE_TRACE_LEVELS)[number];
export type ConsoleTraceLevels = { readonly [K in ConsoleKind]: ConsoleTraceLevel };

/** Where a traced message went or came from, for the ladder diagram's columns. */
export const CONSOLE_HOPS = ['proxy', 'relay', 'peer'] as const;
export type ConsoleHop = (typeof CONSOLE_HOPS)[number];

/** One traced item. Its text is redacted in main (credentials never leave it). */
export interface ConsoleEntry {
  /** Increases by one per entry in this core. */
  readonly id: number;
  readonly time: number;
  readonly kind: ConsoleKind;
  /** in: received by us; out: sent by us; none: notifications and logs. */
  readonly direction: 'in' | 'out' | 'none';
  readonly accountId: AccountId | null;
  readonly sessionId: SessionId | null;
  /** The SIP dialog (Call-ID) the entry belongs to, when known: SIP messages and MSRP frames of its streams. */
  readonly callId: string | null;
  /** SIP/MSRP method of a request, or of the request a response answers (from CSeq); the event name; the log level. */
  readonly method: string | null;
  /** Response status, null for requests and everything else. */
  readonly status: number | null;
  /** One line: `INVITE sip:bob@…`, `401 Unauthorized`, `SEND`, an event name, a log message. */
  readonly summary: string;
  /** The other end: the next hop's kind (for the ladder) and its address, when known. */
  readonly hop: ConsoleHop | null;
  readonly remote: string | null;
  /** The raw message, redacted (`headers` level: first line and headers, the body as its size). */
  readonly text: string;
}

export interface ConsoleSubscription {
  /** The levels in effect (the highest any subscriber asked for, per trace). */
  readonly levels: ConsoleTraceLevels;
  /** Renew the subscription within this time, or tracing turns off (a closed window stops costing). */
  readonly leaseMs: number;
  readonly capacity: number;
}

export interface ConsoleSnapshot {
  /** Oldest first, at most `capacity`. */
  readonly entries: readonly ConsoleEntry[];
  readonly levels: ConsoleTraceLevels;
  readonly capacity: number;
  /** Entries pushed out of the ring since the start (or the last clear). */
  readonly dropped: number;
}

export interface ConsoleEntriesEvent {
  readonly entries: readonly ConsoleEntry[];
  /** Entries that were not sent in a batch because the renderer-bound queue was full (ask `console.snapshot`). */
  readonly skipped: number;
}

export interface ConsoleExport {
  readonly fileName: string;
  /** Plain text, every entry in full as traced (already redacted). */
  readonly text: string;
}

/**
 * Another Parley (or DNS-SD SIP client) found on the local network by the LAN account (DNS-SD over mDNS,
 * RFC 6762/6763): a contact reachable with no server. `contact` is the `sip:` URI to give `sessions.connect`
 * or `chat.sendMessage` together with the LAN account's id.
 */
export interface LanPeerView {
  /** The peer's stable id (its DNS-SD TXT `instance`), kept across its restarts. */
  readonly id: string;
  readonly displayName: string;
  readonly contact: string;
  /** Its addresses on the link, sorted. */
  readonly addresses: readonly string[];
}

/** The LAN account's discovered peers, whole (sent again on every appearance, change and departure). */
export interface LanPeersChangedEvent {
  readonly accountId: AccountId;
  readonly peers: readonly LanPeerView[];
}

export interface LanPeersState {
  readonly seq: number;
  /** The LAN account. */
  readonly accountId: AccountId;
  /** True while the LAN account listens and browses (enabled, and this core runs it). */
  readonly running: boolean;
  /** Our own contact on the link while running (`sip:user@address:port;transport=tcp`), else null. */
  readonly contact: string | null;
  readonly peers: readonly LanPeerView[];
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
  'app.getPreferences': { args: []; result: AppPreferences };
  /** Turns the desktop app's chat notifications on or off (remembered for the next start). */
  'app.setNotifications': { args: [enabled: boolean]; result: AppPreferences };
  'logs.getSettings': { args: []; result: LogSettings };
  /** Applies at once to every log sink of the main process and is remembered for the next start. */
  'logs.setLevel': { args: [level: LogLevelName]; result: LogSettings };
  /** Shows the logs folder in the file manager (desktop), or returns where it is (web mode). */
  'logs.reveal': { args: []; result: LogsRevealResult };
  /** Every session this core knows (live, and ended ones until the next start), as of event `seq`. */
  'sessions.list': { args: []; result: SessionsState };
  /** Opens a session with the given streams (at least one) to `target` (`sip:user@domain` or `user@domain`). */
  'sessions.connect': { args: [accountId: AccountId, target: string, streamTypes: MediaStreamType[], options?: StreamRequestOptions]; result: SessionView };
  /** Answers an incoming session, accepting every offered stream Parley supports. */
  'sessions.accept': { args: [id: SessionId]; result: SessionView };
  'sessions.reject': { args: [id: SessionId, reason: SessionRejectReason]; result: SessionView };
  /** CANCEL while calling, BYE once established (RFC 3261 §9, §15). */
  'sessions.end': { args: [id: SessionId]; result: SessionView };
  /** Adds a stream by re-INVITE (RFC 3264 §8); resolves when the proposal is sent, its outcome comes as `sessions.changed`. */
  'sessions.addStream': { args: [id: SessionId, streamType: MediaStreamType, options?: StreamRequestOptions]; result: SessionView };
  'sessions.removeStream': { args: [id: SessionId, streamId: StreamId]; result: SessionView };
  /** The user allows sharing the screen the peer asked to view in a re-INVITE (decline: `sessions.removeStream`). */
  'desktop.allowSharing': { args: [streamId: StreamId]; result: null };
  /**
   * The in-app viewer is ready: the remote RFB bytes received so far, then the rest, come as
   * `desktop.viewerData` events. No listening port: the bytes ride the IPC channel (base64 in web mode).
   */
  'desktop.viewerOpen': { args: [streamId: StreamId]; result: null };
  /** RFB bytes from the in-app viewer to the remote server. */
  'desktop.viewerSend': { args: [chunk: DesktopViewerChunk]; result: null };
  /** The viewer consumed this many bytes of `desktop.viewerData`: credit for more (flow control). */
  'desktop.viewerAck': { args: [streamId: StreamId, bytes: number]; result: null };
  /** The viewer went away: the stream is removed from its session (RFC 3264 §8.2), or the session ends. */
  'desktop.viewerClose': { args: [streamId: StreamId]; result: null };
  /** Sends text on the session's first started chat stream. */
  'chat.send': { args: [sessionId: SessionId, text: string]; result: ChatSendResult };
  /**
   * Sends text to a party: over the live chat stream of a session with them when there is one (queued while it
   * starts), else as a pager-mode SIP MESSAGE (RFC 3428). Returns the stored message's id.
   */
  'chat.sendMessage': { args: [accountId: AccountId, remote: string, text: string]; result: ChatSendResult };
  /** The user is typing (true) or cleared the input (false): is-composing to the party (RFC 3994). */
  'chat.setComposing': { args: [accountId: AccountId, remote: string, composing: boolean]; result: null };
  /** Conversations by their last message, newest first, with unread counts. */
  'history.conversations': { args: [query: ConversationsQuery]; result: ConversationsPage };
  /** One conversation's messages, newest first. */
  'history.page': { args: [query: HistoryPageQuery]; result: HistoryPageView };
  /** Messages containing every word of `text` (the last as a prefix), newest first. */
  'history.search': { args: [text: string]; result: readonly ChatMessageView[] };
  /** Marks the conversation read (and sends the display notifications its messages asked for, RFC 5438). */
  'history.markRead': { args: [accountId: AccountId, remote: string]; result: HistoryMarkReadResult };
  /** Hashes the file, then offers it to `target` in a new session of its own (RFC 5547 push). */
  'transfers.send': { args: [accountId: AccountId, target: string, path: string]; result: TransferView };
  /**
   * Web mode's way to send a file the page has as bytes: opens a staging file in the profile for `size` bytes
   * named `name` (made safe, as a received name is: that is the name the peer is offered). Refused above the
   * staging limit (`invalid-argument`, field `size`) or while too many uploads are open (`conflict`). An upload
   * that gets no chunk for a few minutes is given up (later calls: `not-found`).
   */
  'transfers.uploadBegin': { args: [name: string, size: number]; result: UploadStart };
  /**
   * The next bytes of an upload; `offset` must be the bytes staged so far (chunks come in order, none twice).
   * A wrong offset is `conflict` (field `offset`, nothing written); bytes past the announced size are
   * `invalid-argument` (field `bytes`); a disk failure is `storage-failed` and gives the upload up.
   */
  'transfers.uploadChunk': { args: [id: UploadId, offset: number, bytes: Uint8Array]; result: UploadProgress };
  /**
   * Every byte is staged: offers the file to `target` as `transfers.send` would (`conflict` while bytes are
   * missing). The staged copy is deleted when the transfer ends, so the view's `path` is then gone: sending
   * the file again takes a new upload. After this the upload id is spent (cancel the transfer instead).
   */
  'transfers.uploadSend': { args: [id: UploadId, accountId: AccountId, target: string]; result: TransferView };
  /** Gives up an upload still taking bytes and deletes what was staged (the page was closed, the user cancelled). */
  'transfers.uploadAbort': { args: [id: UploadId]; result: null };
  /** Accepts an offered incoming file (into the downloads folder). */
  'transfers.accept': { args: [id: TransferId]; result: TransferView };
  'transfers.decline': { args: [id: TransferId]; result: TransferView };
  /** Stops a transfer in any live state (an offered incoming one is declined). */
  'transfers.cancel': { args: [id: TransferId]; result: TransferView };
  /**
   * A failed or cancelled transfer once more, as a new transfer: an outgoing one is offered again from its
   * file (the receiver resumes from its partial file); an incoming one is asked of the sender as a pull
   * (RFC 5547 §5: a recvonly offer naming the file by its selector), resuming from our partial file.
   * `conflict` while the transfer is live or when it cannot be repeated (an upload's copy is gone, no hash known).
   */
  'transfers.retry': { args: [id: TransferId]; result: TransferView };
  /** Every transfer remembered in the profile (and live ones), newest first, as of event `seq`. */
  'transfers.list': { args: []; result: TransfersState };
  /**
   * A completed incoming file, in the file manager (desktop) or as its path (web mode). Refused (`not-found`)
   * unless the file is still in the downloads folder and is still the file Parley wrote.
   */
  'transfers.reveal': { args: [id: TransferId]; result: TransferRevealResult };
  /**
   * Desktop only: opens a completed incoming file with its default application, after the user confirmed
   * it in the UI (`confirmed` must be true). The same checks as `transfers.reveal`; programs and scripts
   * (by extension, executable bit or content) are refused with `conflict`, field `executable`.
   */
  'transfers.open': { args: [id: TransferId, confirmed: true]; result: null };
  /**
   * Turns traces on for this console (`clientId`: any id the window chose) at the given levels; renew within
   * `leaseMs`. Entries then come as `console.entries` batches.
   */
  'console.subscribe': { args: [clientId: string, levels: ConsoleTraceLevels]; result: ConsoleSubscription };
  /** This console is closed: with no subscriber left, every trace subscription in main is off. */
  'console.unsubscribe': { args: [clientId: string]; result: null };
  /** The ring buffer's contents. */
  'console.snapshot': { args: []; result: ConsoleSnapshot };
  'console.clear': { args: []; result: null };
  /** The ring buffer as a text file's content (redacted), for the renderer to save. */
  'console.export': { args: []; result: ConsoleExport };
  /** The LAN account's peers found on the local network, as of event `seq` (then `lan.peersChanged`). */
  'lan.peers': { args: []; result: LanPeersState };
}

export interface Events {
  'accounts.changed': AccountsState;
  'app.storageProblem': StorageProblem;
  /** One session's new view (emitted on every state or stream change). */
  'sessions.changed': SessionView;
  'chat.message': ChatMessageEvent;
  /** Remote RFB bytes for the in-app viewer of a desktop-sharing stream (after `desktop.viewerOpen`). */
  'desktop.viewerData': DesktopViewerChunk;
  /** The viewer's stream is over: no more `desktop.viewerData` will come. */
  'desktop.viewerClosed': DesktopViewerClosedEvent;
  /** A stored message was added or changed (delivery state, read). */
  'chat.messageChanged': ChatMessageView;
  'chat.composing': ChatComposingEvent;
  /** A transfer's new view: state changes at once, progress at most ~10 per second per transfer. */
  'transfers.changed': TransferView;
  /** New debug-console entries, batched (a few per second at most) while a console is subscribed. */
  'console.entries': ConsoleEntriesEvent;
  /** The LAN account's peers changed (one appeared, changed or left; all are gone when it stops). */
  'lan.peersChanged': LanPeersChangedEvent;
  /** Desktop app: the user clicked a chat notification; the window shows that conversation. */
  'app.openConversation': OpenConversationRequest;
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
  'app.getPreferences': true,
  'app.setNotifications': true,
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
  'desktop.allowSharing': true,
  'desktop.viewerOpen': true,
  'desktop.viewerSend': true,
  'desktop.viewerAck': true,
  'desktop.viewerClose': true,
  'chat.send': true,
  'chat.sendMessage': true,
  'chat.setComposing': true,
  'history.conversations': true,
  'history.page': true,
  'history.search': true,
  'history.markRead': true,
  'transfers.send': true,
  'transfers.uploadBegin': true,
  'transfers.uploadChunk': true,
  'transfers.uploadSend': true,
  'transfers.uploadAbort': true,
  'transfers.accept': true,
  'transfers.decline': true,
  'transfers.cancel': true,
  'transfers.retry': true,
  'transfers.list': true,
  'transfers.reveal': true,
  'transfers.open': true,
  'console.subscribe': true,
  'console.unsubscribe': true,
  'console.snapshot': true,
  'console.clear': true,
  'console.export': true,
  'lan.peers': true,
} as const satisfies Record<CommandName, true>;

export const EVENT_NAMES = {
  'accounts.changed': true,
  'app.storageProblem': true,
  'sessions.changed': true,
  'chat.message': true,
  'desktop.viewerData': true,
  'desktop.viewerClosed': true,
  'chat.messageChanged': true,
  'chat.composing': true,
  'transfers.changed': true,
  'console.entries': true,
  'lan.peersChanged': true,
  'app.openConversation': true,
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

/** A file the page got from a drop or an `<input type=file>` (a DOM `File`; src-shared has no DOM types). */
export interface PageFile {
  readonly name: string;
  readonly size: number;
}

/**
 * The whole surface the renderer gets (the preload's contextBridge API, or the WebSocket client with the
 * same shape). Nothing else of Electron or Node is reachable from the page.
 */
export interface ParleyApi {
  invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<Result<CommandResult<N>>>;
  on<N extends EventName>(name: N, listener: (payload: Events[N], seq: number) => void): () => void;
  /**
   * Desktop only (absent in web mode): the full path of a file the user dropped on the page or picked in a
   * file input (Electron's `webUtils.getPathForFile`), or '' for a file with none (one the page made). It reads
   * no file and reaches nothing else of the file system: the path only goes back into `transfers.send`.
   */
  pathForFile?(file: PageFile): string;
}
