import { stat } from 'node:fs/promises';
import type { AccountId, TransferView } from '../../../src-shared';
import type { FileSelector } from '../../sip/sdp';
import { ConflictError } from '../errors';
import { FILE_HASH_ALGORITHM, isPartialOf, type PartialTransferEntry } from '../file-transfer';

/** How a finished transfer goes again: the file offered anew, or asked of its sender (RFC 5547 §5 pull). */
export type RetryPlan =
  | { readonly kind: 'send'; readonly accountId: AccountId; readonly target: string; readonly path: string }
  | { readonly kind: 'pull'; readonly accountId: AccountId; readonly peer: string; readonly sha1: string; readonly size: number };

/**
 * What `transfers.retry` does with a transfer, or a `ConflictError` saying why it cannot go again. Only a
 * failed or cancelled transfer is repeated: a live one is still going, a completed one is done, and a
 * declined one was refused by a person (the receiver, or our user), which a retry must not overrule; the
 * user can always send the file as a new transfer. A pull needs the file's SHA-1 (the selector names the
 * file by it) and a file with bytes (an empty one is complete the moment it is asked for, without its sender).
 */
export function planRetry(view: TransferView): RetryPlan {
  if (view.state === 'completed') throw new ConflictError('The transfer is already complete.');
  if (view.state === 'declined') {
    throw new ConflictError(view.direction === 'outgoing' ? 'The other side declined this file.' : 'This file was declined; ask the sender to offer it again.');
  }
  if (view.state !== 'failed' && view.state !== 'cancelled') throw new ConflictError(`The transfer is still ${view.state}.`);
  if (view.direction === 'outgoing') {
    if (view.path === null) throw new ConflictError('The sent file is not known.');
    return { kind: 'send', accountId: view.accountId, target: view.peer, path: view.path };
  }
  if (view.hash === null) throw new ConflictError('The file\u2019s hash is not known, so the sender cannot be asked for it again.');
  if (view.size === null || view.size === 0) throw new ConflictError(view.size === 0 ? 'An empty file has nothing to fetch.' : 'The file\u2019s size is not known.');
  return { kind: 'pull', accountId: view.accountId, peer: view.peer, sha1: view.hash, size: view.size };
}

/**
 * The size of a file to send again, which must still be a regular file at its path (an uploaded copy, web
 * mode, is deleted when its transfer ends); a `ConflictError` otherwise.
 */
export async function resendableSize(path: string, name: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isFile()) return info.size;
  } catch {
    /* gone */
  }
  throw new ConflictError(`${name} is no longer at ${path}, so it cannot be sent again.`, 'path');
}

/**
 * The file-selector of a pull (RFC 5547 §5) and its file-transfer id: SHA-1, size, type and the name. The
 * name is the one the sender offered, as the remembered partial kept it (our record shows the name made
 * safe to store, which a careful sender may not recognize), so that the partial matches the pull again
 * (`PartialTransfers`: peer + name + size + SHA-1) and the download resumes. A partial remembered without a
 * name can only be found by its old transfer id, which the pull then repeats.
 */
export function pullSelector(
  plan: Extract<RetryPlan, { kind: 'pull' }>,
  view: Pick<TransferView, 'name' | 'mediaType'>,
  partials: readonly PartialTransferEntry[],
  newTransferId: string,
): { readonly selector: FileSelector; readonly transferId: string } {
  const sha1 = plan.sha1.toUpperCase();
  const partial = partials.find((entry) => isPartialOf(entry, { peer: plan.peer, sha1, size: plan.size }));
  const name = partial?.name ?? view.name;
  const transferId = partial !== undefined && partial.name === undefined && partial.transferId !== undefined ? partial.transferId : newTransferId;
  return {
    selector: { name, type: { mediaType: view.mediaType, parameters: [] }, size: plan.size, hashes: [{ algorithm: FILE_HASH_ALGORITHM, value: sha1 }] },
    transferId,
  };
}
