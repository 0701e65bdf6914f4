import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptorDirect,
  ConnectorDirect,
  generateSessionId,
  MsrpSession,
  MsrpUri,
  OutgoingFile,
  OutgoingState,
  type MsrpTransport,
  type OutgoingOutcome,
} from '../../src-main/msrp';
import {
  answerFileOffsetRequests,
  hashFile,
  IncomingFileWriter,
  PartialTransfers,
  requestFileOffset,
  writerStreamHandler,
  type WriterOutcome,
} from '../../src-main/services/file-transfer';

/**
 * RFC 5547 file transfer at the MSRP level (no SIP yet): a sender session sends a file from disk with
 * sendFile, the receiving session streams it into IncomingFileWriter. Sizes, resume after a dropped
 * connection (Blink's FILE_OFFSET), corruption and hostile names.
 */
const MIB = 1024 * 1024;
let root: string;
let sources: string;
let downloads: string;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'parley-ft-'));
  sources = join(root, 'sources');
  downloads = join(root, 'Downloads');
  await mkdir(sources);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await rm(downloads, { recursive: true, force: true });
});

async function connectedTransports(): Promise<{ sender: MsrpTransport; receiver: MsrpTransport }> {
  const acceptor = new AcceptorDirect();
  const connector = new ConnectorDirect();
  cleanups.push(() => acceptor.cleanup(), () => connector.cleanup());
  const receiverPath = await acceptor.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  const senderPath = await connector.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  const [receiver, sender] = await Promise.all([acceptor.complete(senderPath), connector.complete(receiverPath)]);
  cleanups.push(() => receiver.dispose(), () => sender.dispose());
  return { sender, receiver };
}

interface TransferOptions {
  /** Name in the offer (file-selector name); default the file's base name. */
  readonly offeredName?: string;
  /** SHA-1 in the offer; default the file's own. */
  readonly sha1?: string;
  readonly resume?: { readonly partialPath: string; readonly bytes: number };
  readonly keepPartialOnAbort?: boolean;
  /** Called with the running byte count; return true to cut the connection there. */
  readonly cutAt?: (received: number) => boolean;
}

interface TransferResult {
  readonly outcome: WriterOutcome;
  /** The sender's outcome (a promise: a 0-byte message gets no REPORT, so its sender may wait for one). */
  readonly sent: Promise<OutgoingOutcome>;
  readonly offset: number;
  readonly writer: IncomingFileWriter;
}

/** One RFC 5547 transfer of `path` over a fresh MSRP connection, the receiver answering FILE_OFFSET first. */
async function transfer(path: string, options: TransferOptions = {}): Promise<TransferResult> {
  const size = (await stat(path)).size;
  const sha1 = options.sha1 ?? (await hashFile(path));
  const { sender, receiver } = await connectedTransports();
  let cut = false;
  const writer = await IncomingFileWriter.open({
    downloadsFolder: downloads,
    offeredName: options.offeredName ?? basename(path),
    size,
    sha1,
    ...(options.resume === undefined ? {} : { resume: options.resume }),
    keepPartialOnAbort: options.keepPartialOnAbort ?? false,
    onProgress: (received) => {
      if (!cut && options.cutAt?.(received) === true) {
        cut = true;
        sender.dispose();
      }
    },
  });
  const answering = answerFileOffsetRequests(receiver, writer.offset);
  const senderSession = new MsrpSession(sender, { keepAliveMs: 0, chunkSize: 256 * 1024 });
  cleanups.push(() => senderSession.dispose());
  const offset = await requestFileOffset(senderSession, size);
  const file = await OutgoingFile.open(path, { start: offset, contentType: 'application/octet-stream', fileName: options.offeredName ?? basename(path) });
  senderSession.sendFile(file);
  await answering;
  // RFC 5547 size:0: nothing to wait for; the empty file is verified against the offered hash right away.
  if (size === 0) void writer.complete().catch(() => undefined);
  const sink = writerStreamHandler(writer);
  // A file-transfer session streams every message (threshold 0): a resumed one then reaches the writer too.
  const receiverSession = new MsrpSession(receiver, { keepAliveMs: 0, streamingThreshold: 0, onIncomingStream: sink.handler });
  cleanups.push(() => receiverSession.dispose());
  const outcome = await writer.done;
  return { outcome, sent: file.done, offset, writer };
}

async function makeRandomFile(name: string, size: number): Promise<string> {
  const path = join(sources, name);
  if (size <= 16 * MIB) {
    await writeFile(path, randomBytes(size));
    return path;
  }
  // Big files: a random 1 MiB block repeated, each copy stamped with its index so no two MiB are equal.
  const block = randomBytes(MIB);
  const out = createWriteStream(path);
  for (let written = 0; written < size; written += MIB) {
    const piece = Buffer.from(block.subarray(0, Math.min(MIB, size - written)));
    piece.writeUInt32BE(written / MIB, 0);
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return path;
}

async function expectReceived(outcome: WriterOutcome, source: string): Promise<string> {
  if (!outcome.ok) throw outcome.error;
  expect(dirname(outcome.file.path)).toBe(await realpath(downloads));
  expect(outcome.file.verified).toBe(true);
  expect(outcome.file.sha1).toBe(await hashFile(source));
  expect((await stat(outcome.file.path)).size).toBe((await stat(source)).size);
  return outcome.file.path;
}

async function downloadsListing(): Promise<string[]> {
  return (await readdir(downloads)).sort();
}

describe('file transfer: sendFile → IncomingFileWriter over MSRP on loopback', () => {
  it.each([
    ['empty.bin', 0],
    ['one.bin', 1],
    ['one-mib.bin', MIB],
  ])('%s (%d bytes) arrives byte-exact under its name', async (name, size) => {
    const source = await makeRandomFile(name, size);
    const { outcome, sent } = await transfer(source);
    const path = await expectReceived(outcome, source);
    expect((await readFile(path)).equals(await readFile(source))).toBe(true);
    expect(basename(path)).toBe(name);
    if (size > 0) expect((await sent).state).toBe(OutgoingState.Delivered);
    expect(await downloadsListing()).toEqual([name]);
  });

  it('256 MiB arrive byte-exact with the right SHA-1', async () => {
    const source = await makeRandomFile('big.bin', 256 * MIB);
    const { outcome, sent } = await transfer(source);
    await expectReceived(outcome, source);
    expect((await sent).state).toBe(OutgoingState.Delivered);
    expect(await downloadsListing()).toEqual(['big.bin']);
    await rm(source);
  }, 180_000);

  it('a second transfer of the same name gets a unique name, never overwriting', async () => {
    const source = await makeRandomFile('twice.txt', 1000);
    const first = await transfer(source);
    const second = await transfer(source);
    await expectReceived(first.outcome, source);
    const path = await expectReceived(second.outcome, source);
    expect(basename(path)).toBe('twice (1).txt');
    expect(await downloadsListing()).toEqual(['twice (1).txt', 'twice.txt']);
  });

  it('a dropped connection leaves a remembered partial; the resumed transfer completes byte-exact', async () => {
    const source = await makeRandomFile('resume.bin', 24 * MIB);
    const sha1 = await hashFile(source);
    const registry = await PartialTransfers.open({ profileDir: root });
    const key = { peer: 'sip:alice@example.com', transferId: 'ft-1', name: 'resume.bin', size: 24 * MIB, sha1 };

    const first = await transfer(source, { keepPartialOnAbort: true, cutAt: (received) => received >= 9 * MIB });
    expect(first.outcome.ok).toBe(false);
    if (first.outcome.ok || first.outcome.partial === undefined) throw new Error('expected a kept partial');
    expect(first.outcome.error.reason).toBe('aborted');
    expect(first.outcome.partial.bytes).toBeGreaterThanOrEqual(9 * MIB);
    expect(first.outcome.partial.bytes).toBeLessThan(24 * MIB);
    expect((await first.sent).state).toBe(OutgoingState.Failed);
    // Nothing under the final name while the file is incomplete.
    expect((await downloadsListing()).filter((name) => !name.endsWith('.part'))).toEqual([]);
    await registry.remember(key, first.outcome.partial);

    // Later (a new offer, a new transfer id, the same file-selector): the registry gives the offset.
    const registryAgain = await PartialTransfers.open({ profileDir: root });
    const resume = await registryAgain.resumeFor({ ...key, transferId: 'ft-2' });
    expect(resume?.offset).toBe(first.outcome.partial.bytes);
    if (resume === undefined) throw new Error('no resume entry');
    const second = await transfer(source, { resume: { partialPath: resume.entry.partialPath, bytes: resume.offset } });
    expect(second.offset).toBe(resume.offset);
    const path = await expectReceived(second.outcome, source);
    expect(basename(path)).toBe('resume.bin');
    expect((await second.sent).state).toBe(OutgoingState.Delivered);
    await registryAgain.forget(resume.entry.id, { deleteFile: false });
    expect(registryAgain.entries).toEqual([]);
    expect(await downloadsListing()).toEqual(['resume.bin']);
  }, 60_000);

  it('one flipped bit on the sender side yields a hash mismatch and no file', async () => {
    const source = await makeRandomFile('original.bin', 3 * MIB + 17);
    const sha1 = await hashFile(source);
    const corrupted = join(sources, 'corrupted.bin');
    await copyFile(source, corrupted);
    const handle = await open(corrupted, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, 2 * MIB + 5);
    byte[0] = (byte[0] as number) ^ 0x10;
    await handle.write(byte, 0, 1, 2 * MIB + 5);
    await handle.close();

    const { outcome, sent } = await transfer(corrupted, { offeredName: 'original.bin', sha1 });
    expect(outcome).toMatchObject({ ok: false, error: { reason: 'hash-mismatch' }, partial: undefined });
    // The receiver refused the last chunk, so the sender learns it too.
    expect((await sent).state).toBe(OutgoingState.Failed);
    expect(await downloadsListing()).toEqual([]);
  });

  describe('hostile names land safely inside the downloads folder', () => {
    const long = `${'x'.repeat(300)}.txt`;
    it.each([
      ['../../x', 'x'],
      ['/etc/passwd', 'passwd'],
      ['..\\..\\boot.ini', 'boot.ini'],
      ['CON', '_CON'],
      ['CON.txt', '_CON.txt'],
      [long, `${'x'.repeat(196)}.txt`],
      ['evil\u0000\u0007\r\nname.txt', 'evil____name.txt'],
      ['.hidden', 'hidden'],
    ])('%j → %j', async (offeredName, expected) => {
      const before = (await readdir(root)).sort();
      const source = await makeRandomFile('payload.bin', 4096);
      const { outcome } = await transfer(source, { offeredName });
      const path = await expectReceived(outcome, source);
      expect(basename(path)).toBe(expected);
      expect(await downloadsListing()).toEqual([expected]);
      expect((await readdir(root)).sort()).toEqual([...new Set([...before, 'Downloads'])].sort());
    });

    it('a symlink planted in the downloads folder is neither followed nor overwritten', async () => {
      await mkdir(downloads, { recursive: true });
      const outside = join(root, 'outside-target.txt');
      await symlink(outside, join(downloads, 'report.txt'));
      const source = await makeRandomFile('report.txt', 2048);
      const { outcome } = await transfer(source);
      const path = await expectReceived(outcome, source);
      expect(basename(path)).toBe('report (1).txt');
      await expect(stat(outside)).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
