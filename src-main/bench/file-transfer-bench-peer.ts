import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { MsrpRelaySettings } from '../msrp';
import { TransferProgress } from '../services/file-transfer';
import type { FileTransferStream } from '../services/streams';
import { answerFileOffer, loopbackContext, transferOutcome } from '../services/streams/test-support/file-transfer-negotiation';
import { startRawTcpSink } from './raw-tcp-baseline';

/**
 * The receiving process of `bench:files` (the same script with `--peer`): JSON commands on stdin, JSON
 * replies on stdout, one per line. Also the meters both processes use.
 */
const MIB = 1024 * 1024;

export type Reply = Record<string, unknown>;

/** Peak RSS above a baseline, sampled every 20 ms. */
export class RssMeter {
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

/** CPU seconds of the main (event loop) thread so far (Linux /proc; NaN elsewhere). */
export function mainThreadCpu(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system, every thread of the process) since `start`: steadier than MB/s on a busy machine. */
export function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Mirrors the app's transfer record: every progress event of the stream feeds a throttled meter (live-transfer.ts). */
export function followProgress(stream: FileTransferStream, total: number | undefined): () => void {
  const progress = new TransferProgress({ transferId: stream.id, total, emit: () => undefined });
  const subscription = stream.onTransfer('transferProgress', ({ bytes }) => progress.update(bytes));
  return () => {
    progress.finish();
    progress.dispose();
    subscription.dispose();
  };
}

async function diskWrite(dir: string, size: number): Promise<number> {
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

/**
 * Accepts the offered file as the app does (a receiving FileTransferStream answering the SDP offer), replies
 * with the answer, then with the outcome once the file is verified and renamed into `dir`/downloads.
 */
async function receive(dir: string, offer: string, relay: MsrpRelaySettings | undefined, reply: (value: Reply) => void): Promise<void> {
  const meter = new RssMeter();
  const cpu = process.cpuUsage();
  const main = mainThreadCpu();
  const context = loopbackContext(relay === undefined ? {} : { relay });
  const { stream, answer } = await answerFileOffer(context, offer, () => ({ downloadsFolder: join(dir, 'downloads'), peer: 'sip:alice@parley.test' }));
  const unfollow = followProgress(stream, undefined);
  reply({ answer });
  const outcome = await transferOutcome(stream);
  const rssGrowth = meter.stop();
  const cpuSeconds = cpuSince(cpu);
  const mainSeconds = mainThreadCpu() - main;
  unfollow();
  reply({ ok: outcome.ok, reason: outcome.ok ? undefined : `${outcome.code}: ${outcome.message}`, rss_growth_mib: rssGrowth, cpu_s: cpuSeconds, main_cpu_s: mainSeconds });
  if (outcome.ok && outcome.path !== undefined) await rm(outcome.path);
  await stream.end();
  stream.dispose();
}

export function runPeer(): void {
  const reply = (value: Reply): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
  const fail = (error: unknown): void => reply({ ok: false, reason: error instanceof Error ? error.message : String(error) });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = JSON.parse(line) as { cmd: string; dir: string; size: number; offer: string; relay?: MsrpRelaySettings };
    if (command.cmd === 'raw') void startRawTcpSink().then((port) => reply({ port }), fail);
    else if (command.cmd === 'disk') void diskWrite(command.dir, command.size).then((mb_s) => reply({ mb_s }), fail);
    else if (command.cmd === 'receive') void receive(command.dir, command.offer, command.relay, reply).catch(fail);
  });
  lines.on('close', () => process.exit(0));
}
