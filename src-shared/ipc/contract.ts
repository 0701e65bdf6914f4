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
  readonly file: 'accounts' | 'secrets';
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
}

export interface AppInfo {
  readonly version: string;
  /** 'electron' in the desktop app, 'web' under the loopback WebSocket host. */
  readonly adapter: 'electron' | 'web';
  readonly profileName: string;
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
}

export interface Events {
  'accounts.changed': AccountsState;
  'app.storageProblem': StorageProblem;
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
} as const satisfies Record<CommandName, true>;

export const EVENT_NAMES = {
  'accounts.changed': true,
  'app.storageProblem': true,
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
