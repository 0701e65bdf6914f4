import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashFile } from './hash-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-hash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rfc5547(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
}

describe('hashFile', () => {
  it('gives the RFC 5547 form of SHA-1 (uppercase pairs) for known inputs', async () => {
    await writeFile(join(dir, 'abc'), 'abc');
    await writeFile(join(dir, 'empty'), '');
    expect(await hashFile(join(dir, 'abc'))).toBe('A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D');
    expect(await hashFile(join(dir, 'empty'))).toBe('DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09');
  });

  it('streams in blocks with increasing progress up to the size', async () => {
    const data = randomBytes(300_000);
    await writeFile(join(dir, 'f'), data);
    const seen: [number, number][] = [];
    const value = await hashFile(join(dir, 'f'), (processed, total) => seen.push([processed, total]), { blockSize: 65_536 });
    expect(value).toBe(rfc5547(data));
    expect(seen[0]).toEqual([0, 300_000]);
    expect(seen.at(-1)).toEqual([300_000, 300_000]);
    expect(seen.length).toBe(1 + Math.ceil(300_000 / 65_536));
    for (let i = 1; i < seen.length; i++) expect((seen[i] as [number, number])[0]).toBeGreaterThan((seen[i - 1] as [number, number])[0]);
  });

  it('hashes only a prefix when asked', async () => {
    const data = randomBytes(10_000);
    await writeFile(join(dir, 'f'), data);
    expect(await hashFile(join(dir, 'f'), undefined, { length: 1234 })).toBe(rfc5547(data.subarray(0, 1234)));
  });

  it('stops when aborted and fails clearly for a missing file', async () => {
    await writeFile(join(dir, 'f'), randomBytes(10_000));
    const controller = new AbortController();
    controller.abort();
    await expect(hashFile(join(dir, 'f'), undefined, { signal: controller.signal })).rejects.toMatchObject({ reason: 'aborted' });
    await expect(hashFile(join(dir, 'missing'))).rejects.toMatchObject({ reason: 'disk-failed' });
  });
});
