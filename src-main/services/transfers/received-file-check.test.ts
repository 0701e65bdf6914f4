import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountId, TransferId, TransferView } from '../../../src-shared';
import { hasExecutableExtension, hasExecuteBit, lastExtension, looksExecutable } from './executable-file';
import { checkReceivedFile, identifyReceivedFile } from './received-file-check';

let dir: string;
let downloads: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-received-'));
  downloads = join(dir, 'Downloads');
  await mkdir(downloads);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function sha1(content: string): string {
  return (createHash('sha1').update(content).digest('hex').toUpperCase().match(/../g) ?? []).join(':');
}

/** A completed incoming transfer of `content` saved as `name` in the downloads folder. */
async function received(name: string, content: string, overrides: Partial<TransferView> = {}): Promise<TransferView> {
  const path = join(downloads, name);
  await writeFile(path, content, { mode: 0o644 });
  const size = Buffer.byteLength(content);
  return {
    id: 't1' as TransferId, accountId: 'a' as AccountId, sessionId: null, direction: 'incoming', peer: 'sip:bob@example.org', peerDisplayName: null,
    name, size, mediaType: 'text/plain', hash: sha1(content), state: 'completed', bytes: size, total: size, bytesPerSecond: 0, etaSeconds: 0,
    startOffset: 0, failure: null, path, createdAt: 1, endedAt: 2, ...overrides,
  };
}

describe('checkReceivedFile', () => {
  it('accepts the file as received: by SHA-1 without an identity, then by its identity', async () => {
    const view = await received('notes.txt', 'hello');
    const first = await checkReceivedFile(view, downloads);
    expect(first).toMatchObject({ path: view.path, executable: null });
    expect(await identifyReceivedFile(view.path as string)).toEqual(first.identity);
    await expect(checkReceivedFile(view, downloads, { known: first.identity })).resolves.toMatchObject({ path: view.path });
  });

  it('refuses a file changed since (same size, other bytes; or touched after the identity was taken)', async () => {
    const view = await received('notes.txt', 'hello');
    const { identity } = await checkReceivedFile(view, downloads);
    await utimes(view.path as string, new Date(5_000), new Date(5_000));
    await expect(checkReceivedFile(view, downloads, { known: identity })).rejects.toMatchObject({ code: 'not-found' });
    await writeFile(view.path as string, 'jello');
    await expect(checkReceivedFile(view, downloads)).rejects.toMatchObject({ code: 'not-found' });
    await writeFile(view.path as string, 'hello!');
    await expect(checkReceivedFile(view, downloads)).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('changed') });
  });

  it('refuses a file moved away, replaced by a symlink, or outside the downloads folder', async () => {
    const view = await received('notes.txt', 'hello');
    const path = view.path as string;
    await rename(path, join(dir, 'moved.txt'));
    await expect(checkReceivedFile(view, downloads)).rejects.toMatchObject({ code: 'not-found' });
    await symlink(join(dir, 'moved.txt'), path);
    await expect(checkReceivedFile(view, downloads)).rejects.toMatchObject({ code: 'not-found' });
    const outside = { ...view, path: join(dir, 'moved.txt') };
    await expect(checkReceivedFile(outside, downloads)).rejects.toMatchObject({ code: 'not-found' });
    const escaping = { ...view, path: join(downloads, '..', 'moved.txt') };
    await expect(checkReceivedFile(escaping, downloads)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses transfers that are not completed incoming files', async () => {
    const view = await received('notes.txt', 'hello');
    await expect(checkReceivedFile({ ...view, direction: 'outgoing' }, downloads)).rejects.toMatchObject({ code: 'conflict' });
    await expect(checkReceivedFile({ ...view, state: 'failed' }, downloads)).rejects.toMatchObject({ code: 'conflict' });
    await expect(checkReceivedFile({ ...view, path: null }, downloads)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('finds programs and scripts by extension, execute bit and first bytes', async () => {
    const ask = async (name: string, content: string | Buffer, mode = 0o644) => {
      const view = await received(name, typeof content === 'string' ? content : '');
      if (typeof content !== 'string') await writeFile(view.path as string, content);
      await chmod(view.path as string, mode);
      const fixed = typeof content === 'string' ? view : { ...view, size: content.length, bytes: content.length, hash: (createHash('sha1').update(content).digest('hex').toUpperCase().match(/../g) ?? []).join(':') };
      return (await checkReceivedFile(fixed, downloads, { inspectExecutable: true })).executable;
    };
    expect(await ask('report.pdf', '%PDF-1.7')).toBeNull();
    expect(await ask('setup.EXE. ', 'x')).toMatch(/program or script/);
    expect(await ask('run-me', 'plain text', 0o755)).toMatch(/marked executable/);
    expect(await ask('innocent.txt', '#!/bin/sh\nrm -rf ~\n')).toMatch(/contains a program/);
    expect(await ask('image.png', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]))).toMatch(/contains a program/);
  });
});

describe('executable names and bytes', () => {
  it('reads the last extension the way Windows opens a file', () => {
    expect(lastExtension('a.tar.GZ')).toBe('.gz');
    expect(lastExtension('.bashrc')).toBe('');
    expect(lastExtension('evil.exe...  ')).toBe('.exe');
    expect(hasExecutableExtension('report.pdf.exe')).toBe(true);
    expect(hasExecutableExtension('setup.exe.pdf')).toBe(false);
    expect(hasExecutableExtension('launcher.desktop')).toBe(true);
    expect(hasExecuteBit(0o100644)).toBe(false);
    expect(hasExecuteBit(0o100701)).toBe(true);
    expect(looksExecutable(Buffer.from('MZ\x90\x00'))).toBe(true);
    expect(looksExecutable(Buffer.from([0xcf, 0xfa, 0xed, 0xfe]))).toBe(true);
    expect(looksExecutable(Buffer.from('%PDF'))).toBe(false);
    expect(looksExecutable(Buffer.alloc(0))).toBe(false);
  });
});
