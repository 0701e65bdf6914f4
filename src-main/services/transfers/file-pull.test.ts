import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, SessionId, TransferId, TransferView } from '../../../src-shared';
import { hashFile } from '../file-transfer';
import { decidePull, readFilePull } from './file-pull';
import { ServableFiles } from './servable-file';

function sdp(...media: string[]): string {
  return ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', ...media, ''].join('\r\n');
}

const SHA1 = '72:24:5F:E8:65:3D:DA:F3:71:EF:FA:2C:CD:F2:40:0A:70:33:1E:9E';

function fileStream(direction: string, selector: string, extra: string[] = [], port = 7654): string {
  return [
    `m=message ${port} TCP/MSRP *`,
    `a=path:msrp://127.0.0.1:${port}/abc${port};tcp`,
    'a=accept-types:*',
    `a=${direction}`,
    `a=file-selector:${selector}`,
    'a=file-transfer-id:pull-1',
    ...extra,
  ].join('\r\n');
}

const PULL = fileStream('recvonly', `name:"report.pdf" type:application/pdf size:4096 hash:sha-1:${SHA1}`, ['a=file-range:1001-4096']);
const CHAT = ['m=message 7655 TCP/MSRP *', 'a=path:msrp://127.0.0.1:7655/chat;tcp', 'a=accept-types:text/plain'].join('\r\n');

describe('readFilePull', () => {
  it('reads a pull: the selector (SHA-1, name, size), the range still wanted and the peer path as key', () => {
    expect(readFilePull(sdp(PULL))).toMatchObject({
      sha1: SHA1,
      name: 'report.pdf',
      size: 4096,
      range: { start: 1001, stop: 4096 },
      pathKey: 'msrp://127.0.0.1:7654/abc7654;tcp',
      offered: { role: 'file-sender' },
    });
    // A selector may name a file by its hash alone (RFC 5547 §5).
    expect(readFilePull(sdp(fileStream('recvonly', `hash:sha-1:${SHA1}`)))).toMatchObject({ sha1: SHA1, name: undefined, size: undefined, range: undefined });
    // A removed m-line (port 0) beside it does not count.
    expect(readFilePull(sdp(PULL, 'm=message 0 TCP/MSRP *'))).toBeDefined();
  });

  it('is not a pull: a push, no SHA-1, two streams, a chat, garbage', () => {
    expect(readFilePull(sdp(PULL.replace('a=recvonly', 'a=sendonly')))).toBeUndefined();
    expect(readFilePull(sdp(fileStream('recvonly', 'name:"report.pdf" size:4096')))).toBeUndefined();
    expect(readFilePull(sdp(PULL, CHAT))).toBeUndefined();
    expect(readFilePull(sdp(PULL, fileStream('recvonly', `hash:sha-1:${SHA1}`, [], 7656)))).toBeUndefined();
    expect(readFilePull(sdp(CHAT))).toBeUndefined();
    expect(readFilePull('garbage')).toBeUndefined();
    expect(readFilePull(undefined)).toBeUndefined();
  });
});

describe('decidePull', () => {
  let dir: string;
  let path: string;
  let hash: string;
  const alice = 'acc-alice' as AccountId;
  const now = Date.now();
  const files = new ServableFiles();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-pull-'));
    path = join(dir, 'notes.txt');
    await writeFile(path, 'meeting notes, version 1');
    hash = await hashFile(path);
  });
  afterAll(async () => {
    files.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  function sentToBob(): TransferView {
    return {
      id: 'sent-1' as TransferId,
      accountId: alice,
      direction: 'outgoing',
      peer: 'sip:bob@example.com',
      peerDisplayName: null,
      name: 'notes.txt',
      size: 24,
      mediaType: 'text/plain',
      hash,
      state: 'failed',
      path,
      sessionId: 's' as SessionId,
      bytes: 0,
      total: 24,
      bytesPerSecond: 0,
      etaSeconds: null,
      startOffset: 0,
      failure: { code: 'connection-lost', message: 'cut' },
      createdAt: now - 60_000,
      endedAt: now - 50_000,
    };
  }

  const pullOf = (selector: string) => sdp(fileStream('recvonly', selector, ['a=file-range:11-24']));

  it('serves a file sent to this peer that is still the same, with the offer to send', async () => {
    const decision = await decidePull({ remoteOffer: pullOf(`name:"notes.txt" size:24 hash:sha-1:${hash}`), accountId: alice, peer: 'sip:bob@example.com', transfers: [sentToBob()], now, files });
    expect(decision).toMatchObject({ serve: true, sent: { id: 'sent-1' }, file: { path, size: 24, hash }, pull: { range: { start: 11, stop: 24 } } });
  });

  it('declines a pull from another peer, for another file, or for a file changed since', async () => {
    const context = { accountId: alice, transfers: [sentToBob()], now, files };
    const fromCarol = await decidePull({ ...context, remoteOffer: pullOf(`hash:sha-1:${hash}`), peer: 'sip:carol@example.com' });
    expect(fromCarol).toMatchObject({ serve: false, busy: false });
    const other = await decidePull({ ...context, remoteOffer: pullOf(`hash:sha-1:${SHA1}`), peer: 'sip:bob@example.com' });
    expect(other).toMatchObject({ serve: false });
    const push = await decidePull({ ...context, remoteOffer: sdp(fileStream('sendonly', `hash:sha-1:${hash}`)), peer: 'sip:bob@example.com' });
    expect(push).toMatchObject({ serve: false });
    await writeFile(path, 'meeting notes, version 2');
    const changed = await decidePull({ ...context, remoteOffer: pullOf(`hash:sha-1:${hash}`), peer: 'sip:bob@example.com' });
    expect(changed).toMatchObject({ serve: false, reason: expect.stringContaining('changed') });
  });
});
