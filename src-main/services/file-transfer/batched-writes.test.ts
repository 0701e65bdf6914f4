import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchedWrites, MAX_WRITES_IN_FLIGHT } from './batched-writes';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-batches-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('BatchedWrites', () => {
  it('puts contiguous and scattered pieces at their positions', async () => {
    const data = randomBytes(100_000);
    const handle = await open(join(dir, 'f'), 'w+');
    const writes = new BatchedWrites(handle, 16_384);
    for (let at = 0; at < 60_000; at += 5000) await writes.add(at, data.subarray(at, at + 5000));
    await writes.add(80_000, data.subarray(80_000));
    await writes.add(60_000, data.subarray(60_000, 80_000));
    await writes.flush();
    await handle.close();
    expect((await readFile(join(dir, 'f'))).equals(data)).toBe(true);
  });

  it('reports a failed write on the next call instead of losing it', async () => {
    await open(join(dir, 'f'), 'w').then((created) => created.close());
    const handle = await open(join(dir, 'f'), 'r');
    const writes = new BatchedWrites(handle, 10);
    await writes.add(0, Buffer.alloc(20));
    await expect(writes.flush()).rejects.toMatchObject({ code: 'EBADF' });
    await expect(writes.add(20, Buffer.alloc(1))).rejects.toMatchObject({ code: 'EBADF' });
    await handle.close();
  });

  it('keeps several batches in flight and puts each at its position', async () => {
    const data = randomBytes(200_000);
    const handle = await open(join(dir, 'f'), 'w+');
    const writes = new BatchedWrites(handle, 8192);
    // Pieces arrive faster than the disk finishes: more batches than MAX_WRITES_IN_FLIGHT queue up.
    const adds: Promise<void>[] = [];
    let chain = Promise.resolve();
    for (let at = 0; at < data.length; at += 3000) {
      const piece = data.subarray(at, at + 3000);
      chain = chain.then(() => writes.add(at, piece));
      adds.push(chain);
    }
    await Promise.all(adds);
    await writes.flush();
    await handle.close();
    expect(MAX_WRITES_IN_FLIGHT).toBeGreaterThan(1);
    expect((await readFile(join(dir, 'f'))).equals(data)).toBe(true);
  });

  it('writes half a batch by itself once the disk has nothing else to do', async () => {
    const handle = await open(join(dir, 'f'), 'w+');
    const writes = new BatchedWrites(handle, 1000);
    await writes.add(0, Buffer.alloc(1000, 1));
    await writes.add(1000, Buffer.alloc(600, 2));
    // No flush: the first batch finishing starts the waiting 600 bytes.
    let size = 0;
    for (let i = 0; i < 200 && size < 1600; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      size = (await handle.stat()).size;
    }
    expect(size).toBe(1600);
    await writes.flush();
    await handle.close();
  });
});
