import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { MsrpRelaySettings } from '../msrp';
import { sha1Value, type FileOffer } from '../services/file-transfer';
import { DIRECT_CHUNK_SIZE, RELAY_CHUNK_SIZE, RELAY_FILE_WINDOW_BYTES } from '../services/streams';
import { loopbackContext, offerFile, transferOutcome } from '../services/streams/test-support/file-transfer-negotiation';
import { startKamailio } from '../../e2e/peers/kamailio';
import { kamailioMsrpRelayConfig } from '../../e2e/peers/kamailio-msrp-relay';
import { freeTcpPort } from '../../e2e/peers/ports';
import { cpuSince, followProgress, mainThreadCpu, RssMeter, runPeer, type Reply } from './file-transfer-bench-peer';
import { measureRawTcp } from './raw-tcp-baseline';

/**
 * `npm run bench:files [-- --size BYTES] [--chunk-size BYTES|inf] [--relay-size BYTES | --no-relay]`: RFC 5547
 * file transfer figures, all measured in this run, printed for humans and then as ONE JSON line.
 *
 * What is measured is the app's own path, end to end: a sending FileTransferStream in this process and a
 * receiving one in a child process (this script with `--peer`), negotiated by the app's SDP offer/answer
 * (RFC 5547 push, RFC 6135 roles) and run as in a call — connection and binding, Blink's FILE_OFFSET, the
 * MSRP session with the app's chunk settings, OutgoingFile reads, IncomingFileWriter writes, the SHA-1 check
 * and the rename into the downloads folder. The clock runs from the offer reaching the receiver (who accepts
 * at once) until both ends report the verified file. Left out: SIP signalling, the UI, and the receiver's
 * partial-transfer registry (it only matters when a transfer is cut).
 *
 * The file (random bytes, default 2 GiB, in the page cache) goes direct, then through Kamailio's MSRP
 * relay (RFC 4976, digest AUTH, the app's relay settings) started on a free loopback port; `--relay-size`
 * sends less through the relay. The limit beside them: raw TCP between the same two processes, SHA-1 in
 * memory, and positioned disk writes in the receiving process; the slowest of the three. `--chunk-size`
 * overrides the app's direct chunk size (`inf`: a whole file in one interruptible chunk). 1 MB = 10^6 bytes.
 */
const MIB = 1024 * 1024;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const text = i < 0 ? undefined : process.argv[i + 1];
  if (text === undefined) return fallback;
  if (/^inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/** The users of the relay config (DEFAULT_RELAY_USERS of e2e/peers/kamailio-msrp-relay.ts). */
const RELAY_SENDER = { username: 'alice', password: 'alice-secret' };
const RELAY_RECEIVER = { username: 'bob', password: 'bob-secret' };

/** An account's relay settings for a Kamailio relay on 127.0.0.1:`port` (RELAY_CHUNK_SIZE: Kamailio drops larger frames). */
function relaySettings(port: number, user: { username: string; password: string }): MsrpRelaySettings {
  return { domain: '127.0.0.1', host: '127.0.0.1', port, ...user, useTls: false, maxChunkSize: RELAY_CHUNK_SIZE };
}

class Peer {
  readonly #child: ChildProcess;
  readonly #waiters: ((value: Reply) => void)[] = [];

  constructor() {
    const profiling = process.execArgv.filter((arg) => arg.startsWith('--cpu-prof') || arg === '--expose-gc');
    this.#child = spawn(process.execPath, [...profiling, '--import', 'tsx', import.meta.filename, '--peer'], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.#child.stdout as NodeJS.ReadableStream }).on('line', (line) => this.#waiters.shift()?.(JSON.parse(line) as Reply));
  }

  /** Sends a command; resolves with its next `replies` answers (in order). */
  ask(command: Reply, replies = 1): Promise<Reply>[] {
    const answers = Array.from({ length: replies }, () => new Promise<Reply>((resolve) => this.#waiters.push(resolve)));
    this.#child.stdin?.write(`${JSON.stringify(command)}\n`);
    return answers;
  }

  stop(): void {
    this.#child.stdin?.end();
  }
}

function sha1Speed(size: number): number {
  const block = randomBytes(MIB);
  const hash = createHash('sha1');
  const startedAt = performance.now();
  for (let done = 0; done < size; done += block.length) hash.update(block.subarray(0, Math.min(block.length, size - done)));
  hash.digest();
  return size / 1e6 / ((performance.now() - startedAt) / 1000);
}

/**
 * A file of `size` bytes that looks like real data (random: compressed media, archives), made from a random
 * 1 MiB block with each copy stamped with its index, so no two MiB are alike; flushed to disk before anything
 * is measured. Its pages stay cached: the transfer reads it from memory, as a recently used file would be.
 * Returns its SHA-1 in RFC 5547 form (`AA:BB:…`).
 */
async function makeSourceFile(path: string, size: number): Promise<string> {
  const block = randomBytes(MIB);
  const hash = createHash('sha1');
  const handle = await open(path, 'wx');
  for (let position = 0; position < size; position += MIB) {
    const piece = block.subarray(0, Math.min(MIB, size - position));
    piece.writeUInt32BE(position / MIB, 0);
    hash.update(piece);
    await handle.write(piece, 0, piece.length, position);
  }
  await handle.datasync();
  await handle.close();
  return sha1Value(hash);
}

interface Run {
  readonly mb_s: number;
  readonly sender: number;
  readonly receiver: number;
  readonly senderCpu: number;
  readonly receiverCpu: number;
  /** CPU seconds of each side's event-loop thread (the rest: file reads and writes in the thread pool). */
  readonly senderMain: number;
  readonly receiverMain: number;
}

/** One push of `offer` from a sending FileTransferStream here to a receiving one in the peer. */
async function transfer(peer: Peer, dir: string, offer: FileOffer, relay: { sender: MsrpRelaySettings; receiver: MsrpRelaySettings } | undefined, chunkSize: number): Promise<Run> {
  const meter = new RssMeter();
  const cpu = process.cpuUsage();
  const main = mainThreadCpu();
  const context = relay === undefined ? loopbackContext({ directChunkSize: chunkSize }) : loopbackContext({ relay: relay.sender });
  const offered = await offerFile(context, offer);
  const unfollow = followProgress(offered.stream, offer.size);
  const startedAt = performance.now();
  const [answered, finished] = peer.ask({ cmd: 'receive', dir, offer: offered.offer, ...(relay === undefined ? {} : { relay: relay.receiver }) }, 2) as [Promise<Reply>, Promise<Reply>];
  const answer = await answered;
  if (typeof answer.answer !== 'string') throw new Error(`the receiver did not answer: ${String(answer.reason)}`);
  await offered.start(answer.answer);
  const [sent, received] = await Promise.all([transferOutcome(offered.stream), finished]);
  const seconds = (performance.now() - startedAt) / 1000;
  const senderCpu = cpuSince(cpu);
  const senderMain = mainThreadCpu() - main;
  const sender = meter.stop();
  unfollow();
  await offered.stream.end();
  offered.stream.dispose();
  if (received.ok !== true) throw new Error(`receiver failed: ${String(received.reason)}`);
  if (!sent.ok) throw new Error(`sender failed: ${sent.code}: ${sent.message}`);
  return { mb_s: offer.size / 1e6 / seconds, sender, receiver: Number(received.rss_growth_mib), senderCpu, receiverCpu: Number(received.cpu_s), senderMain, receiverMain: Number(received.main_cpu_s) };
}

/**
 * Kamailio as an RFC 4976 MSRP relay on a free loopback port, from the project's own peer config and starter
 * (the same as the integration tests use); null when Kamailio is not installed.
 */
async function startRelay(): Promise<{ port: number; stop(): Promise<void> } | null> {
  const port = await freeTcpPort();
  try {
    const handle = await startKamailio({ name: 'bench-files-relay', config: kamailioMsrpRelayConfig({ tcpPort: port, digest: true }), waitForTcpPorts: [port] });
    return { port, stop: () => handle.stop() };
  } catch (error) {
    if (error instanceof Error && / not found: /.test(error.message)) return null;
    throw error;
  }
}

function fileOffer(path: string, size: number, hash: string): FileOffer {
  return { path, name: 'bench.bin', size, mediaType: 'application/octet-stream', hash, modified: new Date() };
}

function describeChunks(bytes: number): string {
  return Number.isFinite(bytes) ? `${bytes / 1024} KiB chunks` : 'one chunk per file';
}

async function main(): Promise<void> {
  const size = option('size', 2 * 1024 * MIB);
  const chunkSize = option('chunk-size', DIRECT_CHUNK_SIZE);
  const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-files-'));
  const peer = new Peer();
  try {
    console.log(`File transfer benchmark: ${(size / MIB).toFixed(0)} MiB, FileTransferStream → FileTransferStream (the app's path) between two processes on loopback`);
    const source = join(dir, 'source.bin');
    const sha1 = await makeSourceFile(source, size);
    const [portReply] = peer.ask({ cmd: 'raw' }) as [Promise<Reply>];
    const raw = await measureRawTcp(Number((await portReply).port), randomBytes(MIB), size);
    console.log(`raw TCP:       ${raw.toFixed(0)} MB/s`);
    const sha = sha1Speed(size);
    console.log(`SHA-1:         ${sha.toFixed(0)} MB/s (in memory)`);
    const [diskReply] = peer.ask({ cmd: 'disk', dir, size }) as [Promise<Reply>];
    const disk = Number((await diskReply).mb_s);
    console.log(`disk write:    ${disk.toFixed(0)} MB/s (1 MiB positioned writes + datasync, receiving process)`);
    const limit = Math.min(raw, sha, disk);
    const run = await transfer(peer, dir, fileOffer(source, size, sha1), undefined, chunkSize);
    console.log(`direct:        ${run.mb_s.toFixed(0)} MB/s (${((run.mb_s / limit) * 100).toFixed(0)}% of the ${limit.toFixed(0)} MB/s limit; ${describeChunks(chunkSize)}), hash verified`);
    console.log(`RSS growth:    sender ${run.sender.toFixed(1)} MiB, receiver ${run.receiver.toFixed(1)} MiB`);
    console.log(`CPU:           sender ${run.senderCpu.toFixed(2)} s, receiver ${run.receiverCpu.toFixed(2)} s (user + system, all threads); main thread: sender ${run.senderMain.toFixed(2)} s, receiver ${run.receiverMain.toFixed(2)} s`);
    let relay: (Run & { size: number }) | null = null;
    if (!process.argv.includes('--no-relay')) {
      const relaySize = Math.min(size, option('relay-size', size));
      const relaySource = relaySize === size ? source : join(dir, 'relay-source.bin');
      const relaySha1 = relaySource === source ? sha1 : await makeSourceFile(relaySource, relaySize);
      const kamailio = await startRelay();
      if (kamailio === null) {
        console.log('relay:         skipped (Kamailio is not installed)');
      } else {
        try {
          const settings = { sender: relaySettings(kamailio.port, RELAY_SENDER), receiver: relaySettings(kamailio.port, RELAY_RECEIVER) };
          relay = { ...(await transfer(peer, dir, fileOffer(relaySource, relaySize, relaySha1), settings, chunkSize)), size: relaySize };
        } finally {
          await kamailio.stop();
        }
        console.log(
          `relay:         ${relay.mb_s.toFixed(1)} MB/s (${(relaySize / MIB).toFixed(0)} MiB through Kamailio's MSRP relay, ${RELAY_CHUNK_SIZE / 1024} KiB chunks, ${RELAY_FILE_WINDOW_BYTES / 1024} KiB in flight), hash verified`,
        );
        console.log(`RSS growth:    relay sender ${relay.sender.toFixed(1)} MiB, receiver ${relay.receiver.toFixed(1)} MiB`);
      }
    }
    console.log(
      JSON.stringify({
        measured: 'FileTransferStream both ends (SDP offer/answer, FILE_OFFSET, IncomingFileWriter, SHA-1 check, rename)',
        size_mib: round(size / MIB, 0),
        direct_chunk_bytes: Number.isFinite(chunkSize) ? chunkSize : null,
        direct_mb_s: round(run.mb_s),
        raw_tcp_mb_s: round(raw),
        sha1_mb_s: round(sha),
        disk_write_mb_s: round(disk),
        limit_mb_s: round(limit),
        direct_ratio: round(run.mb_s / limit, 3),
        sender_rss_growth_mib: round(run.sender),
        receiver_rss_growth_mib: round(run.receiver),
        sender_cpu_s: round(run.senderCpu, 2),
        receiver_cpu_s: round(run.receiverCpu, 2),
        sender_main_thread_cpu_s: round(run.senderMain, 2),
        receiver_main_thread_cpu_s: round(run.receiverMain, 2),
        // Through Kamailio's MSRP relay (null with --no-relay or without Kamailio); relay_size_mib says how much.
        relay_mb_s: relay === null ? null : round(relay.mb_s),
        relay_size_mib: relay === null ? null : round(relay.size / MIB, 0),
        relay_ratio_to_direct: relay === null ? null : round(relay.mb_s / run.mb_s, 3),
        relay_sender_rss_growth_mib: relay === null ? null : round(relay.sender),
        relay_receiver_rss_growth_mib: relay === null ? null : round(relay.receiver),
      }),
    );
  } finally {
    peer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--peer')) {
  runPeer();
} else {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`bench:files failed: ${error instanceof Error ? error.stack : String(error)}`);
      process.exit(1);
    },
  );
}
