import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadId } from '../../../src-shared';
import { makeTempProfile } from '../test-support/temp-profile';
import { StagedUpload } from './staged-upload';

const ID = 'u1' as UploadId;

describe('StagedUpload', () => {
  let profile: Awaited<ReturnType<typeof makeTempProfile>>;
  let path: string;
  let uploads: StagedUpload[];

  beforeEach(async () => {
    profile = await makeTempProfile();
    path = join(profile.dir, 'staged.bin');
    uploads = [];
  });
  afterEach(async () => {
    for (const upload of uploads) await upload.close();
    await profile.cleanup();
  });

  async function staged(size: number, chunkBytes = 4): Promise<StagedUpload> {
    const upload = new StagedUpload({ id: ID, size, dir: profile.dir, path, handle: await open(path, 'wx', 0o600), chunkBytes });
    uploads.push(upload);
    return upload;
  }

  it('takes chunks in order and answers the bytes staged so far', async () => {
    const upload = await staged(10);
    expect(await upload.append(0, bytes(0, 4))).toBe(4);
    expect(await upload.append(4, bytes(4, 4))).toBe(8);
    expect(upload.fullyAccepted).toBe(false);
    expect(await upload.append(8, bytes(8, 2))).toBe(10);
    expect(upload.fullyAccepted).toBe(true);
    await upload.close();
    expect([...(await readFile(path))]).toEqual([...bytes(0, 10)]);
  });

  it('refuses a wrong offset (lost, repeated or reordered chunk) as a conflict, writing nothing', async () => {
    const upload = await staged(10);
    await upload.append(0, bytes(0, 4));
    await expect(upload.append(0, bytes(0, 4))).rejects.toMatchObject({ code: 'conflict', field: 'offset' });
    await expect(upload.append(8, bytes(8, 2))).rejects.toMatchObject({ code: 'conflict', field: 'offset' });
    await expect(upload.append(3, bytes(3, 4))).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('byte 4') });
    await upload.close();
    expect((await readFile(path)).length).toBe(4);
  });

  it('refuses bytes past the announced size, empty and oversized chunks', async () => {
    const upload = await staged(6);
    await upload.append(0, bytes(0, 4));
    await expect(upload.append(4, bytes(4, 3))).rejects.toMatchObject({ code: 'invalid-argument', field: 'bytes' });
    await expect(upload.append(4, new Uint8Array(0))).rejects.toMatchObject({ code: 'invalid-argument', field: 'bytes' });
    await expect(upload.append(4, new Uint8Array(5))).rejects.toMatchObject({ code: 'invalid-argument', field: 'bytes' });
    expect(await upload.append(4, bytes(4, 2))).toBe(6);
    await upload.close();
    expect((await readFile(path)).length).toBe(6);
  });

  it('pipelined chunks (sent before the previous answer) are checked against accepted bytes and written in order', async () => {
    const upload = await staged(4096, 64);
    const writes = Array.from({ length: 64 }, (_, index) => upload.append(index * 64, bytes(index * 64, 64)));
    // The same offset again while the first writes are still in flight: refused, not written twice.
    await expect(upload.append(0, bytes(0, 64))).rejects.toMatchObject({ code: 'conflict' });
    expect(await Promise.all(writes)).toEqual(Array.from({ length: 64 }, (_, index) => (index + 1) * 64));
    expect(upload.written).toBe(4096);
    await upload.close();
    expect([...(await readFile(path))]).toEqual([...bytes(0, 4096)]);
  });

  it('close lets queued writes finish, then refuses more chunks', async () => {
    const upload = await staged(8);
    const first = upload.append(0, bytes(0, 4));
    const closing = upload.close();
    await expect(upload.append(4, bytes(4, 4))).rejects.toMatchObject({ code: 'conflict', field: 'id' });
    expect(await first).toBe(4);
    await closing;
    expect((await readFile(path)).length).toBe(4);
  });

  it('a failed write fails that chunk and every later one as storage-failed', async () => {
    let calls = 0;
    const handle = {
      write: () => {
        calls += 1;
        return Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      },
      close: () => Promise.resolve(),
    } as unknown as FileHandle;
    const upload = new StagedUpload({ id: ID, size: 8, dir: profile.dir, path, handle, chunkBytes: 4 });
    const first = upload.append(0, bytes(0, 4));
    const second = upload.append(4, bytes(4, 4));
    await expect(first).rejects.toMatchObject({ code: 'storage-failed' });
    await expect(second).rejects.toMatchObject({ code: 'storage-failed' });
    expect(calls).toBe(1);
    expect(upload.failed).toBe(true);
    await expect(upload.append(8, bytes(0, 1))).rejects.toMatchObject({ code: 'storage-failed' });
    await upload.close();
  });
});

function bytes(start: number, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (start + index) % 251);
}
