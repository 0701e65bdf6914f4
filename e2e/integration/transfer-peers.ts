import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { AccountId, TransferId, TransferView } from '../../src-shared';
import { HeadlessCore } from '../peers/headless-core';

/** Helpers shared by the transfer integration tests (two HeadlessCores driven over IPC only). */

export const FINAL_STATES: readonly TransferView['state'][] = ['completed', 'failed', 'declined', 'cancelled'];

/** Writes `size` random bytes (in 1 MiB pieces) and returns the file's SHA-1 in RFC 5547 form (`AA:BB:…`). */
export async function makeFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha1');
  const out = createWriteStream(path);
  for (let written = 0; written < size; ) {
    const piece = randomBytes(Math.min(1024 * 1024, size - written));
    hash.update(piece);
    written += piece.length;
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return rfc5547Sha1(hash.digest());
}

export function rfc5547Sha1(digest: Buffer): string {
  return [...digest].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(':');
}

/** The file's SHA-1 in RFC 5547 form. */
export async function sha1Of(path: string): Promise<string> {
  return rfc5547Sha1(await digestOf(path, 'sha1'));
}

/** The file's SHA-256 in hex: a check of the bytes independent of the SHA-1 the offer carries. */
export async function sha256Of(path: string): Promise<string> {
  return (await digestOf(path, 'sha256')).toString('hex');
}

/** Streams the file (received files may be a gigabyte: never read whole into memory). */
async function digestOf(path: string, algorithm: 'sha1' | 'sha256'): Promise<Buffer> {
  const hash = createHash(algorithm);
  for await (const piece of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(piece as Buffer);
  return hash.digest();
}

/** The next incoming offer not seen before (the event history keeps old ones). */
export async function nextOffer(core: HeadlessCore, seen: Set<TransferId>, timeoutMs = 20_000): Promise<TransferView> {
  const offer = await core.waitFor(
    'transfers.changed',
    (view) => view.direction === 'incoming' && view.state === 'offered' && !seen.has(view.id),
    'an incoming file offer',
    timeoutMs,
  );
  seen.add(offer.id);
  return offer;
}

export function settled(core: HeadlessCore, id: TransferId, timeoutMs = 60_000): Promise<TransferView> {
  return core.waitFor('transfers.changed', (view) => view.id === id && FINAL_STATES.includes(view.state), `the end of transfer ${id}`, timeoutMs);
}

/** Sends `path` from one core, accepts it at the other, and waits for both ends. */
export async function sendAndAccept(
  from: HeadlessCore,
  fromAccount: AccountId,
  to: HeadlessCore,
  target: string,
  path: string,
  seen: Set<TransferId>,
  timeoutMs = 60_000,
): Promise<{ sent: TransferView; received: TransferView }> {
  const started = await from.invoke('transfers.send', fromAccount, target, path);
  expect(started).toMatchObject({ direction: 'outgoing', state: 'preparing', path });
  const offer = await nextOffer(to, seen, timeoutMs);
  await to.invoke('transfers.accept', offer.id);
  const [sent, received] = await Promise.all([settled(from, started.id, timeoutMs), settled(to, offer.id, timeoutMs)]);
  return { sent, received };
}

/** The received file exists inside the downloads folder, byte-exact (size and SHA-1). */
export async function expectReceived(core: HeadlessCore, view: TransferView, size: number, sha1: string): Promise<void> {
  expect(view).toMatchObject({ state: 'completed', failure: null, bytes: size, total: size, hash: sha1 });
  expect(view.path).not.toBeNull();
  const path = view.path as string;
  expect(await realpath(dirname(path))).toBe(await realpath(downloadsOf(core)));
  expect((await stat(path)).size).toBe(size);
  expect(await sha1Of(path)).toBe(sha1);
}

export function downloadsOf(core: HeadlessCore): string {
  return join(core.profileDir, 'Downloads');
}

/** Visible files of the downloads folder (hidden partials start with a dot). */
export async function visibleDownloads(core: HeadlessCore): Promise<string[]> {
  try {
    return (await readdir(downloadsOf(core))).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}
