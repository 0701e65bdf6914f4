import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingStreamEnd } from './message-reassembler';
import { OutgoingFile } from './outgoing-file';
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
});
