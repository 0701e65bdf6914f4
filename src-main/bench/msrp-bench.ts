import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { ConnectorDirect } from '../msrp/connect/connector-direct';
import { parsePath } from '../msrp/protocol/msrp-path';
import { measureParserThroughput } from '../msrp/protocol/parser-throughput';
import { generateSessionId, MsrpUri } from '../msrp/protocol/msrp-uri';
import { MsrpSession } from '../msrp/session/msrp-session';
import { OutgoingMessage, OutgoingState, repeatSource } from '../msrp/session/outgoing-message';
import { measureRawTcp } from './raw-tcp-baseline';

/**
 * `npm run bench:msrp [-- --size BYTES] [--chat N] [--chunk-size B]`: MSRP stack figures, all measured in
 * this run, printed for humans and then as ONE JSON line. Sender = this process, receiver = a child process
 * (msrp-bench-peer.ts) on loopback TCP. 1 MB = 10^6 bytes.
 */
const MIB = 1024 * 1024;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

const SIZE = option('size', 2 * 1024 * MIB);
const CHAT_MESSAGES = option('chat', 100_000);
const LATENCY_SAMPLES = option('latency', 5_000);
/** The session's chunk cap; by default none: the transfer goes as one interruptible chunk (RFC 4975 §7.1.1). */
const CHUNK_SIZE = option('chunk-size', Number.POSITIVE_INFINITY);
const BLOCK_SIZE = MIB;
const PIPELINE = 2_000;
const CHAT_WARM_UP = 10_000;

class Peer {
  readonly #child: ChildProcess;
  readonly #waiters: ((value: Record<string, unknown>) => void)[] = [];

  constructor() {
    // Profiling flags (`node --cpu-prof …`) apply to the peer as well, so both ends can be profiled.
    const profiling = process.execArgv.filter((arg) => arg.startsWith('--cpu-prof'));
    this.#child = spawn(process.execPath, [...profiling, '--import', 'tsx', join(import.meta.dirname, 'msrp-bench-peer.ts')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createInterface({ input: this.#child.stdout as NodeJS.ReadableStream }).on('line', (line) => this.#waiters.shift()?.(JSON.parse(line)));
  }

  ask(cmd: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#child.stdin?.write(`${JSON.stringify({ cmd })}\n`);
    });
  }

  stop(): void {
    this.#child.stdin?.end();
  }
}

async function openSession(path: string, chunkSize: number): Promise<MsrpSession> {
  const connector = new ConnectorDirect();
  await connector.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  const transport = await connector.complete(parsePath(path));
  return new MsrpSession(transport, { chunkSize, keepAliveMs: 0 });
}

async function transfer(path: string, block: Buffer, size: number): Promise<{ mb_s: number; rss_growth_mib: number }> {
  const session = await openSession(path, CHUNK_SIZE);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const startedAt = performance.now();
  const message = session.send(new OutgoingMessage(repeatSource(block, size), { successReport: 'yes' }));
  const outcome = await message.done;
  const seconds = (performance.now() - startedAt) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (outcome.state !== OutgoingState.Delivered) throw new Error(`transfer ended ${outcome.state} ${outcome.code} ${outcome.reason ?? ''}`);
  await session.shutdown();
  return { mb_s: size / 1e6 / seconds, rss_growth_mib: (peak - baseline) / MIB };
}

async function chat(path: string, count: number): Promise<number> {
  const session = await openSession(path, CHUNK_SIZE);
  const text = 'Hello, this is a chat message of ordinary length.';
  // Pipelined: up to PIPELINE messages outstanding, each answered by a 200 (Failure-Report yes).
  const run = async (messages: number): Promise<number> => {
    let ok = 0;
    let inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < messages; i++) {
      const message = session.sendMessage(text, { successReport: 'no' });
      inFlight.push(message.done.then((outcome) => void (outcome.code === 200 && ok++)));
      if (inFlight.length >= PIPELINE) {
        await Promise.all(inFlight);
        inFlight = [];
      }
    }
    await Promise.all(inFlight);
    if (ok !== messages) throw new Error(`chat: ${messages - ok} messages not answered 200`);
    return ok;
  };
  // Untimed warm-up (JIT, socket buffers), as for the latency samples.
  await run(CHAT_WARM_UP);
  const startedAt = performance.now();
  await run(count);
  const seconds = (performance.now() - startedAt) / 1000;
  await session.shutdown();
  return count / seconds;
}

async function latency(path: string, samples: number): Promise<{ p50: number; p99: number }> {
  const session = await openSession(path, CHUNK_SIZE);
  const times: number[] = [];
  for (let i = 0; i < samples + 200; i++) {
    const startedAt = performance.now();
    const outcome = await session.sendMessage('ping', { successReport: 'no' }).done;
    if (outcome.code !== 200) throw new Error(`latency: ${outcome.code}`);
    // The first 200 are warm-up (JIT, socket buffers).
    if (i >= 200) times.push(performance.now() - startedAt);
  }
  await session.shutdown();
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  return { p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
  const chunks = Number.isFinite(CHUNK_SIZE) ? `chunks of at most ${(CHUNK_SIZE / 1024).toFixed(0)} KiB` : 'one streamed chunk';
  console.log(`MSRP benchmark: transfer ${(SIZE / MIB).toFixed(0)} MiB as ${chunks}, ${CHAT_MESSAGES} chat messages, ${LATENCY_SAMPLES} latency samples`);
  const parser = measureParserThroughput();
  console.log(`parser:        ${parser.parser_mb_s.toFixed(0)} MB/s on 64 KiB chunks, ${parser.parser_small_chunks_s.toFixed(0)} small chunks/s`);

  const peer = new Peer();
  try {
    const block = randomBytes(BLOCK_SIZE);
    const { port } = (await peer.ask('raw')) as { port: number };
    const { path } = (await peer.ask('msrp')) as { path: string };
    const raw = await measureRawTcp(port, block, SIZE);
    console.log(`raw TCP:       ${raw.toFixed(0)} MB/s`);
    const bulk = await transfer(path, block, SIZE);
    console.log(`MSRP transfer: ${bulk.mb_s.toFixed(0)} MB/s (${((bulk.mb_s / raw) * 100).toFixed(0)}% of raw TCP), sender RSS growth ${bulk.rss_growth_mib.toFixed(1)} MiB`);
    const chatRate = await chat(path, CHAT_MESSAGES);
    console.log(`chat:          ${chatRate.toFixed(0)} messages/s with 200 responses (pipelined; after ${CHAT_WARM_UP} warm-up messages)`);
    const lat = await latency(path, LATENCY_SAMPLES);
    console.log(`latency:       SEND→200 p50 ${lat.p50.toFixed(3)} ms, p99 ${lat.p99.toFixed(3)} ms`);
    console.log(
      JSON.stringify({
        parser_mb_s: round(parser.parser_mb_s),
        parser_small_chunks_s: round(parser.parser_small_chunks_s, 0),
        transfer_mb_s: round(bulk.mb_s),
        raw_tcp_mb_s: round(raw),
        transfer_ratio: round(bulk.mb_s / raw, 3),
        chat_msgs_s: round(chatRate, 0),
        latency_p50_ms: round(lat.p50, 3),
        latency_p99_ms: round(lat.p99, 3),
        rss_growth_mib: round(bulk.rss_growth_mib),
      }),
    );
  } finally {
    peer.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:msrp failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
