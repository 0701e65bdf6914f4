import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountId } from '../../../../src-shared';
import type { CommandsFacade } from '../../bridge/bridge';
import type { ClientError } from '../../bridge/client-result';
import type { FilePathReader } from '../../bridge/local-file-path';
import { pathProblem, transferCommandError } from './transfer-command-errors';
import { uploadAndSend, type PageBlob } from './upload-page-file';

/**
 * A file the user dropped or picked that is not yet a transfer in main: waiting its turn, being copied into
 * the profile (web mode), or being offered. Once main answers with a transfer, the file leaves this list and
 * the transfer (from the mirror) shows its progress; a failure stays here with what to do, until dismissed.
 */
export interface PendingFile {
  readonly key: string;
  readonly accountId: AccountId;
  readonly target: string;
  readonly name: string;
  readonly size: number;
  /** Bytes copied into main so far (web mode). */
  readonly staged: number;
  readonly phase: 'waiting' | 'copying' | 'offering' | 'failed';
  readonly problem: string | null;
}

export interface PageUploadsState {
  /** In the order the user gave them. */
  readonly items: readonly PendingFile[];
}

/**
 * Page-side state of files on their way to main: UI state the page alone has (the bytes of a dropped file),
 * so it lives here and not in a mirror store. Files go one at a time, in the user's order (main hashes each
 * before offering it). A file with a path on this computer (the desktop app's pathForFile) is sent by path;
 * any other is copied through `transfers.upload*` first. The queue outlives the conversation pane, so
 * leaving a conversation does not stop a copy.
 */
export class PageUploads {
  // The store's own setter, kept private: this is UI state, written here and only here (never a mirror store).
  #set: (update: (state: PageUploadsState) => PageUploadsState) => void = () => undefined;
  readonly store: StoreApi<PageUploadsState> = createStore<PageUploadsState>()((set) => {
    this.#set = set;
    return { items: [] };
  });
  readonly #commands: CommandsFacade;
  readonly #pathOf: FilePathReader | undefined;
  readonly #controllers = new Map<string, AbortController>();
  #queue: Promise<void> = Promise.resolve();
  #counter = 0;

  constructor(commands: CommandsFacade, pathOf?: FilePathReader) {
    this.#commands = commands;
    this.#pathOf = pathOf;
  }

  /** Queues each file for `target`, sent from `accountId`. */
  send(accountId: AccountId, target: string, files: readonly PageBlob[]): void {
    for (const file of files) {
      const key = `upload-${++this.#counter}`;
      const controller = new AbortController();
      this.#controllers.set(key, controller);
      this.#add({ key, accountId, target, name: file.name, size: file.size, staged: 0, phase: 'waiting', problem: null });
      this.#queue = this.#queue.then(() => this.#sendOne(key, file, controller.signal));
    }
  }

  /** Typed or dragged paths (a path dropped as text): offered by path, one at a time like files. */
  sendPaths(accountId: AccountId, target: string, paths: readonly string[]): void {
    for (const path of paths) {
      const key = `upload-${++this.#counter}`;
      const name = path.split(/[\\/]/).pop() ?? path;
      this.#add({ key, accountId, target, name, size: 0, staged: 0, phase: 'waiting', problem: null });
      this.#queue = this.#queue.then(() => this.#sendPath(key, path));
    }
  }

  /** Stops a file still waiting or being copied (main deletes what it staged). */
  cancel(key: string): void {
    this.#controllers.get(key)?.abort();
    const item = this.store.getState().items.find((candidate) => candidate.key === key);
    if (item !== undefined && item.phase === 'waiting') this.dismiss(key);
  }

  dismiss(key: string): void {
    this.#controllers.delete(key);
    this.#set((state) => ({ items: state.items.filter((item) => item.key !== key) }));
  }

  async #sendOne(key: string, file: PageBlob, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return this.dismiss(key);
    const path = this.#pathOf === undefined ? null : this.#pathOf(file);
    if (path !== null && pathProblem(path) === null) return this.#sendPath(key, path);
    this.#update(key, { phase: 'copying' });
    const item = this.#item(key);
    if (item === undefined) return;
    const outcome = await uploadAndSend(this.#commands, file, item.accountId, item.target, { signal, onProgress: (staged) => this.#update(key, { staged }) });
    if (outcome.kind === 'failed') this.#update(key, { phase: 'failed', problem: uploadProblem(outcome.step, outcome.error) });
    else this.dismiss(key);
  }

  async #sendPath(key: string, path: string): Promise<void> {
    const item = this.#item(key);
    if (item === undefined) return;
    this.#update(key, { phase: 'offering' });
    const result = await this.#commands.invoke('transfers.send', item.accountId, item.target, path);
    if (result.ok) this.dismiss(key);
    else this.#update(key, { phase: 'failed', problem: transferCommandError('send', result.error) });
  }

  #item(key: string): PendingFile | undefined {
    return this.store.getState().items.find((item) => item.key === key);
  }

  #add(item: PendingFile): void {
    this.#set((state) => ({ items: [...state.items, item] }));
  }

  #update(key: string, change: Partial<Omit<PendingFile, 'key'>>): void {
    this.#set((state) => ({ items: state.items.map((item) => (item.key === key ? { ...item, ...change } : item)) }));
  }
}

/** Why a copy failed, in words that say what to do. */
export function uploadProblem(step: 'read' | 'upload' | 'send', error: ClientError): string {
  if (step === 'read') return error.message;
  if (step === 'send') return transferCommandError('send', error);
  switch (error.code) {
    case 'disconnected':
      return 'Parley lost the connection to its core while copying the file. Drop it again once it is back.';
    case 'invalid-argument':
    case 'conflict':
    case 'unavailable':
      return `Parley could not take the file: ${error.message}`;
    default:
      return `Copying the file into Parley failed (${error.message}). Try again.`;
  }
}
