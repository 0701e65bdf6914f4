import { stat } from 'node:fs/promises';
import type { AccountId, TransferView } from '../../../src-shared';
import { buildFileOffer, safeDownloadName, type FileOffer } from '../file-transfer';
import { normalizeConversationKey } from '../history';

/** How long a file we sent may be pulled again by the peer we sent it to. */
export const PULL_WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Who asks for which file: the account the INVITE reached, the peer's address, the offered file-selector. */
export interface PullRequest {
  readonly accountId: AccountId;
  readonly peer: string;
  /** `AA:BB:…` (compared case-insensitively). */
  readonly sha1: string;
  readonly name: string | undefined;
  readonly size: number | undefined;
}

/** The peer as one address whatever form it arrives in (RFC 3261 §19.1.4: `sip:user@host`, no port or parameters). */
export function samePeer(a: string, b: string): boolean {
  return normalizeConversationKey(a) === normalizeConversationKey(b);
}

/**
 * The transfer that lets a pull be served (RFC 5547 §5): a file THIS account sent or offered to THE SAME peer
 * within `PULL_WINDOW_DAYS`, with the SHA-1 the pull names and, when the pull gives them, the same size and
 * name (ours, or ours as the receiver made it safe to store). Only transfers that got as far as a session
 * count (one cancelled while hashing was never offered). `sentAt` dates a transfer: a served pull is dated
 * by the send it was served from, so pulling does not keep a file pullable for ever. The newest match wins;
 * undefined means decline.
 * Whether the file on disk is still that file is for `checkServableFile`.
 */
export function findServableTransfer(
  transfers: readonly TransferView[],
  request: PullRequest,
  now: number,
  sentAt: (view: TransferView) => number = (view) => view.createdAt,
): TransferView | undefined {
  const sha1 = request.sha1.toUpperCase();
  let best: TransferView | undefined;
  for (const view of transfers) {
    if (view.direction !== 'outgoing' || view.accountId !== request.accountId) continue;
    if (view.path === null || view.hash === null || view.sessionId === null || view.size === null) continue;
    if (view.hash.toUpperCase() !== sha1) continue;
    const age = now - sentAt(view);
    if (age < 0 || age > PULL_WINDOW_DAYS * DAY_MS) continue;
    if (request.size !== undefined && request.size !== view.size) continue;
    if (request.name !== undefined && request.name !== view.name && request.name !== safeDownloadName(view.name)) continue;
    if (!samePeer(view.peer, request.peer)) continue;
    if (best === undefined || view.createdAt > best.createdAt) best = view;
  }
  return best;
}

/**
 * The file at `view.path` as an offer, if it is still the file that was sent: a regular file of the same size
 * and SHA-1 (hashed now, in full). Undefined when it is gone, changed or unreadable.
 */
export async function checkServableFile(view: Pick<TransferView, 'path' | 'size' | 'hash'>, signal?: AbortSignal): Promise<FileOffer | undefined> {
  if (view.path === null || view.size === null || view.hash === null) return undefined;
  try {
    const info = await stat(view.path);
    // A size check first: a changed file is usually declined without reading it.
    if (!info.isFile() || info.size !== view.size) return undefined;
    const offer = await buildFileOffer(view.path, signal === undefined ? {} : { signal });
    return offer.size === view.size && offer.hash.toUpperCase() === view.hash.toUpperCase() ? offer : undefined;
  } catch {
    return undefined;
  }
}

/** Pull checks hashing at once; a peer asking for more is told busy (486) rather than making us hash more. */
export const MAX_PULL_CHECKS = 4;

/**
 * The pull checks in flight: one hash per file however many pulls name it, at most `max` files at a time,
 * all aborted on dispose.
 */
export class ServableFiles {
  readonly #inflight = new Map<string, Promise<FileOffer | undefined>>();
  readonly #abort = new AbortController();
  readonly #max: number;

  constructor(max = MAX_PULL_CHECKS) {
    this.#max = max;
  }

  /** False when `max` checks are running (a check of a file already being hashed always joins it). */
  canCheck(view: Pick<TransferView, 'path' | 'hash'>): boolean {
    return this.#inflight.has(keyOf(view)) || this.#inflight.size < this.#max;
  }

  check(view: Pick<TransferView, 'path' | 'size' | 'hash'>): Promise<FileOffer | undefined> {
    const key = keyOf(view);
    const running = this.#inflight.get(key);
    if (running !== undefined) return running;
    const check = checkServableFile(view, this.#abort.signal).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, check);
    return check;
  }

  dispose(): void {
    this.#abort.abort();
  }
}

function keyOf(view: Pick<TransferView, 'path' | 'hash'>): string {
  return `${view.path ?? ''}\n${view.hash?.toUpperCase() ?? ''}`;
}
