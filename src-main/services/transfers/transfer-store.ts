import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TRANSFER_FAILURE_CODES, TRANSFER_STATES, type TransferId, type TransferView } from '../../../src-shared';
import { createNullLogger, type Logger } from '../../common';
import { moveAside, writeFileAtomic } from '../storage/atomic-file';
import { SerialQueue } from '../storage/serial-queue';

/** The transfers list of a profile: `<profile>/transfers.json`. */
export const TRANSFERS_FILE = 'transfers.json';
/** The newest transfers kept; older ones drop off the list (their files stay where they are). */
export const DEFAULT_MAX_TRANSFERS = 1000;

interface StoredFile {
  readonly version: 1;
  readonly transfers: readonly TransferView[];
  /** Served pulls → when the file they were served from was first sent (epoch ms): a pull does not renew the window. */
  readonly pullOrigins?: Readonly<Record<string, number>>;
}

/** Served pull → the epoch ms its file was first sent at (see `findServableTransfer`). */
export type PullOrigins = ReadonlyMap<TransferId, number>;

export interface TransferStoreOptions {
  readonly profileDir: string;
  readonly maxTransfers?: number;
  readonly logger?: Logger;
  /** An unreadable file was moved aside. */
  readonly onProblem?: (message: string) => void;
}

/**
 * The persisted transfers history: every transfer's last view, written atomically (temp + fsync + rename) and
 * one write at a time. A file that cannot be read is moved aside and reported, never trusted or overwritten
 * in place. Transfers that were live when Parley stopped come back as failed ("interrupted"): their sessions
 * are gone (a receiver's partial file stays remembered for a resume).
 */
export class TransferStore {
  readonly path: string;
  readonly #max: number;
  readonly #queue = new SerialQueue();
  readonly #logger: Logger;
  #pending: { readonly transfers: readonly TransferView[]; readonly pullOrigins: PullOrigins } | undefined;

  private constructor(path: string, options: TransferStoreOptions) {
    this.path = path;
    this.#max = options.maxTransfers ?? DEFAULT_MAX_TRANSFERS;
    this.#logger = options.logger ?? createNullLogger();
  }

  static async open(options: TransferStoreOptions): Promise<{ store: TransferStore; transfers: TransferView[]; pullOrigins: Map<TransferId, number> }> {
    const store = new TransferStore(join(options.profileDir, TRANSFERS_FILE), options);
    let transfers: TransferView[] = [];
    let pullOrigins = new Map<TransferId, number>();
    try {
      ({ transfers, pullOrigins } = parseStored(JSON.parse(await readFile(store.path, 'utf8'))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        const aside = await moveAside(store.path).catch(() => undefined);
        const message = `The transfers list could not be read and was moved aside${aside === undefined ? '' : ` (${aside})`}.`;
        store.#logger.warn('transfers list unreadable', { aside, error: error instanceof Error ? error.message : String(error) });
        options.onProblem?.(message);
      }
    }
    const now = Date.now();
    return { store, transfers: transfers.map((view) => (isLive(view) ? interrupted(view, now) : view)), pullOrigins };
  }

  /**
   * Saves the list (newest first, capped). Calls coalesce: while a write runs, only the latest list waits,
   * so a burst of state changes costs at most two writes.
   */
  save(transfers: readonly TransferView[], pullOrigins: PullOrigins = new Map()): Promise<void> {
    const first = this.#pending === undefined;
    this.#pending = { transfers: transfers.slice(0, this.#max), pullOrigins };
    if (!first) return this.#queue.idle();
    return this.#queue.run(async () => {
      const list = this.#pending?.transfers ?? [];
      const origins = this.#pending?.pullOrigins ?? new Map<TransferId, number>();
      this.#pending = undefined;
      // Only for transfers still listed: a pull that dropped off the list needs no origin.
      const kept: Record<string, number> = {};
      for (const view of list) {
        const at = origins.get(view.id);
        if (at !== undefined) kept[view.id] = at;
      }
      const stored: StoredFile = { version: 1, transfers: list, ...(Object.keys(kept).length > 0 ? { pullOrigins: kept } : {}) };
      await writeFileAtomic(this.path, `${JSON.stringify(stored, null, 1)}\n`, { mode: 0o600 });
    });
  }

  idle(): Promise<void> {
    return this.#queue.idle();
  }
}

function isLive(view: TransferView): boolean {
  return view.state === 'preparing' || view.state === 'offered' || view.state === 'accepted' || view.state === 'transferring';
}

function interrupted(view: TransferView, now: number): TransferView {
  return {
    ...view,
    state: 'failed',
    sessionId: null,
    bytesPerSecond: 0,
    etaSeconds: null,
    failure: { code: 'interrupted', message: 'Parley stopped before the transfer ended.' },
    endedAt: view.endedAt ?? now,
  };
}

function parseStored(value: unknown): { transfers: TransferView[]; pullOrigins: Map<TransferId, number> } {
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) throw new Error('unknown format');
  const transfers = (value as { transfers?: unknown }).transfers;
  if (!Array.isArray(transfers)) throw new Error('transfers missing');
  // An entry edited into something else is dropped, not trusted: the rest of the list stays usable.
  const views = transfers.filter(isTransferView);
  const pullOrigins = new Map<TransferId, number>();
  const origins = (value as { pullOrigins?: unknown }).pullOrigins;
  if (typeof origins === 'object' && origins !== null) {
    for (const view of views) {
      const at = (origins as Record<string, unknown>)[view.id];
      // An origin can only make a pull older than its own record, never younger.
      if (Number.isSafeInteger(at) && (at as number) >= 0) pullOrigins.set(view.id, Math.min(at as number, view.createdAt));
    }
  }
  return { transfers: views, pullOrigins };
}

const STATES: readonly string[] = TRANSFER_STATES;
const FAILURES: readonly string[] = TRANSFER_FAILURE_CODES;

function isTransferView(value: unknown): value is TransferView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const text = (key: string) => typeof v[key] === 'string';
  const textOrNull = (key: string) => v[key] === null || typeof v[key] === 'string';
  const count = (key: string) => Number.isSafeInteger(v[key]) && (v[key] as number) >= 0;
  const countOrNull = (key: string) => v[key] === null || count(key);
  const failure = v['failure'] as Record<string, unknown> | null | undefined;
  return (
    text('id') &&
    text('accountId') &&
    textOrNull('sessionId') &&
    (v['direction'] === 'incoming' || v['direction'] === 'outgoing') &&
    text('peer') &&
    textOrNull('peerDisplayName') &&
    text('name') &&
    countOrNull('size') &&
    text('mediaType') &&
    textOrNull('hash') &&
    STATES.includes(v['state'] as string) &&
    count('bytes') &&
    countOrNull('total') &&
    typeof v['bytesPerSecond'] === 'number' &&
    (v['etaSeconds'] === null || typeof v['etaSeconds'] === 'number') &&
    count('startOffset') &&
    (failure === null || (typeof failure === 'object' && failure !== undefined && FAILURES.includes(failure['code'] as string) && typeof failure['message'] === 'string')) &&
    textOrNull('path') &&
    count('createdAt') &&
    countOrNull('endedAt')
  );
}
