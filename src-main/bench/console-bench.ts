import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { ConsoleEntriesEvent, ConsoleTraceLevels } from '../../src-shared';
import { ConnectorDirect } from '../msrp/connect/connector-direct';
import { parsePath } from '../msrp/protocol/msrp-path';
import { generateSessionId, MsrpUri } from '../msrp/protocol/msrp-uri';
import { MsrpSession } from '../msrp/session/msrp-session';
import { TraceService } from '../services/traces';
import { LONG_FRAME_MS } from './console-bench-frames';
import { runRendererBench, type RendererRunFigures } from './console-bench-renderer';

/**
 * `npm run bench:console [-- --messages N]`: chat throughput over MSRP on loopback with the debug console
 * closed (tracing off) and subscribed (headers only, then full), the entries and batches the console
 * receives, and the main thread's event-loop delay meanwhile. Then the same number of chat messages through
 * the whole app (Kamailio on loopback, the headless host, the built renderer in headless Chromium): the
 * throughput the page sees, Bob's sending rate beside it, the page's main-thread busy share and its frame
 * times (requestAnimationFrame intervals), with the debug console closed and open at 'full'
 * (console-bench-renderer.ts). Prints figures and one final JSON line.
 */
function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? Number.NaN : Number(process.argv[index + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const MESSAGES = option('messages', 10_000);
const PIPELINE = 500;
const WARM_UP = 2_000;
const TEXT = 'Hello, this is a chat message of ordinary length.';

function startPeer(): { path: Promise<string>; stop(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'msrp-bench-peer.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const path = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => resolve((JSON.parse(line) as { path: string }).path));
  });
  child.stdin?.write(`${JSON.stringify({ cmd: 'msrp' })}\n`);
  return { path, stop: () => child.stdin?.end() };
}

interface RunFigures {
  readonly msgs_s: number;
  readonly entries: number;
  readonly batches: number;
  readonly batch_bytes: number;
  readonly loop_delay_p99_ms: number;
}

async function run(path: string, traces: TraceService, levels: ConsoleTraceLevels | null, sink: { batches: number; entries: number; bytes: number }): Promise<RunFigures> {
  const connector = new ConnectorDirect();
  await connector.prepare(new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() }));
  const transport = await connector.complete(parsePath(path));
  const session = new MsrpSession(transport, { keepAliveMs: 0, tracer: traces.msrpTracer });
  const send = async (count: number): Promise<void> => {
    let inFlight: Promise<unknown>[] = [];
    for (let index = 0; index < count; index += 1) {
      inFlight.push(session.sendMessage(TEXT, { successReport: 'no' }).done);
      if (inFlight.length >= PIPELINE) {
        await Promise.all(inFlight);
        inFlight = [];
      }
    }
    await Promise.all(inFlight);
  };
  await send(WARM_UP);
  if (levels !== null) traces.subscribe('bench', levels);
  sink.batches = sink.entries = sink.bytes = 0;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const startedAt = performance.now();
  await send(MESSAGES);
  const seconds = (performance.now() - startedAt) / 1000;
  delay.disable();
  // The last batch leaves after the throttle interval.
  await new Promise((resolve) => setTimeout(resolve, 400));
  traces.unsubscribe('bench');
  await session.shutdown();
  return { msgs_s: MESSAGES / seconds, entries: sink.entries, batches: sink.batches, batch_bytes: sink.bytes, loop_delay_p99_ms: delay.percentile(99) / 1e6 };
}

async function main(): Promise<void> {
  const sink = { batches: 0, entries: 0, bytes: 0 };
  const traces = new TraceService({
    events: {
      subscribe: () => () => undefined,
      // What the IPC adapter would carry: counted as JSON, as the web-mode host sends it.
      emit: (_name, payload: ConsoleEntriesEvent) => {
        sink.batches += 1;
        sink.entries += payload.entries.length;
        sink.bytes += JSON.stringify(payload).length;
      },
    },
  });
  const peer = startPeer();
  try {
    const path = await peer.path;
    console.log(`Debug console benchmark: ${MESSAGES} chat messages over MSRP on loopback, ${PIPELINE} in flight`);
    const off = await run(path, traces, null, sink);
    const eventsWhileOff = traces.msrpTracer.eventCount;
    console.log(`console closed:  ${off.msgs_s.toFixed(0)} messages/s, ${eventsWhileOff} trace events built, loop delay p99 ${off.loop_delay_p99_ms.toFixed(1)} ms`);
    const headers = await run(path, traces, { sip: 'headers', msrp: 'headers', notification: 'headers', log: 'off' }, sink);
    console.log(
      `console headers: ${headers.msgs_s.toFixed(0)} messages/s (${((headers.msgs_s / off.msgs_s) * 100).toFixed(0)}%), ${headers.entries} entries in ${headers.batches} batches (${(headers.batch_bytes / 1e6).toFixed(1)} MB), loop delay p99 ${headers.loop_delay_p99_ms.toFixed(1)} ms`,
    );
    const full = await run(path, traces, { sip: 'full', msrp: 'full', notification: 'full', log: 'off' }, sink);
    console.log(
      `console full:    ${full.msgs_s.toFixed(0)} messages/s (${((full.msgs_s / off.msgs_s) * 100).toFixed(0)}%), ${full.entries} entries in ${full.batches} batches (${(full.batch_bytes / 1e6).toFixed(1)} MB), loop delay p99 ${full.loop_delay_p99_ms.toFixed(1)} ms`,
    );
    console.log(`ring: ${traces.snapshot().entries.length} of ${traces.capacity} entries kept, ${traces.snapshot().dropped} dropped`);
    // The MSRP peer's part is over; stopping it now (stop() again below is harmless) keeps it off the CPU.
    peer.stop();

    console.log(`Renderer: ${MESSAGES} chat messages from a second core through Kamailio to the headless host, shown in headless Chromium`);
    const renderer = await runRendererBench({ messages: MESSAGES, pipeline: PIPELINE, text: TEXT });
    const describe = (figures: RendererRunFigures): string =>
      `${figures.msgs_s.toFixed(0)} messages/s shown (Bob's sending ${figures.sent_msgs_s.toFixed(0)}/s), page busy ${figures.busy_pct.toFixed(0)}%, frames p50 ${figures.frames.p50_ms.toFixed(1)} ms, p95 ${figures.frames.p95_ms.toFixed(1)} ms, max ${figures.frames.max_ms.toFixed(1)} ms, ${figures.frames.long_frames} of ${figures.frames.frames} frames > ${LONG_FRAME_MS} ms`;
    console.log(`renderer, console closed: ${describe(renderer.closed)}`);
    console.log(`renderer, console open:   ${describe(renderer.open)} (${((renderer.open.msgs_s / renderer.closed.msgs_s) * 100).toFixed(0)}% of closed)`);

    const round = (value: number): number => Number(value.toFixed(1));
    console.log(
      JSON.stringify({
        messages: MESSAGES,
        off_msgs_s: round(off.msgs_s),
        off_trace_events: eventsWhileOff,
        headers_msgs_s: round(headers.msgs_s),
        full_msgs_s: round(full.msgs_s),
        full_entries: full.entries,
        full_batches: full.batches,
        full_batch_mb: round(full.batch_bytes / 1e6),
        off_loop_p99_ms: round(off.loop_delay_p99_ms),
        full_loop_p99_ms: round(full.loop_delay_p99_ms),
        msgs_s_console_closed: round(renderer.closed.msgs_s),
        sent_msgs_s_console_closed: round(renderer.closed.sent_msgs_s),
        busy_pct_console_closed: round(renderer.closed.busy_pct),
        frame_p50_ms_console_closed: round(renderer.closed.frames.p50_ms),
        frame_p95_ms_console_closed: round(renderer.closed.frames.p95_ms),
        frame_max_ms_console_closed: round(renderer.closed.frames.max_ms),
        long_frames_console_closed: renderer.closed.frames.long_frames,
        msgs_s_console_open: round(renderer.open.msgs_s),
        sent_msgs_s_console_open: round(renderer.open.sent_msgs_s),
        busy_pct_console_open: round(renderer.open.busy_pct),
        frame_p50_ms_console_open: round(renderer.open.frames.p50_ms),
        frame_p95_ms_console_open: round(renderer.open.frames.p95_ms),
        frame_max_ms_console_open: round(renderer.open.frames.max_ms),
        long_frames_console_open: renderer.open.frames.long_frames,
      }),
    );
  } finally {
    traces.dispose();
    peer.stop();
  }
}

await main();
