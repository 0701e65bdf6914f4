import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountId, TransferId, TransferState, TransferView, UploadId } from '../../../src-shared';
import { createLogger, TypedEmitter, type Disposable } from '../../common';
import { NotFoundError } from '../errors';
import { makeTempProfile } from '../test-support/temp-profile';
import { UploadStaging } from './upload-staging';
import type { UploadLimits, UploadTransfers } from './upload-staging-options';

const ACCOUNT = 'acc-1' as AccountId;

/** TransferService as the staging sees it: records what it was asked to send, emits what a test says. */
class FakeTransfers implements UploadTransfers {
  readonly #events = new TypedEmitter<{ changed: TransferView }>();
  readonly sent: { path: string; content: Buffer; view: TransferView }[] = [];
  refuse: Error | undefined;
  /** The state `send` answers with (a transfer may already be final when send returns). */
  answer: TransferState = 'preparing';

  async send(accountId: AccountId, target: string, path: string): Promise<TransferView> {
    if (this.refuse !== undefined) throw this.refuse;
    const content = await readFile(path);
    const view = transferView({ id: `t${this.sent.length + 1}` as TransferId, accountId, peer: target, path, name: basename(path), size: content.length, state: this.answer });
    this.sent.push({ path, content, view });
    this.#events.emit('changed', view);
    return view;
  }

  on(name: 'changed', listener: (view: TransferView) => void): Disposable {
    return this.#events.on(name, listener);
  }

  move(view: TransferView, state: TransferState): void {
    this.#events.emit('changed', { ...view, state });
  }
}

describe('UploadStaging', () => {
  let profile: Awaited<ReturnType<typeof makeTempProfile>>;
  let transfers: FakeTransfers;
  let staging: UploadStaging;
  let root: string;

  beforeEach(async () => {
    profile = await makeTempProfile();
    root = join(profile.dir, 'uploads');
    transfers = new FakeTransfers();
    staging = await open();
  });
  afterEach(async () => {
    await staging.dispose();
    await profile.cleanup();
  });

  function open(limits: UploadLimits = {}): Promise<UploadStaging> {
    return UploadStaging.open({ profileDir: profile.dir, transfers, logger: createLogger({ level: 'silent' }), chunkBytes: 4, ...limits });
  }

  async function upload(content: Uint8Array, name = 'report.pdf'): Promise<UploadId> {
    const { id, chunkBytes } = await staging.begin(name, content.length);
    for (let offset = 0; offset < content.length; offset += chunkBytes) {
      expect(await staging.chunk(id, offset, content.subarray(offset, offset + chunkBytes))).toEqual({ received: Math.min(offset + chunkBytes, content.length) });
    }
    return id;
  }

  it('stages a file in chunks and sends it by path under its safe name, readable only by us', async () => {
    const content = bytes(10);
    const id = await upload(content);
    expect(await readdir(join(root, id))).toEqual(['report.pdf']);
    const view = await staging.send(id, ACCOUNT, 'sip:bob@example.com');
    expect(view).toMatchObject({ state: 'preparing', name: 'report.pdf', path: join(root, id, 'report.pdf') });
    expect(transfers.sent).toHaveLength(1);
    expect([...(transfers.sent[0]?.content ?? [])]).toEqual([...content]);
  });

  it('tells the page the chunk size it was configured with (at most 1 MiB)', async () => {
    expect((await staging.begin('a', 1)).chunkBytes).toBe(4);
    const big = await open({ chunkBytes: 64 * 1024 * 1024 });
    expect((await big.begin('a', 1)).chunkBytes).toBe(1024 * 1024);
    await big.dispose();
  });

  it.each(['completed', 'failed', 'declined', 'cancelled'] as const)('deletes the staged copy when its transfer is %s', async (state) => {
    const id = await upload(bytes(6));
    const view = await staging.send(id, ACCOUNT, 'bob@example.com');
    transfers.move(view, 'offered');
    transfers.move(view, 'transferring');
    expect(await readdir(root)).toEqual([id]);
    transfers.move(view, state);
    await eventually(async () => expect(await readdir(root)).toEqual([]));
    // Sent: the id is spent, and a chunk or abort for it is a conflict or unknown, never a crash.
    await expect(staging.abort(id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('ignores final events of other transfers, and deletes at once when send answers with a final state', async () => {
    const kept = await upload(bytes(6));
    const view = await staging.send(kept, ACCOUNT, 'bob@example.com');
    transfers.move({ ...view, id: 'other' as TransferId, path: '/elsewhere/report.pdf' }, 'completed');
    transfers.move({ ...view, direction: 'incoming', path: null }, 'completed');
    transfers.answer = 'failed';
    const gone = await upload(bytes(3), 'gone.txt');
    await staging.send(gone, ACCOUNT, 'bob@example.com');
    expect(await readdir(root)).toEqual([kept]);
  });

  it('deletes the staged copy when send refuses it, and passes the error on', async () => {
    const id = await upload(bytes(5));
    transfers.refuse = new NotFoundError('The account does not exist.');
    await expect(staging.send(id, ACCOUNT, 'bob@example.com')).rejects.toMatchObject({ code: 'not-found' });
    expect(await readdir(root)).toEqual([]);
    await expect(staging.chunk(id, 5, bytes(1))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('sends only a complete upload, and takes nothing more once sent', async () => {
    const { id } = await staging.begin('a.bin', 8);
    await staging.chunk(id, 0, bytes(4));
    await expect(staging.send(id, ACCOUNT, 'bob@example.com')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('4 of 8') });
    await staging.chunk(id, 4, bytes(4));
    await staging.send(id, ACCOUNT, 'bob@example.com');
    await expect(staging.chunk(id, 8, bytes(1))).rejects.toMatchObject({ code: 'conflict' });
    await expect(staging.send(id, ACCOUNT, 'bob@example.com')).rejects.toMatchObject({ code: 'conflict' });
    await expect(staging.abort(id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('an empty file needs no chunk', async () => {
    const { id } = await staging.begin('empty.txt', 0);
    expect(await staging.send(id, ACCOUNT, 'bob@example.com')).toMatchObject({ size: 0, name: 'empty.txt' });
  });

  it('refuses wrong offsets and overruns without writing, and keeps the upload usable', async () => {
    const { id } = await staging.begin('a.bin', 6);
    await staging.chunk(id, 0, bytes(4));
    await expect(staging.chunk(id, 0, bytes(4))).rejects.toMatchObject({ code: 'conflict', field: 'offset' });
    await expect(staging.chunk(id, 6, bytes(1))).rejects.toMatchObject({ code: 'conflict', field: 'offset' });
    await expect(staging.chunk(id, 4, bytes(3))).rejects.toMatchObject({ code: 'invalid-argument', field: 'bytes' });
    expect(await staging.chunk(id, 4, bytes(2))).toEqual({ received: 6 });
    await staging.send(id, ACCOUNT, 'bob@example.com');
    expect(transfers.sent[0]?.content.length).toBe(6);
  });

  it('unknown ids are not-found; abort deletes', async () => {
    const unknown = 'no-such-upload' as UploadId;
    await expect(staging.chunk(unknown, 0, bytes(1))).rejects.toMatchObject({ code: 'not-found' });
    await expect(staging.send(unknown, ACCOUNT, 'bob@example.com')).rejects.toMatchObject({ code: 'not-found' });
    await expect(staging.abort(unknown)).rejects.toMatchObject({ code: 'not-found' });
    const { id } = await staging.begin('a.bin', 6);
    await staging.chunk(id, 0, bytes(4));
    expect(await staging.abort(id)).toBeNull();
    expect(await readdir(root)).toEqual([]);
    await expect(staging.chunk(id, 4, bytes(2))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses uploads above the size limit and beyond the open-upload limit', async () => {
    const limited = await open({ maxFileSize: 100, maxOpenUploads: 2 });
    await expect(limited.begin('big', 101)).rejects.toMatchObject({ code: 'invalid-argument', field: 'size' });
    await expect(limited.begin('bad', -1)).rejects.toMatchObject({ code: 'invalid-argument', field: 'size' });
    const [first] = await Promise.all([limited.begin('a', 100), limited.begin('b', 1)]);
    await expect(limited.begin('c', 1)).rejects.toMatchObject({ code: 'conflict' });
    await limited.abort(first.id);
    await expect(limited.begin('c', 1)).resolves.toMatchObject({ chunkBytes: 4 });
    await limited.dispose();
  });

  it('concurrent begins cannot slip past the open-upload limit', async () => {
    const limited = await open({ maxOpenUploads: 3 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, index) => limited.begin(`f${index}`, 1)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    await limited.dispose();
  });

  it('aborts and deletes an upload that gets no chunk within the idle timeout; a chunk restarts the wait', async () => {
    const idle = await open({ idleTimeoutMs: 300 });
    const { id } = await idle.begin('slow.bin', 8);
    for (let offset = 0; offset < 8; offset += 2) {
      await sleep(100);
      await idle.chunk(id, offset, bytes(2));
    }
    expect(await readdir(root)).toEqual([id]);
    await eventually(async () => expect(await readdir(root)).toEqual([]), 2000);
    await expect(idle.send(id, ACCOUNT, 'bob@example.com')).rejects.toMatchObject({ code: 'not-found' });
    await idle.dispose();
  });

  it.each([
    ['../../x', 'x'],
    ['/etc/passwd', 'passwd'],
    ['C:\\Windows\\win.ini', 'win.ini'],
    ['CON', '_CON'],
    ['lpt1.txt', '_lpt1.txt'],
    ['a\u0000b\nc\u0007.txt', 'a_b_c_.txt'],
    ['..', 'file'],
    ['.bashrc', 'bashrc'],
    ['a\u202Egnp.exe', 'a_gnp.exe'],
  ])('the name %j is staged as %j inside uploads/<id>/', async (name, safe) => {
    const { id } = await staging.begin(name, 1);
    expect(await readdir(join(root, id))).toEqual([safe]);
    await staging.chunk(id, 0, bytes(1));
    const view = await staging.send(id, ACCOUNT, 'bob@example.com');
    expect(dirname(view.path ?? '')).toBe(join(root, id));
    expect(view.name).toBe(safe);
    expect((await readdir(profile.dir)).sort()).toEqual(['uploads']);
  });

  it('a 300-character name is shortened, keeping its extension, inside uploads/<id>/', async () => {
    const { id } = await staging.begin(`${'é'.repeat(300)}.tar`, 1);
    const [staged] = await readdir(join(root, id));
    expect(staged).toMatch(/^é+\.tar$/u);
    expect(Buffer.byteLength(staged ?? '')).toBeLessThanOrEqual(200);
  });

  it('sweeps leftovers at startup; dispose deletes unfinished and sent uploads and refuses more', async () => {
    await mkdir(join(root, 'crashed'), { recursive: true });
    await writeFile(join(root, 'crashed', 'half.bin'), 'half');
    const fresh = await open();
    expect(await readdir(root)).toEqual([]);
    const open1 = (await fresh.begin('a', 4)).id;
    await fresh.chunk(open1, 0, bytes(2));
    const { id: sent } = await fresh.begin('b', 1);
    await fresh.chunk(sent, 0, bytes(1));
    await fresh.send(sent, ACCOUNT, 'bob@example.com');
    expect((await readdir(root)).sort()).toEqual([open1, sent].sort());
    await fresh.dispose();
    expect(await readdir(root)).toEqual([]);
    await expect(fresh.begin('c', 1)).rejects.toMatchObject({ code: 'unavailable' });
    await expect(fresh.chunk(open1, 2, bytes(2))).rejects.toMatchObject({ code: 'unavailable' });
  });
});

function bytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (index * 7 + 3) % 256);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Deletion runs after the event that caused it: retry the check until it holds or time runs out. */
async function eventually(check: () => Promise<void>, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

function transferView(init: Pick<TransferView, 'id' | 'accountId' | 'peer' | 'path' | 'name' | 'size' | 'state'>): TransferView {
  return {
    ...init,
    sessionId: null,
    direction: 'outgoing',
    peerDisplayName: null,
    mediaType: 'application/octet-stream',
    hash: null,
    bytes: 0,
    total: init.size,
    bytesPerSecond: 0,
    etaSeconds: null,
    startOffset: 0,
    failure: null,
    createdAt: 0,
    endedAt: null,
  };
}
