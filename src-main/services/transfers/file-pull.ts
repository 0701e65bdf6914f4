import type { AccountId, TransferView } from '../../../src-shared';
import type { AcceptableOfferedStream, FileRange } from '../../sip/sdp';
import { selectorSha1, type FileOffer } from '../file-transfer';
import { offeredPathKey, offeredStreamsOf } from './incoming-file-offer';
import { findServableTransfer, type ServableFiles } from './servable-file';

/** A peer asking us for a file (RFC 5547 §5: its offer is `recvonly` with the file-selector of the file it wants). */
export interface FilePull {
  readonly offered: AcceptableOfferedStream;
  /** The peer's a=path as written: it identifies this stream when the session answers it. */
  readonly pathKey: string;
  /** `AA:BB:…`; a pull without a SHA-1 names no file we could check, and is not read as one. */
  readonly sha1: string;
  /** As offered (never used as a path): it must be the name we sent the file under. */
  readonly name: string | undefined;
  readonly size: number | undefined;
  /** RFC 5547 §8: the octets the puller still wants (it holds the ones before). */
  readonly range: FileRange | undefined;
}

/**
 * Reads a pull from an INVITE's SDP: exactly one usable m-line (others only removed, port 0), a file stream
 * whose role for us is file-sender (the peer offers recvonly), with a SHA-1 in its file-selector. Anything
 * else (a push, several streams, no hash, an unreadable body) is undefined. Never throws on what the
 * network sent.
 */
export function readFilePull(body: string | undefined): FilePull | undefined {
  const streams = offeredStreamsOf(body);
  if (streams === undefined) return undefined;
  const live = streams.filter((stream) => stream.usable || stream.reason !== 'removed');
  const only = live[0];
  if (live.length !== 1 || only === undefined || !only.usable || only.role !== 'file-sender') return undefined;
  const file = only.remote.file;
  const sha1 = file === undefined ? undefined : selectorSha1(file.selector);
  if (file === undefined || sha1 === undefined) return undefined;
  return { offered: only, pathKey: offeredPathKey(only), sha1, name: file.selector.name, size: file.selector.size, range: file.range };
}

export type PullDecision =
  | { readonly serve: true; readonly pull: FilePull; readonly sent: TransferView; readonly file: FileOffer }
  | { readonly serve: false; readonly reason: string; readonly busy: boolean };

export interface PullContext {
  /** The INVITE's SDP. */
  readonly remoteOffer: string | undefined;
  /** The account the INVITE reached and who sent it. */
  readonly accountId: AccountId;
  readonly peer: string;
  /** Every transfer we know (the list, newest first). */
  readonly transfers: readonly TransferView[];
  readonly now: number;
  /** When a transfer's file was first sent (a served pull: the send it was served from). */
  readonly sentAt?: (view: TransferView) => number;
  readonly files: ServableFiles;
}

/**
 * Whether to serve a pull, and with which file: a pull naming a file this account sent to this peer in the
 * last week (`findServableTransfer`) that is still the same file on disk (size and SHA-1, hashed here).
 */
export async function decidePull(context: PullContext): Promise<PullDecision> {
  const refuse = (reason: string, busy = false): PullDecision => ({ serve: false, reason, busy });
  const pull = readFilePull(context.remoteOffer);
  if (pull === undefined) return refuse('not a pull of one file named by its SHA-1');
  const request = { accountId: context.accountId, peer: context.peer, sha1: pull.sha1, name: pull.name, size: pull.size };
  const sent = findServableTransfer(context.transfers, request, context.now, context.sentAt);
  if (sent === undefined) return refuse('no such file was sent to this peer from this account in the last week');
  if (!context.files.canCheck(sent)) return refuse('too many pull requests at once', true);
  const file = await context.files.check(sent);
  if (file === undefined) return refuse('the file sent is gone or has changed since');
  return { serve: true, pull, sent, file };
}
