import { describe, expect, it } from 'vitest';
import type { AccountId, CommandName, TransferId, UploadId } from '../../../../src-shared';
import { FakeAdapter } from '../../test-support/fake-adapter';
import { transferView } from '../../test-support/fixtures';
import { uploadAndSend, type PageBlob } from './upload-page-file';

const ACC = 'acc-1' as AccountId;

function blob(bytes: Uint8Array, name = 'photo.jpg', failAt?: number): PageBlob {
  return {
    name,
    size: bytes.length,
    slice: (start, end) => ({
      arrayBuffer: () => (failAt !== undefined && start >= failAt ? Promise.reject(new Error('NotReadableError')) : Promise.resolve(bytes.slice(start, end).buffer)),
    }),
  };
}

/** Main as the fake sees it: the staging file's bytes, and what each command answered. */
function stagingMain(chunkBytes: number, refuse?: CommandName) {
  const adapter = new FakeAdapter();
  const staged: number[] = [];
  adapter.answer = (name, args) => {
    if (name === refuse) return { ok: false, error: { code: 'conflict', message: `${name} refused` } };
    switch (name) {
      case 'transfers.uploadBegin':
        return { ok: true, value: { id: 'up-1' as UploadId, chunkBytes } };
      case 'transfers.uploadChunk': {
        const [, offset, bytes] = args as [UploadId, number, Uint8Array];
        expect(offset).toBe(staged.length);
        for (const byte of bytes) staged.push(byte);
        return { ok: true, value: { received: staged.length } };
      }
      case 'transfers.uploadSend':
        return { ok: true, value: transferView({ id: 'tr-9' as TransferId, state: 'preparing', size: staged.length }) };
      default:
        return { ok: true, value: null };
    }
  };
  return { adapter, staged, names: () => adapter.calls.map((call) => call.name) };
}

describe('uploadAndSend', () => {
  it('stages the bytes in order in chunks of at most chunkBytes, then offers the file', async () => {
    const source = Uint8Array.from({ length: 10_000 }, (_, index) => (index * 7) % 251);
    const main = stagingMain(4096);
    const progress: number[] = [];
    const outcome = await uploadAndSend(main.adapter, blob(source), ACC, 'sip:bob@example.org', { onProgress: (staged) => progress.push(staged) });
    expect(outcome).toMatchObject({ kind: 'offered', transfer: { id: 'tr-9' } });
    expect(Uint8Array.from(main.staged)).toEqual(source);
    expect(progress).toEqual([4096, 8192, 10_000]);
    expect(main.names()).toEqual(['transfers.uploadBegin', 'transfers.uploadChunk', 'transfers.uploadChunk', 'transfers.uploadChunk', 'transfers.uploadSend']);
    expect(main.adapter.calls[0]?.args).toEqual(['photo.jpg', 10_000]);
    expect(main.adapter.calls.at(-1)?.args).toEqual(['up-1', ACC, 'sip:bob@example.org']);
  });

  it('offers an empty file without a chunk', async () => {
    const main = stagingMain(4096);
    const outcome = await uploadAndSend(main.adapter, blob(new Uint8Array(0), 'empty.txt'), ACC, 'sip:bob@example.org');
    expect(outcome.kind).toBe('offered');
    expect(main.names()).toEqual(['transfers.uploadBegin', 'transfers.uploadSend']);
  });

  it('aborts the upload when main refuses a chunk, so nothing staged is left behind', async () => {
    const main = stagingMain(4096, 'transfers.uploadChunk');
    const outcome = await uploadAndSend(main.adapter, blob(new Uint8Array(9000)), ACC, 'sip:bob@example.org');
    expect(outcome).toMatchObject({ kind: 'failed', step: 'upload', error: { code: 'conflict' } });
    expect(main.names()).toEqual(['transfers.uploadBegin', 'transfers.uploadChunk', 'transfers.uploadAbort']);
  });

  it('aborts when the offer is refused', async () => {
    const main = stagingMain(4096, 'transfers.uploadSend');
    const outcome = await uploadAndSend(main.adapter, blob(new Uint8Array(100)), ACC, 'sip:bob@example.org');
    expect(outcome).toMatchObject({ kind: 'failed', step: 'send' });
    expect(main.names().at(-1)).toBe('transfers.uploadAbort');
  });

  it('says the file could not be read, and aborts, when the page loses access to it mid-way', async () => {
    const main = stagingMain(4096);
    const outcome = await uploadAndSend(main.adapter, blob(new Uint8Array(20_000), 'moved.bin', 8192), ACC, 'sip:bob@example.org');
    expect(outcome).toMatchObject({ kind: 'failed', step: 'read' });
    expect(outcome.kind === 'failed' ? outcome.error.message : '').toContain('moved.bin could not be read');
    expect(main.staged).toHaveLength(8192);
    expect(main.names().at(-1)).toBe('transfers.uploadAbort');
  });

  it('stops on cancel and aborts the upload', async () => {
    const main = stagingMain(1024);
    const controller = new AbortController();
    const outcome = await uploadAndSend(main.adapter, blob(new Uint8Array(10_000)), ACC, 'sip:bob@example.org', {
      signal: controller.signal,
      onProgress: (staged) => staged >= 2048 && controller.abort(),
    });
    expect(outcome.kind).toBe('cancelled');
    expect(main.staged.length).toBeLessThan(10_000);
    expect(main.names()).not.toContain('transfers.uploadSend');
    expect(main.names().at(-1)).toBe('transfers.uploadAbort');
  });

  it('never sends more than the contract allows in one chunk, whatever main suggests', async () => {
    const main = stagingMain(64 * 1024 * 1024);
    await uploadAndSend(main.adapter, blob(new Uint8Array(3 * 1024 * 1024 + 5)), ACC, 'sip:bob@example.org');
    const sizes = main.adapter.calls.filter((call) => call.name === 'transfers.uploadChunk').map((call) => (call.args[2] as Uint8Array).length);
    expect(sizes).toEqual([1024 * 1024, 1024 * 1024, 1024 * 1024, 5]);
  });
});
