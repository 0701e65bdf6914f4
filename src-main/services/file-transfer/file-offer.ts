import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileDate, FileSelector } from '../../sip/sdp';
import { diskFailure, FileTransferError } from './file-transfer-error';
import { FILE_HASH_ALGORITHM, hashFile, type HashProgress } from './hash-file';
import { mediaTypeForName } from './mime-type';

/**
 * What the sending side offers for one file (RFC 5547 §5 file-selector, §9 file-date): built from a path
 * before the INVITE, hashing the file once (progress for big files). The stream turns it into SDP with
 * `fileSelectorOf` / `fileDateOf`.
 */
export interface FileOffer {
  readonly path: string;
  /** The base name only: RFC 5547 §5 says the name carries no path. */
  readonly name: string;
  readonly size: number;
  readonly mediaType: string;
  /** SHA-1 as `AA:BB:…` (RFC 5547 §9 hash-value). */
  readonly hash: string;
  readonly modified: Date;
}

export interface BuildFileOfferOptions {
  readonly onHashProgress?: HashProgress;
  readonly signal?: AbortSignal;
  /** Overrides the guessed type (a caller that knows better). */
  readonly mediaType?: string;
}

export async function buildFileOffer(path: string, options: BuildFileOfferOptions = {}): Promise<FileOffer> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw diskFailure(`cannot offer ${basename(path)}`, error);
  }
  if (!info.isFile()) throw new FileTransferError('bad-offer', `${basename(path)} is not a regular file`);
  const hash = await hashFile(path, options.onHashProgress, options.signal === undefined ? {} : { signal: options.signal });
  const name = basename(path);
  return { path, name, size: info.size, mediaType: options.mediaType ?? mediaTypeForName(name), hash, modified: info.mtime };
}

export function fileSelectorOf(offer: Pick<FileOffer, 'name' | 'size' | 'mediaType' | 'hash'>): FileSelector {
  return {
    name: offer.name,
    type: { mediaType: offer.mediaType, parameters: [] },
    size: offer.size,
    hashes: [{ algorithm: FILE_HASH_ALGORITHM, value: offer.hash }],
  };
}

/** RFC 5547 §9 file-date with the modification time as an RFC 5322 date-time (`Tue, 03 Nov 2026 10:00:00 +0000`). */
export function fileDateOf(offer: Pick<FileOffer, 'modified'>): FileDate {
  return { creation: undefined, modification: rfc5322Date(offer.modified), read: undefined };
}

export function rfc5322Date(date: Date): string {
  // toUTCString() is RFC 7231's IMF-fixdate; RFC 5322 §3.3 prefers a numeric zone to the obsolete "GMT".
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** The SHA-1 of a received file-selector (RFC 5547 §5), if it carries one. */
export function selectorSha1(selector: Pick<FileSelector, 'hashes'>): string | undefined {
  return selector.hashes.find((hash) => hash.algorithm === FILE_HASH_ALGORITHM)?.value;
}
