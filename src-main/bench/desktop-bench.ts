import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { generateSessionId, MsrpSession, MsrpTransport, MsrpUri, RelayConnection } from '../msrp';
import { connectRfbServer, openRfbServerForViewer, RfbMsrpBridge, type X11VncServer } from '../services/desktop-sharing';
import { startKamailio } from '../../e2e/peers/kamailio';
import { kamailioMsrpRelayConfig } from '../../e2e/peers/kamailio-msrp-relay';
import { freeTcpPort } from '../../e2e/peers/ports';
import { RfbTestClient } from '../../e2e/peers/rfb-test-client';
import { requireDesktopPeers, startX11Vnc } from '../../e2e/peers/x11vnc';
import { startXvfb, XClient } from '../../e2e/peers/xvfb';
import { Follower, ScreenChanger, type StreamFigures } from './desktop-bench-stream';

/**
 * `npm run bench:desktop [-- --seconds S] [--chat-seconds S] [--width W] [--height H] [--paint-hz N] [--tiles N]`:
 * desktop-sharing figures, all measured in this run, printed for humans and then as ONE JSON line.
 *
 * A changing Xvfb screen (a 4×4 grid of tiles; every paint tick fills `--tiles` of them, a rotating band,
 * with new colours) is carried by x11vnc to an RFB viewer that always keeps one incremental
 * FramebufferUpdateRequest outstanding (as interactive viewers do):
 *   (a) the viewer connected directly to x11vnc (the baseline);
 *   (b) x11vnc → RfbMsrpBridge → MSRP session over a direct loopback connection → RfbMsrpBridge → viewer;
 *   (c) the same with both MSRP endpoints behind Kamailio's MSRP relay (RelayConnection, RFC 4976).
 * A frame is one FramebufferUpdate with at least one rectangle, completed by the viewer. Chat latency is
 * SEND→200 of small messages, one at a time, on a second MSRP session, idle and while (b)/(c) stream.
 * Everything on loopback; sharing side, viewing side and viewer run in this one process. The peers (Xvfb and
 * its painter, x11vnc, Kamailio, the RFB viewer) are the ones the e2e tests use, from e2e/peers.
 * 1 MB = 10^6 bytes.
 */

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i < 0 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

const PHASE_MS = option('seconds', 5) * 1000;
const CHAT_MS = option('chat-seconds', 4) * 1000;
const WIDTH = option('width', 640);
const HEIGHT = option('height', 480);
const PAINT_HZ = option('paint-hz', 30);
const TILES_PER_PAINT = Math.min(16, option('tiles', 4));
/** One chat message every CHAT_INTERVAL_MS (a busy conversation, not a flood); the first CHAT_WARM_UP are not counted. */
const CHAT_INTERVAL_MS = option('chat-interval-ms', 5);
const CHAT_WARM_UP = 20;
/** Streaming before the first measured window of each viewer. */
const WARM_UP_MS = 1000;
/** Chunk caps as the product sets them: 8 KiB behind a relay (Kamailio drops larger frames), 64 KiB direct. */
const RELAY_CHUNK = 8 * 1024;
const DIRECT_CHUNK = 64 * 1024;

const cleanups: (() => unknown)[] = [];

let cleaning: Promise<void> | undefined;

/** Registers what stops something just started; once stopping began (a signal), stops it at once. */
function track(...stops: (() => unknown)[]): void {
  if (cleaning === undefined) cleanups.push(...stops);
  else for (const stop of stops.reverse()) lateStops.push(Promise.resolve().then(stop).catch(() => undefined));
}

/** Stops of things whose start completed after stopping began. */
const lateStops: Promise<unknown>[] = [];

/** Stops everything this run started, once, whoever asks first (the end of main or a signal). */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch {
        // Keep stopping the rest.
      }
    }
  })();
  return cleaning;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
  /** SEND until the message event at the far end (same process, same clock). */
  readonly deliveredP50: number;
  readonly deliveredP99: number;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
}

/** Small chat messages, one outstanding at a time, one every CHAT_INTERVAL_MS, for `ms`. */
async function chatLatency(pair: SessionPair, ms: number): Promise<Latency> {
  const sentAt = new Map<string, number>();
  const delivered: number[] = [];
  const onMessage = (message: { body: Buffer }): void => {
    const id = message.body.toString('utf8');
    const at = sentAt.get(id);
    if (at !== undefined) delivered.push(performance.now() - at);
  };
  pair.bob.on('message', onMessage);
  const times: number[] = [];
  const deadline = performance.now() + ms;
  for (let i = 0; performance.now() < deadline; i++) {
    const id = `chat ${i}`;
    const startedAt = performance.now();
    if (i >= CHAT_WARM_UP) sentAt.set(id, startedAt);
    const outcome = await pair.alice.sendMessage(id, { successReport: 'no' }).done;
    const elapsed = performance.now() - startedAt;
    if (outcome.code !== 200) throw new Error(`chat message answered ${outcome.code}`);
    if (i >= CHAT_WARM_UP) times.push(elapsed);
    const wait = CHAT_INTERVAL_MS - elapsed;
    if (wait > 0) await sleep(wait);
  }
  await sleep(50);
  pair.bob.off('message', onMessage);
  times.sort((a, b) => a - b);
  delivered.sort((a, b) => a - b);
  return {
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    samples: times.length,
    deliveredP50: percentile(delivered, 0.5),
    deliveredP99: percentile(delivered, 0.99),
  };
}

interface SessionPair {
  readonly alice: MsrpSession;
  readonly bob: MsrpSession;
}

/** Two MSRP sessions over one direct loopback TCP connection, each side's paths set (RFC 4975 §5.4 done by hand). */
async function directPair(): Promise<SessionPair> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const client = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  const serverSide = await accepted;
  server.close();
  for (const socket of [client, serverSide]) socket.setNoDelay(true);
  const uriA = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: client.localPort ?? 1, sessionId: generateSessionId() });
  const uriB = new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port, sessionId: generateSessionId() });
  const a = new MsrpTransport(client, { localUri: uriA });
  const b = new MsrpTransport(serverSide, { localUri: uriB });
  a.setFullRemotePath([uriB]);
  b.setFullRemotePath([uriA]);
  const pair = { alice: new MsrpSession(a, { keepAliveMs: 0, chunkSize: DIRECT_CHUNK }), bob: new MsrpSession(b, { keepAliveMs: 0, chunkSize: DIRECT_CHUNK }) };
  track(() => {
    pair.alice.dispose();
    pair.bob.dispose();
  });
  return pair;
}

/** Two MSRP sessions, each endpoint behind the relay (AUTH, Use-Path, binding SEND through it). */
async function relayedPair(relayPort: number): Promise<SessionPair> {
  const relay = (username: string) => ({ domain: '127.0.0.1', host: '127.0.0.1', port: relayPort, username, password: 'unused', useTls: false, maxChunkSize: RELAY_CHUNK });
  const aliceSide = new RelayConnection(relay('alice'), 'active', { refresh: false });
  const bobSide = new RelayConnection(relay('bob'), 'passive', { refresh: false });
  track(() => aliceSide.cleanup(), () => bobSide.cleanup());
  const uri = () => new MsrpUri({ scheme: 'msrp', host: '127.0.0.1', port: 0, sessionId: generateSessionId() });
  const alicePath = await aliceSide.prepare(uri());
  const bobPath = await bobSide.prepare(uri());
  const [aliceTransport, bobTransport] = await Promise.all([aliceSide.complete(bobPath), bobSide.complete(alicePath)]);
  const pair = { alice: new MsrpSession(aliceTransport, { keepAliveMs: 0, chunkSize: RELAY_CHUNK }), bob: new MsrpSession(bobTransport, { keepAliveMs: 0, chunkSize: RELAY_CHUNK }) };
  track(() => {
    pair.alice.dispose();
    pair.bob.dispose();
  });
  return pair;
}

/** x11vnc (-localhost, -once, one-time password) on the display, stopped by PID at the end. */
async function startServer(display: string): Promise<X11VncServer> {
  const server = await startX11Vnc(display);
  track(() => server.dispose());
  return server;
}

/** A loopback TCP connection: the viewer's end and the viewing bridge's local end. */
async function viewerChannel(): Promise<{ viewer: Socket; local: Socket }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const viewer = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
  const local = await accepted;
  server.close();
  for (const socket of [viewer, local]) socket.setNoDelay(true);
  track(() => viewer.destroy(), () => local.destroy());
  return { viewer, local };
}

/**
 * The sharing side as the product runs it (x11vnc logged in to here, security None towards the viewer),
 * bridged over `pair` to a viewer on the viewing side.
 */
async function bridgedViewer(display: string, pair: SessionPair): Promise<{ viewer: Follower; messages: () => number }> {
  const server = await startServer(display);
  const { viewer, local } = await viewerChannel();
  const viewingBridge = new RfbMsrpBridge(local, pair.bob);
  track(() => viewingBridge.dispose());
  const shared: Duplex = await openRfbServerForViewer(server.endpoint);
  const sharingBridge = new RfbMsrpBridge(shared, pair.alice);
  track(() => sharingBridge.dispose());
  return { viewer: new Follower(await RfbTestClient.connect(viewer)), messages: () => sharingBridge.stats.messagesToSession };
}

function describeStream(label: string, figures: StreamFigures, baseline?: StreamFigures, firstFullMs?: number): string {
  const ratio = baseline === undefined ? '' : ` (${((figures.fps / Math.max(baseline.fps, 1e-9)) * 100).toFixed(0)}% of direct fps)`;
  return (
    `${label.padEnd(22)} ${figures.fps.toFixed(1).padStart(6)} fps, ${figures.mbS.toFixed(2).padStart(6)} MB/s${ratio}; ` +
    `${figures.frames} frames, ${(figures.bytes / 1e6).toFixed(1)} MB, ${figures.emptyUpdates} empty updates, ` +
    `screen repainted ${figures.paintsS.toFixed(1)}/s` +
    (firstFullMs === undefined ? '' : `; first full frame after ${firstFullMs.toFixed(0)} ms`)
  );
}

function describeLatency(label: string, latency: Latency): string {
  return (
    `${label.padEnd(22)} SEND→200 p50 ${latency.p50.toFixed(3)} ms, p99 ${latency.p99.toFixed(3)} ms; ` +
    `delivered p50 ${latency.deliveredP50.toFixed(3)} ms, p99 ${latency.deliveredP99.toFixed(3)} ms (${latency.samples} messages)`
  );
}

const measuring = { warmUpMs: WARM_UP_MS, stopping: () => cleaning !== undefined };

async function main(): Promise<void> {
  requireDesktopPeers(); // Kamailio's own start says when it is missing.
  const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
  const frameBytes = WIDTH * HEIGHT * 4;
  console.log(
    `Desktop sharing benchmark: ${WIDTH}×${HEIGHT} Xvfb, ${TILES_PER_PAINT}/16 of the screen repainted ${PAINT_HZ} times/s ` +
      `(≤ ${((frameBytes * TILES_PER_PAINT) / 16 / 1e6).toFixed(2)} MB Raw per paint), ${PHASE_MS / 1000} s per stream phase, ` +
      `chat every ${CHAT_INTERVAL_MS} ms for ${CHAT_MS / 1000} s`,
  );

  const xvfb = await startXvfb({ width: WIDTH, height: HEIGHT });
  track(() => xvfb.stop());
  const painter = await XClient.open(xvfb.display);
  track(() => painter.close());
  const changer = new ScreenChanger(painter, { width: WIDTH, height: HEIGHT, hz: PAINT_HZ, tiles: TILES_PER_PAINT });
  track(() => changer.stop());
  const relayPort = await freeTcpPort();
  const relay = await startKamailio({
    name: 'bench-desktop-relay',
    config: kamailioMsrpRelayConfig({ tcpPort: relayPort, digest: false }),
    waitForTcpPorts: [relayPort],
  });
  track(() => relay.stop());

  // Chat while nothing streams (and the screen is still).
  const directChat = await directPair();
  const idle = await chatLatency(directChat, CHAT_MS);
  console.log(describeLatency('chat idle, direct', idle));
  const relayChat = await relayedPair(relayPort);
  const relayIdle = await chatLatency(relayChat, CHAT_MS);
  console.log(describeLatency('chat idle, relay', relayIdle));

  changer.start();

  // (a) The viewer straight at x11vnc, answering its VNC Authentication.
  const server = await startServer(xvfb.display);
  const socket = await connectRfbServer(server.endpoint);
  socket.setNoDelay(true);
  track(() => socket.destroy());
  const directViewer = new Follower(await RfbTestClient.connect(socket, { password: server.endpoint.password }));
  const direct = await directViewer.measure(changer, PHASE_MS, measuring);
  console.log(describeStream('(a) direct to x11vnc', direct, undefined, await directViewer.firstFullMs));
  directViewer.viewer.close();

  // (b) Over MSRP on a direct connection; then the same stream again while chat goes on another session.
  const msrpDirect = await bridgedViewer(xvfb.display, await directPair());
  const bridged = await msrpDirect.viewer.measure(changer, PHASE_MS, measuring);
  console.log(describeStream('(b) MSRP direct', bridged, direct, await msrpDirect.viewer.firstFullMs));
  const [sharing, bridgedWithChat] = await Promise.all([chatLatency(directChat, CHAT_MS), msrpDirect.viewer.measure(changer, CHAT_MS, measuring)]);
  console.log(describeStream('    … while chatting', bridgedWithChat, direct));
  console.log(describeLatency('chat while sharing', sharing));
  const directMessages = msrpDirect.messages();
  msrpDirect.viewer.viewer.close();

  // (c) Through Kamailio's MSRP relay, then again while chat goes through the relay on another session.
  const msrpRelay = await bridgedViewer(xvfb.display, await relayedPair(relayPort));
  const relayed = await msrpRelay.viewer.measure(changer, PHASE_MS, measuring);
  console.log(describeStream('(c) MSRP relay', relayed, direct, await msrpRelay.viewer.firstFullMs));
  const [relaySharing, relayedWithChat] = await Promise.all([chatLatency(relayChat, CHAT_MS), msrpRelay.viewer.measure(changer, CHAT_MS, measuring)]);
  console.log(describeStream('    … while chatting', relayedWithChat, direct));
  console.log(describeLatency('chat via relay, sharing', relaySharing));
  const relayMessages = msrpRelay.messages();
  msrpRelay.viewer.viewer.close();
  await changer.stop();
  console.log(`RFB bytes crossed MSRP in ${directMessages} SENDs (direct) and ${relayMessages} SENDs (relay) of ≤ 2048 octets each`);

  console.log(
    JSON.stringify({
      width: WIDTH,
      height: HEIGHT,
      paint_hz: PAINT_HZ,
      tiles_per_paint: TILES_PER_PAINT,
      direct_vnc_fps: round(direct.fps, 1),
      direct_vnc_mb_s: round(direct.mbS),
      msrp_direct_fps: round(bridged.fps, 1),
      msrp_direct_mb_s: round(bridged.mbS),
      msrp_relay_fps: round(relayed.fps, 1),
      msrp_relay_mb_s: round(relayed.mbS),
      msrp_direct_fps_while_chatting: round(bridgedWithChat.fps, 1),
      msrp_relay_fps_while_chatting: round(relayedWithChat.fps, 1),
      chat_latency_idle_p50_ms: round(idle.p50, 3),
      chat_latency_idle_p99_ms: round(idle.p99, 3),
      chat_latency_sharing_p50_ms: round(sharing.p50, 3),
      chat_latency_sharing_p99_ms: round(sharing.p99, 3),
      chat_latency_relay_idle_p50_ms: round(relayIdle.p50, 3),
      chat_latency_relay_idle_p99_ms: round(relayIdle.p99, 3),
      chat_latency_relay_sharing_p50_ms: round(relaySharing.p50, 3),
      chat_latency_relay_sharing_p99_ms: round(relaySharing.p99, 3),
      chat_delivery_relay_sharing_p99_ms: round(relaySharing.deliveredP99, 3),
    }),
  );
}

/**
 * On SIGINT/SIGTERM: stop everything started so far, let main run into the closed peers (a start still in
 * progress then stops what it started), and exit once all of it is gone.
 */
const interrupt = (): void => {
  process.exitCode = 130;
  console.error('bench:desktop interrupted: stopping what it started');
  void cleanUp();
  setTimeout(() => process.exit(130), 15_000).unref();
};
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);

const finished = main().catch((error: unknown) => {
  if (cleaning === undefined) console.error(`bench:desktop failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode ??= 1;
});
void finished
  .then(cleanUp)
  .then(async () => {
    await Promise.all(lateStops);
    process.exit(process.exitCode ?? 0);
  });
