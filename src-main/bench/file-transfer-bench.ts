import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { acceptAnyBinding } from '../msrp/cli/accept-any-binding';
import { listen, listeningPort } from '../msrp/connect/listen';
import { ConnectorDirect, formatPath, generateSessionId, MsrpSession, MsrpTransport, MsrpUri, OutgoingFile, OutgoingState, parsePath, RelayConnection } from '../msrp';
import { hashFile, IncomingFileWriter, writerStreamHandler } from '../services/file-transfer';
import { RELAY_CHUNK_SIZE, RELAY_FILE_WINDOW_BYTES } from '../services/streams';
import { startKamailio } from '../../e2e/peers/kamailio';
import { kamailioMsrpRelayConfig } from '../../e2e/peers/kamailio-msrp-relay';
import { freeTcpPort } from '../../e2e/peers/ports';
import { measureRawTcp, startRawTcpSink } from './raw-tcp-baseline';

/**
 * `npm run bench:files [-- --size BYTES] [--chunk-size BYTES] [--relay-size BYTES | --no-relay]`: RFC 5547 file
 * transfer figures, all measured in this run, printed for humans and then as ONE JSON line. A sparse file
 * (default 2 GiB) in a temp folder goes from this process (sendFile) to a child process (the same script with
 * `--peer`) over loopback MSRP into IncomingFileWriter (SHA-1 verified, renamed into place); the limits are raw
 * TCP between the same two processes, SHA-1 in memory, and positioned disk writes in the receiving process.
 * Then a file of min(--size, --relay-size, default 256 MiB) goes the same way through Kamailio's MSRP relay
 * (RFC 4976, digest AUTH) started on a free loopback port, with the app's relay settings (8 KiB chunks, 64 KiB
 * in flight): `relay_mb_s`. 1 MB = 10^6 bytes.
 */
const MIB = 1024 * 1024;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/** MSRP chunk body size of the sender (`--chunk-size`); the session default is 256 KiB. */
const CHUNK_SIZE = option('chunk-size', 256 * 1024);
/** The relay phase's default size: Kamailio relays 8 KiB chunks paced by REPORTs, so a run stays short. */
const DEFAULT_RELAY_SIZE = 256 * 1024 * 1024;
/** The users of the relay config (DEFAULT_RELAY_USERS of e2e/peers/kamailio-msrp-relay.ts). */
const RELAY_SENDER = { username: 'alice', password: 'alice-secret' };
const RELAY_RECEIVER = { username: 'bob', password: 'bob-secret' };

/** The app's relay settings for a Kamailio relay on 127.0.0.1:`port` (RELAY_CHUNK_SIZE: Kamailio drops larger frames). */
function relaySettings(port: number, user: { username: string; password: string }) {
  return { domain: '127.0.0.1', host: '127.0.0.1', port, ...user, useTls: false, maxChunkSize: RELAY_CHUNK_SIZE };
}

type Reply = Record<string, unknown>;

/** Peak RSS above a baseline, sampled every 20 ms. */
class RssMeter {
  readonly #baseline: number;
  #peak: number;
  readonly #timer: NodeJS.Timeout;

  constructor() {
    globalThis.gc?.();
    this.#baseline = process.memoryUsage.rss();
    this.#peak = this.#baseline;
    this.#timer = setInterval(() => (this.#peak = Math.max(this.#peak, process.memoryUsage.rss())), 20);
  }

  stop(): number {
    clearInterval(this.#timer);
    this.#peak = Math.max(this.#peak, process.memoryUsage.rss());
    return (this.#peak - this.#baseline) / MIB;
  }
}

/** CPU seconds (user + system, every thread of the process) since `start`: steadier than MB/s on a busy machine. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

// ---------------------------------------------------------------- receiving process (--peer)

async function peerDisk(dir: string, size: number): Promise<number> {
  const path = join(dir, 'disk-write.bin');
  const block = randomBytes(MIB);
  const handle = await open(path, 'wx');
  const startedAt = performance.now();
  for (let position = 0; position < size; position += block.length) {
    await handle.write(block, 0, Math.min(block.length, size - position), position);
  }
  await handle.datasync();
  const seconds = (performance.now() - startedAt) / 1000;
  await handle.close();
  await rm(path);
  return size / 1e6 / seconds;
}

async function peerReceive(dir: string, size: number, sha1: string, reply: (value: Reply) => void): Promise<string> {
  let uri = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() });
  const server = await listen(uri, undefined, (socket) => {
    const transport = new MsrpTransport(socket, { localUri: uri });
    void (async () => {
      await acceptAnyBinding(transport, 30_000);
      const writer = await IncomingFileWriter.open({ downloadsFolder: join(dir, 'downloads'), offeredName: 'bench.bin', size, sha1 });
      const sink = writerStreamHandler(writer);
      const meter = new RssMeter();
      const cpu = process.cpuUsage();
      const session = new MsrpSession(transport, { keepAliveMs: 0, streamingThreshold: 0, onIncomingStream: sink.handler });
      const outcome = await writer.done;
      const rssGrowth = meter.stop();
      const cpuSeconds = cpuSince(cpu);
      if (outcome.ok) await rm(outcome.file.path);
      reply({ ok: outcome.ok, reason: outcome.ok ? undefined : outcome.error.message, rss_growth_mib: rssGrowth, cpu_s: cpuSeconds });
      await session.shutdown().catch(() => undefined);
      server.close();
    })().catch((error: unknown) => reply({ ok: false, reason: String(error) }));
  });
  uri = uri.with({ port: listeningPort(server) });
  return uri.toString();
}

/**
 * The receiving end behind the relay: AUTH as bob (passive), answer with our a=path, then bind to the
 * sender's path once it comes (`relay-complete`) and write the file as in the direct run.
 */
async function peerRelayReceive(dir: string, port: number, size: number, sha1: string, reply: (value: Reply) => void): Promise<(senderPath: string) => void> {
  const connector = new RelayConnection(relaySettings(port, RELAY_RECEIVER), 'passive', { refresh: false });
  const path = await connector.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  reply({ path: formatPath(path) });
  return (senderPath) =>
    void (async () => {
      const transport = await connector.complete(parsePath(senderPath));
      const writer = await IncomingFileWriter.open({ downloadsFolder: join(dir, 'relay-downloads'), offeredName: 'bench.bin', size, sha1 });
      const sink = writerStreamHandler(writer);
      const meter = new RssMeter();
      const session = new MsrpSession(transport, { keepAliveMs: 0, streamingThreshold: 0, chunkSize: RELAY_CHUNK_SIZE, onIncomingStream: sink.handler });
      const outcome = await writer.done;
      const rssGrowth = meter.stop();
      if (outcome.ok) await rm(outcome.file.path);
      reply({ ok: outcome.ok, reason: outcome.ok ? undefined : outcome.error.message, rss_growth_mib: rssGrowth });
      await session.shutdown().catch(() => undefined);
      connector.cleanup();
    })().catch((error: unknown) => reply({ ok: false, reason: String(error) }));
}

function runPeer(): void {
  const reply = (value: Reply): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
  const lines = createInterface({ input: process.stdin });
  let completeRelay: ((senderPath: string) => void) | undefined;
  lines.on('line', (line) => {
    const command = JSON.parse(line) as { cmd: string; dir: string; size: number; sha1: string; port: number; path: string };
    if (command.cmd === 'raw') void startRawTcpSink().then((port) => reply({ port }));
    else if (command.cmd === 'disk') void peerDisk(command.dir, command.size).then((mb_s) => reply({ mb_s }));
    else if (command.cmd === 'receive') void peerReceive(command.dir, command.size, command.sha1, reply).then((path) => reply({ path }));
    else if (command.cmd === 'relay-receive') {
      void peerRelayReceive(command.dir, command.port, command.size, command.sha1, reply).then(
        (complete) => (completeRelay = complete),
        (error: unknown) => reply({ ok: false, reason: String(error) }),
      );
    } else if (command.cmd === 'relay-complete') completeRelay?.(command.path);
  });
  lines.on('close', () => process.exit(0));
}

// ---------------------------------------------------------------- sending process

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

/** A sparse file of `size` bytes with a few random blocks, made in well under a second. */
async function makeSparseFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'wx');
  await handle.truncate(size);
  for (let position = 0; position + 4096 <= size; position += 64 * MIB) await handle.write(randomBytes(4096), 0, 4096, position);
  await handle.close();
}

async function direct(
  peer: Peer,
  dir: string,
  path: string,
  size: number,
  sha1: string,
): Promise<{ mb_s: number; sender: number; receiver: number; senderCpu: number; receiverCpu: number }> {
  const [ready, finished] = peer.ask({ cmd: 'receive', dir, size, sha1 }, 2) as [Promise<Reply>, Promise<Reply>];
  const remote = String((await ready).path);
  const connector = new ConnectorDirect();
  await connector.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  const transport = await connector.complete(parsePath(remote));
  const session = new MsrpSession(transport, { chunkSize: CHUNK_SIZE, keepAliveMs: 0 });
  const meter = new RssMeter();
  const startedAt = performance.now();
  const cpu = process.cpuUsage();
  const file = session.sendFile(await OutgoingFile.open(path, { contentType: 'application/octet-stream' }));
  const [result, sent] = await Promise.all([finished, file.done]);
  const seconds = (performance.now() - startedAt) / 1000;
  const senderCpu = cpuSince(cpu);
  const sender = meter.stop();
  await session.shutdown().catch(() => undefined);
  connector.cleanup();
  if (result.ok !== true) throw new Error(`receiver failed: ${String(result.reason)}`);
  if (sent.state !== OutgoingState.Delivered && sent.state !== OutgoingState.Sent) throw new Error(`sender ended ${sent.state} ${sent.code}`);
  return { mb_s: size / 1e6 / seconds, sender, receiver: Number(result.rss_growth_mib), senderCpu, receiverCpu: Number(result.cpu_s) };
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

/** The same transfer as `direct`, both ends AUTHed with the relay (sender active as alice, receiver passive as bob). */
async function relayed(peer: Peer, dir: string, port: number, path: string, size: number, sha1: string): Promise<{ mb_s: number; sender: number; receiver: number }> {
  const [ready, finished] = peer.ask({ cmd: 'relay-receive', dir, port, size, sha1 }, 2) as [Promise<Reply>, Promise<Reply>];
  const connector = new RelayConnection(relaySettings(port, RELAY_SENDER), 'active', { refresh: false });
  const localPath = await connector.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  const receiverPath = (await ready).path;
  if (typeof receiverPath !== 'string') throw new Error(`relay receiver failed: ${JSON.stringify(await ready)}`);
  peer.ask({ cmd: 'relay-complete', path: formatPath(localPath) }, 0);
  const transport = await connector.complete(parsePath(receiverPath));
  const session = new MsrpSession(transport, { chunkSize: RELAY_CHUNK_SIZE, maxBytesInFlight: RELAY_FILE_WINDOW_BYTES, keepAliveMs: 0 });
  const meter = new RssMeter();
  const startedAt = performance.now();
  const file = session.sendFile(await OutgoingFile.open(path, { contentType: 'application/octet-stream' }));
  const [result, sent] = await Promise.all([finished, file.done]);
  const seconds = (performance.now() - startedAt) / 1000;
  const sender = meter.stop();
  await session.shutdown().catch(() => undefined);
  connector.cleanup();
  if (result.ok !== true) throw new Error(`relay receiver failed: ${String(result.reason)}`);
  if (sent.state !== OutgoingState.Delivered && sent.state !== OutgoingState.Sent) throw new Error(`relay sender ended ${sent.state} ${sent.code}`);
  return { mb_s: size / 1e6 / seconds, sender, receiver: Number(result.rss_growth_mib) };
}

async function main(): Promise<void> {
  const size = option('size', 2 * 1024 * MIB);
  const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-files-'));
  const peer = new Peer();
  try {
    console.log(`File transfer benchmark: ${(size / MIB).toFixed(0)} MiB, sendFile → IncomingFileWriter between two processes on loopback`);
    const source = join(dir, 'source.bin');
    await makeSparseFile(source, size);
    const sha1 = await hashFile(source);
    const [portReply] = peer.ask({ cmd: 'raw' }) as [Promise<Reply>];
    const raw = await measureRawTcp(Number((await portReply).port), randomBytes(MIB), size);
    console.log(`raw TCP:       ${raw.toFixed(0)} MB/s`);
    const sha = sha1Speed(size);
    console.log(`SHA-1:         ${sha.toFixed(0)} MB/s (in memory)`);
    const [diskReply] = peer.ask({ cmd: 'disk', dir, size }) as [Promise<Reply>];
    const disk = Number((await diskReply).mb_s);
    console.log(`disk write:    ${disk.toFixed(0)} MB/s (1 MiB positioned writes + datasync, receiving process)`);
    const limit = Math.min(raw, sha, disk);
    const run = await direct(peer, dir, source, size, sha1);
    console.log(`direct:        ${run.mb_s.toFixed(0)} MB/s (${((run.mb_s / limit) * 100).toFixed(0)}% of the ${limit.toFixed(0)} MB/s limit), hash verified`);
    console.log(`RSS growth:    sender ${run.sender.toFixed(1)} MiB, receiver ${run.receiver.toFixed(1)} MiB`);
    console.log(`CPU:           sender ${run.senderCpu.toFixed(2)} s, receiver ${run.receiverCpu.toFixed(2)} s (user + system, all threads)`);
    let relay: { mb_s: number; size: number; sender: number; receiver: number } | null = null;
    if (!process.argv.includes('--no-relay')) {
      const relaySize = Math.min(size, option('relay-size', DEFAULT_RELAY_SIZE));
      const relaySource = relaySize === size ? source : join(dir, 'relay-source.bin');
      if (relaySource !== source) await makeSparseFile(relaySource, relaySize);
      const relaySha1 = relaySource === source ? sha1 : await hashFile(relaySource);
      const kamailio = await startRelay();
      if (kamailio === null) {
        console.log('relay:         skipped (Kamailio is not installed)');
      } else {
        try {
          relay = { ...(await relayed(peer, dir, kamailio.port, relaySource, relaySize, relaySha1)), size: relaySize };
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
        // Through Kamailio's MSRP relay (null with --no-relay or without Kamailio); relay_size_mib says how much.
        relay_mb_s: relay === null ? null : round(relay.mb_s),
        relay_size_mib: relay === null ? null : round(relay.size / MIB, 0),
        relay_ratio_to_direct: relay === null ? null : round(relay.mb_s / run.mb_s, 3),
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
