import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, SessionId, TransferId, TransferView } from '../../../src-shared';
import { hashFile } from '../file-transfer';
import { checkServableFile, findServableTransfer, PULL_WINDOW_DAYS, samePeer, ServableFiles, type PullRequest } from './servable-file';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 1_800_000_000_000;
const ALICE = 'acc-alice' as AccountId;
const SHA1 = '72:24:5F:E8:65:3D:DA:F3:71:EF:FA:2C:CD:F2:40:0A:70:33:1E:9E';

function sent(overrides: Partial<TransferView> = {}): TransferView {
  return {
    id: 't1' as TransferId,
    accountId: ALICE,
    direction: 'outgoing',
    peer: 'sip:bob@example.com',
    peerDisplayName: null,
    name: 'report.pdf',
    size: 4096,
    mediaType: 'application/pdf',
    hash: SHA1,
    state: 'failed',
    path: '/home/alice/report.pdf',
    sessionId: 's1' as SessionId,
    bytes: 100,
    total: 4096,
    bytesPerSecond: 0,
    etaSeconds: null,
    startOffset: 0,
    failure: null,
    createdAt: NOW - DAY,
    endedAt: NOW - DAY,
    ...overrides,
  };
}

const PULL: PullRequest = { accountId: ALICE, peer: 'sip:bob@example.com', sha1: SHA1, name: 'report.pdf', size: 4096 };

describe('findServableTransfer: which pulls may be served', () => {
  it('serves the same file to the same peer from the same account, whatever form the addresses take', () => {
    expect(findServableTransfer([sent()], PULL, NOW)?.id).toBe('t1');
    // RFC 3261 §19.1.4: host case, port, parameters and sips: do not make another peer; the hash case does not matter.
    const request = { ...PULL, peer: 'sips:bob@EXAMPLE.com:5061;transport=tls', sha1: SHA1.toLowerCase() };
    expect(findServableTransfer([sent({ peer: 'sip:bob@example.com' })], request, NOW)?.id).toBe('t1');
    expect(findServableTransfer([sent({ state: 'completed' }), sent({ id: 't2' as TransferId, state: 'declined' })], PULL, NOW)).toBeDefined();
  });

  it('declines another peer, including the same user at another host and another user at the same host', () => {
    expect(findServableTransfer([sent()], { ...PULL, peer: 'sip:carol@example.com' }, NOW)).toBeUndefined();
    expect(findServableTransfer([sent()], { ...PULL, peer: 'sip:bob@example.org' }, NOW)).toBeUndefined();
    expect(findServableTransfer([sent()], { ...PULL, peer: 'sip:Bob@example.com' }, NOW)).toBeUndefined();
  });

  it('declines a file another account of ours sent to that peer', () => {
    expect(findServableTransfer([sent({ accountId: 'acc-work' as AccountId })], PULL, NOW)).toBeUndefined();
  });

  it(`declines a file sent more than ${PULL_WINDOW_DAYS} days ago (and one dated in the future)`, () => {
    expect(findServableTransfer([sent({ createdAt: NOW - PULL_WINDOW_DAYS * DAY + 1000 })], PULL, NOW)).toBeDefined();
    expect(findServableTransfer([sent({ createdAt: NOW - PULL_WINDOW_DAYS * DAY - 1000 })], PULL, NOW)).toBeUndefined();
    expect(findServableTransfer([sent({ createdAt: NOW + DAY })], PULL, NOW)).toBeUndefined();
  });

  it('dates a served pull by the send it was served from: pulling does not keep a file pullable for ever', () => {
    const servedYesterday = sent({ id: 'pull' as TransferId, createdAt: NOW - DAY });
    const origins = new Map([['pull', NOW - (PULL_WINDOW_DAYS + 1) * DAY]]);
    const sentAt = (view: TransferView) => origins.get(view.id) ?? view.createdAt;
    expect(findServableTransfer([servedYesterday], PULL, NOW)).toBeDefined();
    expect(findServableTransfer([servedYesterday], PULL, NOW, sentAt)).toBeUndefined();
  });

  it('declines another hash, another size or another name; a pull may leave name and size out', () => {
    expect(findServableTransfer([sent()], { ...PULL, sha1: SHA1.replace('72', '73') }, NOW)).toBeUndefined();
    expect(findServableTransfer([sent()], { ...PULL, size: 4095 }, NOW)).toBeUndefined();
    expect(findServableTransfer([sent()], { ...PULL, name: 'passwords.txt' }, NOW)).toBeUndefined();
    expect(findServableTransfer([sent()], { ...PULL, name: 'Report.pdf' }, NOW)).toBeUndefined();
    expect(findServableTransfer([sent()], { ...PULL, name: undefined, size: undefined }, NOW)).toBeDefined();
  });

  it('accepts the name as the receiver made it safe to store (what it shows and may ask with)', () => {
    const hostile = sent({ name: '.bashrc' });
    expect(findServableTransfer([hostile], { ...PULL, name: 'bashrc' }, NOW)).toBeDefined();
    expect(findServableTransfer([hostile], { ...PULL, name: '.bashrc' }, NOW)).toBeDefined();
  });

  it('counts only files we sent that got as far as an offer, and never a received one', () => {
    expect(findServableTransfer([sent({ sessionId: null, state: 'cancelled' })], PULL, NOW)).toBeUndefined();
    expect(findServableTransfer([sent({ hash: null })], PULL, NOW)).toBeUndefined();
    expect(findServableTransfer([sent({ path: null })], PULL, NOW)).toBeUndefined();
    expect(findServableTransfer([sent({ direction: 'incoming', path: '/home/alice/Downloads/report.pdf' })], PULL, NOW)).toBeUndefined();
  });

  it('picks the newest of several matches', () => {
    const older = sent({ id: 'old' as TransferId, createdAt: NOW - 3 * DAY, path: '/old/report.pdf' });
    const newer = sent({ id: 'new' as TransferId, createdAt: NOW - DAY, path: '/new/report.pdf' });
    expect(findServableTransfer([older, newer], PULL, NOW)?.id).toBe('new');
  });

  it('compares peers as normalized SIP addresses', () => {
    expect(samePeer('"Bob" <sip:bob@Example.COM;transport=tcp>', 'sip:bob@example.com')).toBe(true);
    expect(samePeer('sip:bob@example.com', 'sip:bobby@example.com')).toBe(false);
  });
});

describe('checkServableFile: the file on disk is still the one sent', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-servable-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the offer for an unchanged file (size and SHA-1)', async () => {
    const path = join(dir, 'same.bin');
    await writeFile(path, 'the very same bytes');
    const hash = await hashFile(path);
    const offer = await checkServableFile({ path, size: 19, hash: hash.toLowerCase() });
    expect(offer).toMatchObject({ path, name: 'same.bin', size: 19, hash });
  });

  it('declines a file changed since it was sent: other bytes of the same size, another size, gone, a folder', async () => {
    const path = join(dir, 'changed.bin');
    await writeFile(path, 'original content');
    const hash = await hashFile(path);
    await writeFile(path, 'ORIGINAL CONTENT');
    expect(await checkServableFile({ path, size: 16, hash })).toBeUndefined();
    await writeFile(path, 'original content, and more');
    expect(await checkServableFile({ path, size: 16, hash })).toBeUndefined();
    expect(await checkServableFile({ path: join(dir, 'missing.bin'), size: 16, hash })).toBeUndefined();
    expect(await checkServableFile({ path: dir, size: 16, hash })).toBeUndefined();
    expect(await checkServableFile({ path: null, size: 16, hash })).toBeUndefined();
  });

  it('hashes a file once however many pulls name it, and at most `max` files at a time', async () => {
    const a = join(dir, 'a.bin');
    const b = join(dir, 'b.bin');
    await writeFile(a, 'aaaa');
    await writeFile(b, 'bbbb');
    const files = new ServableFiles(1);
    const viewA = { path: a, size: 4, hash: await hashFile(a) };
    const viewB = { path: b, size: 4, hash: await hashFile(b) };
    const first = files.check(viewA);
    expect(files.check(viewA)).toBe(first);
    expect(files.canCheck(viewA)).toBe(true);
    expect(files.canCheck(viewB)).toBe(false);
    expect(await first).toMatchObject({ path: a });
    expect(files.canCheck(viewB)).toBe(true);
    files.dispose();
  });
});
