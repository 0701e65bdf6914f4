import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertInsideDownloads, numberedName, resolveDownloadsFolder, uniqueDownloadPath } from './downloads-folder';
import { FileTransferError } from './file-transfer-error';

let root: string;
let folder: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'parley-downloads-'));
  folder = await resolveDownloadsFolder(join(root, 'Downloads'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('numberedName', () => {
  it.each([
    ['a.txt', 1, 'a (1).txt'],
    ['a', 2, 'a (2)'],
    ['archive.tar.gz', 3, 'archive (3).tar.gz'],
    ['a.txt', 0, 'a.txt'],
  ])('%s #%d → %s', (name, n, expected) => {
    expect(numberedName(name, n)).toBe(expected);
  });
});

describe('uniqueDownloadPath', () => {
  it('claims the name itself, then numbered alternatives, never overwriting', async () => {
    await writeFile(join(folder, 'a.txt'), 'keep me');
    const first = await uniqueDownloadPath(folder, 'a.txt');
    const second = await uniqueDownloadPath(folder, 'a.txt');
    expect(first).toBe(join(folder, 'a (1).txt'));
    expect(second).toBe(join(folder, 'a (2).txt'));
    expect((await readdir(folder)).sort()).toEqual(['a (1).txt', 'a (2).txt', 'a.txt']);
  });

  it('gives concurrent claims distinct names', async () => {
    const paths = await Promise.all(Array.from({ length: 20 }, () => uniqueDownloadPath(folder, 'same.bin')));
    expect(new Set(paths).size).toBe(20);
  });

  it('skips a planted symlink instead of following it', async () => {
    const outside = join(root, 'outside.txt');
    await symlink(outside, join(folder, 'x.txt'));
    const path = await uniqueDownloadPath(folder, 'x.txt');
    expect(path).toBe(join(folder, 'x (1).txt'));
    await expect(readdir(root)).resolves.not.toContain('outside.txt');
  });

  it('refuses names that are not plain', async () => {
    await expect(uniqueDownloadPath(folder, '../x')).rejects.toMatchObject({ reason: 'unsafe-path' });
    await expect(uniqueDownloadPath(folder, '..')).rejects.toBeInstanceOf(FileTransferError);
  });
});

describe('assertInsideDownloads', () => {
  it('accepts a direct child and refuses anything else', async () => {
    await expect(assertInsideDownloads(folder, join(folder, 'ok.txt'))).resolves.toBeUndefined();
    await expect(assertInsideDownloads(folder, join(root, 'x.txt'))).rejects.toMatchObject({ reason: 'unsafe-path' });
    await mkdir(join(folder, 'sub'));
    await expect(assertInsideDownloads(folder, join(folder, 'sub', 'x.txt'))).rejects.toMatchObject({ reason: 'unsafe-path' });
  });

  it('refuses a symlink and a directory symlink that escapes', async () => {
    await symlink(join(root, 'target'), join(folder, 'link.txt'));
    await expect(assertInsideDownloads(folder, join(folder, 'link.txt'))).rejects.toMatchObject({ reason: 'unsafe-path' });
    await mkdir(join(root, 'elsewhere'));
    await symlink(join(root, 'elsewhere'), join(folder, 'dir'));
    await expect(assertInsideDownloads(folder, join(folder, 'dir', 'x.txt'))).rejects.toMatchObject({ reason: 'unsafe-path' });
  });

  it('resolves a downloads folder that is itself a symlink to its real path', async () => {
    await symlink(folder, join(root, 'alias'));
    expect(await resolveDownloadsFolder(join(root, 'alias'))).toBe(folder);
  });
});
