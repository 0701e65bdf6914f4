import { mkdir, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempProfile } from '../test-support/temp-profile';
import { createUploadFile, removeUploadFolder, sweepUploadsFolder, uploadsFolderOf } from './staging-folder';

describe('staging folder', () => {
  let profile: Awaited<ReturnType<typeof makeTempProfile>>;
  let root: string;
  beforeEach(async () => {
    profile = await makeTempProfile();
    root = uploadsFolderOf(profile.dir);
  });
  afterEach(async () => {
    await profile.cleanup();
  });

  it('the sweep creates a private folder, and empties one left by a crash', async () => {
    expect(await sweepUploadsFolder(root)).toBe(0);
    expect((await stat(root)).mode & 0o777).toBe(0o700);
    await mkdir(join(root, 'old-upload'));
    await writeFile(join(root, 'old-upload', 'half.bin'), 'half');
    await writeFile(join(root, 'stray'), 'x');
    expect(await sweepUploadsFolder(root)).toBe(2);
    expect(await readdir(root)).toEqual([]);
  });

  it('the sweep removes a symlink planted as the folder, not what it points to', async () => {
    const elsewhere = join(profile.dir, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'keep.txt'), 'keep');
    await symlink(elsewhere, root);
    await sweepUploadsFolder(root);
    expect((await stat(root)).isDirectory()).toBe(true);
    expect(await readdir(elsewhere)).toEqual(['keep.txt']);
  });

  it('creates <root>/<id>/<name> exclusively, 0700 and 0600', async () => {
    const created = await createUploadFile(root, 'abc-1', 'report.pdf');
    await created.handle.close();
    expect(created.dir).toBe(join(root, 'abc-1'));
    expect(created.path).toBe(join(root, 'abc-1', 'report.pdf'));
    expect((await stat(created.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(created.path)).mode & 0o777).toBe(0o600);
    await expect(createUploadFile(root, 'abc-1', 'other.pdf')).rejects.toMatchObject({ code: 'storage-failed' });
  });

  it('refuses ids and names that would leave the folder (a bug, not input)', async () => {
    await expect(createUploadFile(root, '../x', 'a')).rejects.toThrow(/upload id/);
    await expect(createUploadFile(root, 'abc', '../a')).rejects.toThrow(/inside its upload folder/);
    await expect(createUploadFile(root, 'abc', '..')).rejects.toThrow(/inside its upload folder/);
    await expect(removeUploadFolder(root, profile.dir)).rejects.toThrow(/upload folder/);
    await expect(removeUploadFolder(root, join(root, 'a', 'b'))).rejects.toThrow(/upload folder/);
  });

  it('removes one upload folder with its file', async () => {
    const created = await createUploadFile(root, 'abc-2', 'a.bin');
    await created.handle.close();
    await removeUploadFolder(root, created.dir);
    expect(await readdir(root)).toEqual([]);
  });
});
