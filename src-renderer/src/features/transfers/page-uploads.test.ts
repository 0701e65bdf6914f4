import { describe, expect, it } from 'vitest';
import type { AccountId, UploadId } from '../../../../src-shared';
import { FakeAdapter, flushPromises } from '../../test-support/fake-adapter';
import { transferView } from '../../test-support/fixtures';
import { PageUploads } from './page-uploads';
import type { PageBlob } from './upload-page-file';

const ACC = 'acc-1' as AccountId;
const BOB = 'sip:bob@example.org';

function blob(name: string, size: number): PageBlob {
  return { name, size, slice: (start, end) => ({ arrayBuffer: () => Promise.resolve(new ArrayBuffer(end - start)) }) };
}

/** Main answering uploads; `transfers.uploadSend` waits for the test when `hold` is set. */
function main() {
  const adapter = new FakeAdapter();
  let next = 0;
  adapter.answer = (name, args) => {
    if (name === 'transfers.uploadBegin') return { ok: true, value: { id: `up-${++next}` as UploadId, chunkBytes: 1024 } };
    if (name === 'transfers.uploadChunk') return { ok: true, value: { received: (args[1] as number) + (args[2] as Uint8Array).length } };
    if (name === 'transfers.uploadSend' || name === 'transfers.send') return { ok: true, value: transferView({ state: 'preparing' }) };
    return { ok: true, value: null };
  };
  return adapter;
}

describe('PageUploads', () => {
  it('copies dropped files one at a time, in the order given, and forgets each once main offers it', async () => {
    const adapter = main();
    const uploads = new PageUploads(adapter);
    uploads.send(ACC, BOB, [blob('a.txt', 3000), blob('b.txt', 10)]);
    expect(uploads.store.getState().items.map((item) => [item.name, item.phase])).toEqual([
      ['a.txt', 'waiting'],
      ['b.txt', 'waiting'],
    ]);
    await flushPromises();
    await flushPromises();
    const names = adapter.calls.map((call) => `${call.name} ${String(call.args[0])}`);
    // b.txt begins only after a.txt was offered.
    expect(names.indexOf('transfers.uploadBegin b.txt')).toBeGreaterThan(names.indexOf('transfers.uploadSend up-1'));
    expect(adapter.calls.filter((call) => call.name === 'transfers.uploadSend').map((call) => call.args)).toEqual([
      ['up-1', ACC, BOB],
      ['up-2', ACC, BOB],
    ]);
    expect(uploads.store.getState().items).toEqual([]);
  });

  it('sends a file with a path on this computer by path (desktop), without copying it', async () => {
    const adapter = main();
    const uploads = new PageUploads(adapter, (file) => `/home/alice/${file.name}`);
    uploads.send(ACC, BOB, [blob('report.pdf', 5000)]);
    await flushPromises();
    expect(adapter.calls.map((call) => call.name)).toEqual(['transfers.send']);
    expect(adapter.calls[0]?.args).toEqual([ACC, BOB, '/home/alice/report.pdf']);
  });

  it('copies a dropped file the desktop cannot place (dragged from a browser), rather than refusing it', async () => {
    const adapter = main();
    const uploads = new PageUploads(adapter, () => null);
    uploads.send(ACC, BOB, [blob('from-the-web.png', 10)]);
    await flushPromises();
    expect(adapter.calls.map((call) => call.name)).toEqual(['transfers.uploadBegin', 'transfers.uploadChunk', 'transfers.uploadSend']);
  });

  it('keeps a failure with what to do until dismissed', async () => {
    const adapter = main();
    adapter.answer = () => ({ ok: false, error: { code: 'invalid-argument', message: 'The file is larger than 8 GB.', field: 'size' } });
    const uploads = new PageUploads(adapter);
    uploads.send(ACC, BOB, [blob('huge.iso', 10)]);
    await flushPromises();
    const [item] = uploads.store.getState().items;
    expect(item).toMatchObject({ phase: 'failed', problem: 'Parley could not take the file: The file is larger than 8 GB.' });
    uploads.dismiss(item?.key ?? '');
    expect(uploads.store.getState().items).toEqual([]);
  });

  it('drops a waiting file on cancel without asking main anything about it', async () => {
    const adapter = main();
    const uploads = new PageUploads(adapter);
    uploads.send(ACC, BOB, [blob('first.bin', 10), blob('second.bin', 10)]);
    const second = uploads.store.getState().items[1];
    uploads.cancel(second?.key ?? '');
    await flushPromises();
    expect(adapter.calls.filter((call) => call.name === 'transfers.uploadBegin').map((call) => call.args[0])).toEqual(['first.bin']);
    expect(uploads.store.getState().items).toEqual([]);
  });

  it('offers dropped paths by path', async () => {
    const adapter = main();
    const uploads = new PageUploads(adapter);
    uploads.sendPaths(ACC, BOB, ['/srv/share/notes.txt']);
    expect(uploads.store.getState().items[0]).toMatchObject({ name: 'notes.txt' });
    await flushPromises();
    expect(adapter.calls.map((call) => [call.name, ...call.args])).toEqual([['transfers.send', ACC, BOB, '/srv/share/notes.txt']]);
  });
});
