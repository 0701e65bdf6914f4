import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MsrpTracer, type MsrpSession, type MsrpSessionOptions } from '../../msrp';
import type { AcceptedStream } from '../../sip/sdp';
import { sha1Value, type FileOffer } from '../file-transfer';
import { MsrpStreamBase } from './msrp-stream-base';
import { DIRECT_CHUNK_SIZE, RELAY_CHUNK_SIZE } from './msrp-stream-context';
import { answerFileOffer, loopbackContext, offerFile, transferOutcome } from './test-support/file-transfer-negotiation';

/**
 * FileTransferStream end to end on loopback, both ends as in the app (SDP offer/answer, FILE_OFFSET,
 * IncomingFileWriter), without SIP: what chunk sizes go on the wire, and that a file of any chunking arrives.
 */
const MIB = 1024 * 1024;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-ft-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sourceFile(name: string, size: number): Promise<FileOffer> {
  const path = join(dir, name);
  const body = randomBytes(size);
  await writeFile(path, body);
  return { path, name, size, mediaType: 'application/octet-stream', hash: sha1Value(createHash('sha1').update(body)), modified: new Date() };
}

/** Sends `offer` from one FileTransferStream to another; returns the received path and the body size of each SEND sent. */
async function push(offer: FileOffer, directChunkSize?: number): Promise<{ path: string | undefined; chunkBodies: number[] }> {
  const tracer = new MsrpTracer();
  const bodies = new Map<string, number>();
  const subscription = tracer.subscribe((event) => {
    if (event.kind === 'chunk-data' && event.direction === 'out') bodies.set(event.transactionId, (bodies.get(event.transactionId) ?? 0) + event.bytes);
  });
  const sender = await offerFile(loopbackContext(directChunkSize === undefined ? { tracer } : { directChunkSize, tracer }), offer);
  const receiver = await answerFileOffer(loopbackContext(), sender.offer, () => ({ downloadsFolder: join(dir, 'Downloads'), peer: 'sip:alice@parley.test' }));
  await sender.start(receiver.answer);
  const [sent, received] = await Promise.all([transferOutcome(sender.stream), transferOutcome(receiver.stream)]);
  subscription.dispose();
  await Promise.all([sender.stream.end(), receiver.stream.end()]);
  sender.stream.dispose();
  receiver.stream.dispose();
  expect(sent).toMatchObject({ ok: true, bytes: offer.size });
  expect(received).toMatchObject({ ok: true, bytes: offer.size, sha1: offer.hash });
  return { path: received.ok ? received.path : undefined, chunkBodies: [...bodies.values()] };
}

describe('FileTransferStream between two ends on loopback', () => {
  it('sends a file in chunks of the direct chunk size, and the receiver writes it byte-exact', async () => {
    const offer = await sourceFile('chunked.bin', 5 * MIB + 123);
    const { path, chunkBodies } = await push(offer);
    // Full chunks of exactly that size (a smaller cap, say the relay's, would pass a mere upper bound).
    expect(Math.max(...chunkBodies)).toBe(DIRECT_CHUNK_SIZE);
    expect(chunkBodies.reduce((sum, bytes) => sum + bytes, 0)).toBe(offer.size);
    expect((await readFile(path as string)).equals(await readFile(offer.path))).toBe(true);
  });

  it('receives a whole file sent as ONE chunk (RFC 4975 §7.1.1), the FILE_OFFSET exchange before it', async () => {
    // Larger than anything a receiver may hold in memory: the chunk must stream from its head on.
    const offer = await sourceFile('one-chunk.bin', 40 * MIB);
    const { path, chunkBodies } = await push(offer, Number.POSITIVE_INFINITY);
    expect(chunkBodies).toEqual([offer.size]);
    expect((await readFile(path as string)).equals(await readFile(offer.path))).toBe(true);
  }, 30_000);
});

/** Exposes the session options a started stream would use. */
class OptionsProbe extends MsrpStreamBase {
  readonly type = 'chat' as const;

  constructor() {
    super('chat');
  }

  optionsFor(accepted: AcceptedStream): MsrpSessionOptions {
    return this.sessionOptions(accepted);
  }

  protected onStarted(_msrp: MsrpSession): void {}
}

function accepted(remotePath: readonly string[]): AcceptedStream {
  return { remote: { path: remotePath }, local: { acceptTypes: ['*'] } } as unknown as AcceptedStream;
}

describe('chunk size per path', () => {
  const peer = 'msrp://127.0.0.1:7002/bob000000001;tcp';
  const peerRelay = 'msrp://127.0.0.1:9000/relay0000001;tcp';

  it('uses the direct chunk size only when no relay is on the path (RFC 4976 §5.2: relays come first in a=path)', async () => {
    const probe = new OptionsProbe();
    await probe.initialize(loopbackContext(), { kind: 'offer' });
    expect(probe.optionsFor(accepted([peer])).chunkSize).toBe(DIRECT_CHUNK_SIZE);
    // Our connection is direct, but the peer sits behind its relay: that relay may drop large frames.
    expect(probe.optionsFor(accepted([peerRelay, peer])).chunkSize).toBe(RELAY_CHUNK_SIZE);
    probe.dispose();
  });

  it('keeps direct chunks far below what msrplib peers accept (4 MiB, read whole)', () => {
    expect(DIRECT_CHUNK_SIZE).toBeLessThanOrEqual(4 * MIB);
  });
});
