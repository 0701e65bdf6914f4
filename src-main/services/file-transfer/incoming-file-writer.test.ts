import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncomingFileWriter, WriterState, type IncomingFileWriterOptions } from './incoming-file-writer';

let root: string;
let downloads: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'parley-writer-'));
  downloads = join(root, 'Downloads');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function sha1(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
}

function writer(data: Buffer, extra: Partial<IncomingFileWriterOptions> = {}): Promise<IncomingFileWriter> {
  return IncomingFileWriter.open({ downloadsFolder: downloads, offeredName: 'data.bin', size: data.length, sha1: sha1(data), ...extra });
}

async function feed(target: IncomingFileWriter, data: Buffer, from = 0, piece = 7000): Promise<void> {
  for (let offset = from; offset < data.length; offset += piece) await target.write(offset, data.subarray(offset, offset + piece));
}

describe('IncomingFileWriter', () => {
  it('writes to a hidden partial and appears under the final name only when verified', async () => {
    const data = randomBytes(50_000);
    const target = await writer(data);
    await feed(target, data.subarray(0, 20_000));
    const during = await readdir(downloads);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.data\.bin\.[0-9a-f]{12}\.part$/);
    await feed(target, data, 20_000);
    const outcome = await target.done;
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.file).toMatchObject({ name: 'data.bin', size: data.length, sha1: sha1(data), verified: true });
    expect(await readdir(downloads)).toEqual(['data.bin']);
    expect((await readFile(outcome.file.path)).equals(data)).toBe(true);
    expect(target.state).toBe(WriterState.Done);
  });

  it('never overwrites an existing file with the same name', async () => {
    await rm(downloads, { recursive: true, force: true });
    const data = Buffer.from('new');
    const target = await writer(data);
    await writeFile(join(downloads, 'data.bin'), 'old');
    const file = await target.writeAll(data);
    expect(file.name).toBe('data (1).bin');
    expect(await readFile(join(downloads, 'data.bin'), 'utf8')).toBe('old');
  });

  it('fails a hash mismatch and leaves no file at all', async () => {
    const data = randomBytes(10_000);
    const bad = Buffer.from(data);
    bad[5000] = (bad[5000] as number) ^ 1;
    const target = await writer(data);
    await expect(feed(target, bad)).rejects.toMatchObject({ reason: 'hash-mismatch' });
    const outcome = await target.done;
    expect(outcome).toMatchObject({ ok: false, error: { reason: 'hash-mismatch' }, partial: undefined });
    expect(await readdir(downloads)).toEqual([]);
  });

  it('refuses bytes beyond the offered size', async () => {
    const target = await writer(Buffer.alloc(10));
    await expect(target.write(5, Buffer.alloc(6))).rejects.toMatchObject({ reason: 'size-mismatch' });
    expect(await readdir(downloads)).toEqual([]);
  });

  it('refuses an offer above the size limit before creating anything', async () => {
    await expect(
      IncomingFileWriter.open({ downloadsFolder: downloads, offeredName: 'x', size: 2000, sha1: undefined, maxSize: 1000 }),
    ).rejects.toMatchObject({ reason: 'too-large', status: 413 });
  });

  it('stops a file of unknown size at the limit', async () => {
    const target = await IncomingFileWriter.open({ downloadsFolder: downloads, offeredName: 'x', size: undefined, sha1: undefined, maxSize: 100 });
    await target.write(0, Buffer.alloc(60));
    await expect(target.write(60, Buffer.alloc(60))).rejects.toMatchObject({ reason: 'too-large' });
  });

  it('completes a file of unknown size on end, unverified', async () => {
    const data = randomBytes(3000);
    const target = await IncomingFileWriter.open({ downloadsFolder: downloads, offeredName: 'x.txt', size: undefined, sha1: undefined });
    await feed(target, data, 0, 1000);
    const file = await target.complete();
    expect(file).toMatchObject({ size: 3000, sha1: sha1(data), verified: false });
  });

  it('accepts chunks out of order and rehashes from disk', async () => {
    const data = randomBytes(30_000);
    const target = await writer(data);
    await target.write(20_000, data.subarray(20_000));
    await target.write(0, data.subarray(0, 12_000));
    await target.write(10_000, data.subarray(10_000, 20_000));
    const outcome = await target.done;
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect((await readFile(outcome.file.path)).equals(data)).toBe(true);
  });

  it('reports missing bytes on completion', async () => {
    const data = randomBytes(1000);
    const target = await writer(data);
    await target.write(0, data.subarray(0, 400));
    await expect(target.complete()).rejects.toMatchObject({ reason: 'size-mismatch' });
    expect(await readdir(downloads)).toEqual([]);
  });

  it('removes the partial on abort, or keeps it for a resume when asked', async () => {
    const data = randomBytes(1000);
    const dropped = await writer(data);
    await dropped.write(0, data.subarray(0, 400));
    expect(await dropped.abort('cancelled')).toMatchObject({ ok: false, error: { reason: 'aborted' }, partial: undefined });
    expect(await readdir(downloads)).toEqual([]);

    const kept = await writer(data, { keepPartialOnAbort: true });
    await kept.write(0, data.subarray(0, 400));
    const outcome = await kept.abort('connection lost');
    expect(outcome).toMatchObject({ ok: false, partial: { path: kept.partialPath, bytes: 400 } });
    expect((await readFile(kept.partialPath)).equals(data.subarray(0, 400))).toBe(true);
    await expect(kept.write(400, data.subarray(400))).rejects.toMatchObject({ reason: 'finished' });
  });

  it('resumes a kept partial: trusts only the recorded bytes, rehashes them, completes byte-exact', async () => {
    const data = randomBytes(100_000);
    const first = await writer(data, { keepPartialOnAbort: true });
    await feed(first, data.subarray(0, 60_000));
    const outcome = await first.abort('connection lost');
    if (outcome.ok || outcome.partial === undefined) throw new Error('expected a kept partial');
    const second = await writer(data, { resume: { partialPath: outcome.partial.path, bytes: 50_000 } });
    expect(second.offset).toBe(50_000);
    expect(second.resumeRefused).toBeUndefined();
    await feed(second, data, 50_000);
    const done = await second.done;
    expect(done.ok).toBe(true);
    if (done.ok) expect((await readFile(done.file.path)).equals(data)).toBe(true);
    expect((await readdir(downloads)).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('starts over when the partial to resume is outside the downloads folder', async () => {
    const outside = join(root, '.evil.0123456789ab.part');
    await writeFile(outside, 'secret');
    const data = randomBytes(10);
    const target = await writer(data, { resume: { partialPath: outside, bytes: 6 } });
    expect(target.offset).toBe(0);
    expect(target.resumeRefused).toMatch(/not in the downloads folder/);
    await target.writeAll(data);
    expect(await readFile(outside, 'utf8')).toBe('secret');
  });

  it('receives an empty file', async () => {
    const target = await writer(Buffer.alloc(0));
    const file = await target.complete();
    expect(file).toMatchObject({ name: 'data.bin', size: 0, verified: true });
    expect((await readFile(file.path)).length).toBe(0);
  });
});
