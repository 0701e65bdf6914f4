import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, TransferId, TransferView } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, type HeadlessCore } from '../peers/headless-core';
import { expectReceived, makeFile, nextOffer, settled, sha256Of } from './transfer-peers';
import { TwoCores } from './two-cores';

/**
 * `transfers.retry` between two Parley cores over direct MSRP connections: a transfer cut mid-way goes
 * again. Bob, the receiver, asks Alice for the file as a pull (RFC 5547 §5: a recvonly offer naming it by
 * SHA-1), which Alice's core serves by itself because she sent that file to Bob, resuming from Bob's
 * partial file (a=file-range, §8). Alice, the sender, offers her file anew. A pull for a file Alice never
 * sent to Bob is declined. The pull also goes through Kamailio's MSRP relay (RFC 4976) after the relay died
 * mid-file. Every account reaches the proxy (and relay) at 127.0.0.1: nothing resolves a DNS name.
 */
const MIB = 1024 * 1024;
const ALICE = `alice@${DEFAULT_TEST_DOMAIN}`;
const BOB = `bob@${DEFAULT_TEST_DOMAIN}`;
const CAROL = `carol@${DEFAULT_TEST_DOMAIN}`;

/**
 * Cuts the next MSRP connection that has carried `bytes` into this process (both cores run here): the
 * receiving end of a file transfer, reset (RST) mid-file. It watches what the kernel hands each new socket
 * (Node's `net.client.socket` / `net.server.socket` diagnostics channels) without reading from it, so the
 * MSRP transport's own reading and backpressure are untouched.
 */
class MsrpCutter {
  #armed: { readonly bytes: number; readonly done: () => void } | undefined;
  readonly #onSocket = (message: unknown): void => this.#watch((message as { socket: Socket }).socket);

  constructor() {
    subscribe('net.client.socket', this.#onSocket);
    subscribe('net.server.socket', this.#onSocket);
  }

  /** Resolves once a connection has been cut. */
  cutAfter(bytes: number): Promise<void> {
    return new Promise((resolve) => (this.#armed = { bytes, done: resolve }));
  }

  dispose(): void {
    unsubscribe('net.client.socket', this.#onSocket);
    unsubscribe('net.server.socket', this.#onSocket);
  }

  #watch(socket: Socket): void {
    let msrp: boolean | undefined;
    let received = 0;
    const push = socket.push.bind(socket);
    socket.push = (chunk: unknown, encoding?: BufferEncoding) => {
      const accepted = push(chunk, encoding);
      if (!Buffer.isBuffer(chunk)) return accepted;
      msrp ??= chunk.subarray(0, 5).toString('latin1') === 'MSRP ';
      received += chunk.length;
      const armed = this.#armed;
      if (msrp && armed !== undefined && received >= armed.bytes) {
        this.#armed = undefined;
        setImmediate(() => {
          socket.resetAndDestroy();
          armed.done();
        });
      }
      return accepted;
    };
  }
}

describe('transfers.retry over direct MSRP connections', () => {
  let peers: TwoCores;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let aliceAccount: AccountId;
  let bobAccount: AccountId;
  let sources: string;
  let cutter: MsrpCutter;
  const seen = new Set<TransferId>();

  beforeAll(async () => {
    sources = await mkdtemp(join(tmpdir(), 'parley-transfer-retry-'));
    cutter = new MsrpCutter();
    peers = await TwoCores.start({ tag: 'rt' });
    ({ alice, bob, aliceAccount, bobAccount } = peers);
  });

  afterAll(async () => {
    cutter?.dispose();
    await peers?.dispose();
    if (sources !== undefined) await rm(sources, { recursive: true, force: true });
  });

  /** Alice offers `path`, Bob accepts, and the connection is cut once 1 MiB reached Bob: both ends fail. */
  async function cutTransfer(path: string, size: number): Promise<{ sent: TransferView; received: TransferView }> {
    const cut = cutter.cutAfter(MIB);
    const started = await alice.invoke('transfers.send', aliceAccount, BOB, path);
    const offer = await nextOffer(bob, seen);
    await bob.invoke('transfers.accept', offer.id);
    await cut;
    const [sent, received] = await Promise.all([settled(alice, started.id), settled(bob, offer.id)]);
    expect(sent.state).toBe('failed');
    expect(received).toMatchObject({ state: 'failed', failure: { code: 'connection-lost' } });
    expect(received.bytes).toBeGreaterThan(0);
    expect(received.bytes).toBeLessThan(size);
    return { sent, received };
  }

  it('the receiver asks again: Alice serves the pull, and Bob\u2019s file resumes from his partial and completes byte-exact', async () => {
    const size = 4 * MIB;
    const path = join(sources, 'pulled.bin');
    const sha1 = await makeFile(path, size);
    const { received: cut } = await cutTransfer(path, size);
    const aliceBefore = new Set((await alice.invoke('transfers.list')).transfers.map((view) => view.id));

    const pull = await bob.invoke('transfers.retry', cut.id);
    expect(pull).toMatchObject({ direction: 'incoming', state: 'preparing', name: 'pulled.bin', size, hash: sha1 });
    expect(pull.id).not.toBe(cut.id);
    // One retry at a time; the cut transfer itself stays failed.
    expect(await bob.invokeRaw('transfers.retry', cut.id)).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Alice's core answered by itself: a new outgoing transfer of the same file, to Bob.
    const served = await alice.waitFor('transfers.changed', (view) => view.direction === 'outgoing' && !aliceBefore.has(view.id), 'the served pull', 60_000);
    expect(served).toMatchObject({ path, name: 'pulled.bin', size, hash: sha1 });
    expect(served.peer).toContain(BOB);
    const [pulled, sent] = await Promise.all([settled(bob, pull.id), settled(alice, served.id)]);

    expect(sent).toMatchObject({ state: 'completed', failure: null });
    await expectReceived(bob, pulled, size, sha1);
    // RFC 5547 §8: Bob's offer named the octets after the ones he kept; Alice started there.
    expect(pulled.startOffset).toBeGreaterThan(0);
    expect(pulled.startOffset).toBe(cut.bytes);
    expect(sent.startOffset).toBe(pulled.startOffset);
    expect(await sha256Of(pulled.path as string)).toBe(await sha256Of(path));

    // Done is done; an unknown transfer is not found.
    expect(await bob.invokeRaw('transfers.retry', pulled.id)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await bob.invokeRaw('transfers.retry', randomUUID() as TransferId)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  }, 90_000);

  it('the sender tries again: the file is offered anew and Bob resumes from his partial', async () => {
    const size = 4 * MIB;
    const path = join(sources, 'resent.bin');
    const sha1 = await makeFile(path, size);
    const { sent: cut, received: cutAtBob } = await cutTransfer(path, size);

    const again = await alice.invoke('transfers.retry', cut.id);
    expect(again).toMatchObject({ direction: 'outgoing', state: 'preparing', path, name: 'resent.bin' });
    const offer = await nextOffer(bob, seen);
    expect(offer).toMatchObject({ name: 'resent.bin', size, hash: sha1 });
    await bob.invoke('transfers.accept', offer.id);
    const [sent, received] = await Promise.all([settled(alice, again.id), settled(bob, offer.id)]);

    expect(sent).toMatchObject({ state: 'completed', failure: null });
    await expectReceived(bob, received, size, sha1);
    expect(received.startOffset).toBe(cutAtBob.bytes);
    expect(await sha256Of(received.path as string)).toBe(await sha256Of(path));

    // A file that is gone cannot be sent again.
    const gone = join(sources, 'gone.bin');
    await makeFile(gone, size);
    const { sent: cutAgain } = await cutTransfer(gone, size);
    await rm(gone);
    expect(await alice.invokeRaw('transfers.retry', cutAgain.id)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  }, 90_000);

  it('a pull for a file Alice never sent to Bob (she offered it to Carol) is declined, and Alice lists nothing new', async () => {
    // Alice offers the file to Carol (not registered: the offer fails, but it was made).
    const path = join(sources, 'for-carol.bin');
    const sha1 = await makeFile(path, 100_000);
    const toCarol = await alice.invoke('transfers.send', aliceAccount, CAROL, path);
    expect((await settled(alice, toCarol.id)).sessionId).not.toBeNull();

    // Bob's list claims he was getting that file from Alice: written into his profile while his core is stopped.
    const claimed: TransferView = {
      id: randomUUID() as TransferId,
      accountId: bobAccount,
      direction: 'incoming',
      peer: `sip:${ALICE}`,
      peerDisplayName: 'Alice',
      name: 'for-carol.bin',
      size: 100_000,
      mediaType: 'application/octet-stream',
      hash: sha1,
      state: 'failed',
      path: null,
      sessionId: null,
      bytes: 0,
      total: 100_000,
      bytesPerSecond: 0,
      etaSeconds: null,
      startOffset: 0,
      failure: { code: 'connection-lost', message: 'cut' },
      createdAt: Date.now() - 1000,
      endedAt: Date.now() - 500,
    };
    bob = await peers.restartBob(async (profileDir) => {
      const listFile = join(profileDir, 'transfers.json');
      const stored = JSON.parse(await readFile(listFile, 'utf8')) as { version: 1; transfers: TransferView[] };
      await writeFile(listFile, JSON.stringify({ version: 1, transfers: [claimed, ...stored.transfers] }));
    });
    const aliceBefore = (await alice.invoke('transfers.list')).transfers.length;

    const pull = await bob.invoke('transfers.retry', claimed.id);
    expect(pull).toMatchObject({ direction: 'incoming', state: 'preparing', hash: sha1 });
    expect(await settled(bob, pull.id)).toMatchObject({ state: 'declined' });
    expect((await alice.invoke('transfers.list')).transfers.length).toBe(aliceBefore);
  }, 60_000);
});

describe('transfers.retry through the MSRP relay', () => {
  let peers: TwoCores;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let aliceAccount: AccountId;
  let sources: string;
  const seen = new Set<TransferId>();

  beforeAll(async () => {
    sources = await mkdtemp(join(tmpdir(), 'parley-transfer-retry-relay-'));
    peers = await TwoCores.start({ tag: 'rtr', relay: 'retry-relay' });
    ({ alice, bob, aliceAccount } = peers);
  });

  afterAll(async () => {
    await peers?.dispose();
    if (sources !== undefined) await rm(sources, { recursive: true, force: true });
  });

  it('a transfer cut by the relay dying is pulled by Bob once the relay is back, from the bytes he kept', async () => {
    const size = 16 * MIB;
    const path = join(sources, 'relayed.bin');
    const sha1 = await makeFile(path, size);
    const first = await alice.invoke('transfers.send', aliceAccount, BOB, path);
    const offer = await nextOffer(bob, seen);
    await bob.invoke('transfers.accept', offer.id);
    await bob.waitFor('transfers.changed', (view) => view.id === offer.id && view.bytes >= MIB, 'the first MiB at Bob', 60_000);
    await peers.stopRelay();
    const [, cut] = await Promise.all([settled(alice, first.id), settled(bob, offer.id)]);
    expect(cut).toMatchObject({ state: 'failed', failure: { code: 'connection-lost' } });
    expect(cut.bytes).toBeGreaterThan(0);
    expect(cut.bytes).toBeLessThan(size);

    await peers.startRelay();
    const pull = await bob.invoke('transfers.retry', cut.id);
    const served = await alice.waitFor('transfers.changed', (view) => view.direction === 'outgoing' && view.id !== first.id, 'the served pull', 60_000);
    const [pulled, sent] = await Promise.all([settled(bob, pull.id, 120_000), settled(alice, served.id, 120_000)]);
    expect(sent).toMatchObject({ state: 'completed', failure: null, startOffset: cut.bytes });
    expect(pulled.startOffset).toBe(cut.bytes);
    await expectReceived(bob, pulled, size, sha1);
    expect(await sha256Of(pulled.path as string)).toBe(await sha256Of(path));
  }, 180_000);
});
