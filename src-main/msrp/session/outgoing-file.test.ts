import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingStreamEnd } from './message-reassembler';
import { FILE_READ_BLOCK_BYTES, OutgoingFile } from './outgoing-file';
import { OutgoingState } from './outgoing-message';
import { nextEvent, sessionPair } from './test-support/session-pair';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempFile(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-outgoing-file-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'data.bin');
  writeFileSync(path, bytes);
  return path;
}

describe('OutgoingFile', () => {
  it('sends a file from a byte position with Byte-Ranges that start there', async () => {
    const content = randomBytes(300_000);
    const { alice, bob } = await sessionPair({ chunkSize: 32 * 1024 }, { streamingThreshold: 1024 });
    cleanups.push(() => alice.dispose(), () => bob.dispose());
    const pieces: { offset: number; data: Buffer }[] = [];
    let total: number | undefined;
    let disposition: string | undefined;
    bob.on('messageStart', (info) => {
      total = info.total;
      disposition = info.head.headers.get('Content-Disposition');
    });
    bob.on('messageData', (event) => pieces.push({ offset: event.offset, data: Buffer.from(event.data) }));
    const file = await OutgoingFile.open(tempFile(content), { start: 100_000, contentType: 'application/octet-stream' });
    const progress: number[] = [];
    alice.on('progress', (event) => progress.push(event.sent));
    alice.sendFile(file);
    expect(await file.done).toEqual({ state: OutgoingState.Delivered, code: 200 });
    expect(total).toBe(300_000);
    expect(disposition).toBe('attachment; filename="data.bin"');
    expect(pieces[0]?.offset).toBe(100_000);
    expect(Buffer.concat(pieces.map((p) => p.data)).equals(content.subarray(100_000))).toBe(true);
    expect(progress[0]).toBeGreaterThan(100_000);
    expect(progress.at(-1)).toBe(300_000);
  });

  it('cancel() ends a file with # and the receiver drops it', async () => {
    const { alice, bob } = await sessionPair({ chunkSize: 16 * 1024 }, { streamingThreshold: 1024 });
    cleanups.push(() => alice.dispose(), () => bob.dispose());
    const ended = nextEvent(bob, 'messageEnd');
    const file = await OutgoingFile.open(tempFile(randomBytes(2_000_000)));
    alice.sendFile(file);
    await nextEvent(bob, 'messageData');
    file.cancel();
    expect(await file.done).toMatchObject({ state: OutgoingState.Cancelled });
    const { end } = await ended;
    expect(end.aborted?.code).toBe(0);
    expect(end.size).toBeLessThan(2_000_000);
    // The session carries on.
    const after = alice.sendMessage('still here');
    expect((await after.done).state).toBe(OutgoingState.Delivered);
  });

  it('refuses a path that is not a file', async () => {
    await expect(OutgoingFile.open(tmpdir())).rejects.toMatchObject({ code: 'msrp-aborted' });
  });

  it('reads in blocks ahead of the sender and hands out the right bytes at any size and offset', async () => {
    const content = randomBytes(Math.floor(2.6 * FILE_READ_BLOCK_BYTES));
    for (const start of [0, 12_345]) {
      for (const step of [256 * 1024, 300_001, 8192, FILE_READ_BLOCK_BYTES + 1]) {
        const file = await OutgoingFile.open(tempFile(content), { start });
        const got: Buffer[] = [];
        while (file.remaining > 0) {
          const data = await file.read(step);
          // The previous view is done with once the next bytes are asked for (as the session's sender does).
          got.push(Buffer.from(data));
          file.position += data.length;
        }
        file.finish({ state: OutgoingState.Cancelled, code: 0 });
        expect(Buffer.concat(got).equals(content.subarray(start))).toBe(true);
      }
    }
  });

  it('never reads ahead into the bytes it just handed out', async () => {
    const content = randomBytes(3 * FILE_READ_BLOCK_BYTES);
    const file = await OutgoingFile.open(tempFile(content));
    for (let i = 0; i < 6; i++) {
      const data = await file.read(FILE_READ_BLOCK_BYTES / 2);
      const copy = Buffer.from(data);
      // Time for the read-ahead to land before the view is checked.
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(data.equals(copy)).toBe(true);
      expect(data.equals(content.subarray(file.position, file.position + data.length))).toBe(true);
      file.position += data.length;
    }
    file.finish({ state: OutgoingState.Cancelled, code: 0 });
  });

  it('fails a file that shrank while being sent', async () => {
    const path = tempFile(randomBytes(2 * FILE_READ_BLOCK_BYTES));
    const file = await OutgoingFile.open(path);
    file.position += (await file.read(1000)).length;
    truncateSync(path, 1500);
    const reads = async (): Promise<void> => {
      for (;;) file.position += (await file.read(256 * 1024)).length;
    };
    await expect(reads()).rejects.toMatchObject({ code: 'msrp-aborted' });
    file.finish({ state: OutgoingState.Cancelled, code: 0 });
  });
});
