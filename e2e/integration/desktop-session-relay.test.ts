import { readdir, readFile } from 'node:fs/promises';
import { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, StreamId } from '../../src-shared';
import { DEFAULT_TEST_DOMAIN, type HeadlessCore } from '../peers/headless-core';
import { RfbTestClient, type Rgb } from '../peers/rfb-test-client';
import { requireDesktopPeers } from '../peers/x11vnc';
import { startXvfb, XClient, type Rect, type XvfbDisplay } from '../peers/xvfb';
import { terminated } from './session-waits';
import { TwoCores } from './two-cores';

/**
 * Desktop sharing as users do it, over IPC only: Bob asks to view Alice's screen (SDP m=application,
 * a=rfbsetup:active), Alice accepts, her core starts x11vnc on her (Xvfb) display, and the RFB bytes cross
 * Kamailio's MSRP relay in one-chunk SENDs. Bob's side of the viewer channel (`desktop.viewer*`) is driven
 * by the RFB test client, as the in-app viewer will be.
 */
const ALICE = `sip:alice@${DEFAULT_TEST_DOMAIN}`;
const WIDTH = 320;
const HEIGHT = 240;
const PICTURE: readonly Rect[] = [
  { x: 0, y: 0, width: 160, height: 120, rgb: 0xff0000 },
  { x: 160, y: 0, width: 160, height: 120, rgb: 0x00ff00 },
  { x: 0, y: 120, width: 160, height: 120, rgb: 0x0000ff },
  { x: 160, y: 120, width: 160, height: 120, rgb: 0xffffff },
  { x: 140, y: 100, width: 40, height: 40, rgb: 0xffa500 },
];

function expectedAt(px: number, py: number): Rgb {
  let rgb = 0;
  for (const rect of PICTURE) if (px >= rect.x && px < rect.x + rect.width && py >= rect.y && py < rect.y + rect.height) rgb = rect.rgb;
  return { r: (rgb >> 16) & 0xff, g: (rgb >> 8) & 0xff, b: rgb & 0xff };
}

/**
 * The viewer channel of one stream as a Duplex for the RFB test client: writes become `desktop.viewerSend`,
 * `desktop.viewerData` events become reads (acknowledged as consumed), `desktop.viewerClosed` ends it.
 */
class IpcViewerStream extends Duplex {
  readonly #core: HeadlessCore;
  readonly #streamId: StreamId;
  readonly #unsubscribe: () => void;
  received = 0;

  constructor(core: HeadlessCore, streamId: StreamId) {
    super();
    this.#core = core;
    this.#streamId = streamId;
    this.#unsubscribe = core.core.ipc.subscribe((event) => {
      if (event.name === 'desktop.viewerData') {
        const chunk = event.payload as { streamId: StreamId; bytes: Uint8Array };
        if (chunk.streamId !== streamId) return;
        this.received += chunk.bytes.length;
        this.push(Buffer.from(chunk.bytes));
        void core.invoke('desktop.viewerAck', streamId, chunk.bytes.length).catch(() => undefined);
      } else if (event.name === 'desktop.viewerClosed' && (event.payload as { streamId: StreamId }).streamId === streamId) {
        this.push(null);
      }
    });
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#core.invoke('desktop.viewerSend', { streamId: this.#streamId, bytes: new Uint8Array(chunk) }).then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#unsubscribe();
    callback(error);
  }
}

/** x11vnc processes on `display` (read from /proc; the tests only look, and end processes by their PID). */
async function x11vncPids(display: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv: string[] = await readFile(`/proc/${entry}/cmdline`, 'utf8').then((text) => text.split('\0'), () => []);
    const displayIndex = argv.indexOf('-display');
    if (argv[0]?.endsWith('x11vnc') && displayIndex >= 0 && argv[displayIndex + 1] === display) pids.push(Number(entry));
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(probe: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('desktop sharing in a session through the proxy and the MSRP relay', () => {
  let xvfb: XvfbDisplay;
  let x: XClient;
  let peers: TwoCores;
  let alice: HeadlessCore;
  let bob: HeadlessCore;
  let bobAccount: AccountId;

  beforeAll(async () => {
    requireDesktopPeers();
    xvfb = await startXvfb({ width: WIDTH, height: HEIGHT });
    x = await XClient.open(xvfb.display);
    await x.fillRects(PICTURE);
    peers = await TwoCores.start({
      relay: 'desktop-relay',
      alice: { desktopSharing: { server: { kind: 'x11vnc', display: xvfb.display } } },
      bob: { desktopSharing: { server: null } },
    });
    ({ alice, bob, bobAccount } = peers);
  }, 60_000);

  afterAll(async () => {
    await peers?.dispose();
    x?.close();
    await xvfb?.stop();
  });

  it('Bob views Alice’s screen after she accepts, moves her pointer, and hanging up stops her x11vnc', async () => {
    // Bob asks to view: the offer makes him rfbsetup:active; nothing runs at Alice before she says yes.
    const outgoing = await bob.invoke('sessions.connect', bobAccount, ALICE, ['desktop-sharing'], { desktopRole: 'viewer' });
    const incoming = await alice.waitFor('sessions.changed', (view) => view.state === 'incoming', 'a request to view the screen');
    expect(incoming).toMatchObject({ offeredStreamTypes: ['desktop-sharing'], offeredDesktopRole: 'server' });
    expect(await x11vncPids(xvfb.display)).toEqual([]);

    const accepted = Date.now();
    await alice.invoke('sessions.accept', incoming.id);
    const sharing = await alice.waitFor('sessions.changed', (view) => view.id === incoming.id && view.streams[0]?.desktop?.sharing === true, 'Alice sharing');
    expect(sharing.streams[0]).toMatchObject({ type: 'desktop-sharing', state: 'started', desktop: { role: 'server', phase: 'active', viewOnly: false } });
    const viewing = await bob.waitFor('sessions.changed', (view) => view.id === outgoing.id && view.streams[0]?.state === 'started', 'Bob viewing');
    const streamId = viewing.streams[0]!.id;
    expect(viewing.streams[0]?.desktop).toEqual({ role: 'viewer', phase: 'active', sharing: false, viewOnly: false });
    const [pid] = await x11vncPids(xvfb.display);
    expect(pid).toBeGreaterThan(0);

    // Bob's in-app viewer, here the RFB test client over the IPC channel: the sharing side logged in to x11vnc,
    // so the viewer needs no password (security None).
    const channel = new IpcViewerStream(bob, streamId);
    await bob.invoke('desktop.viewerOpen', streamId);
    const client = await RfbTestClient.connect(channel);
    const handshakeMs = Date.now() - accepted;
    expect({ width: client.width, height: client.height }).toEqual({ width: WIDTH, height: HEIGHT });

    const updateStarted = Date.now();
    client.requestUpdate(false);
    while ((await client.readUpdate()) === 0);
    const firstUpdateMs = Date.now() - updateStarted;
    const samples: [number, number][] = [];
    for (let py = 0; py < HEIGHT; py += 13) for (let px = 0; px < WIDTH; px += 17) samples.push([px, py]);
    samples.push([0, 0], [159, 119], [160, 0], [319, 239], [140, 100], [179, 139], [139, 100], [180, 140]);
    const wrong = samples.filter(([px, py]) => JSON.stringify(client.pixel(px, py)) !== JSON.stringify(expectedAt(px, py)));
    expect(wrong.map(([px, py]) => `${px},${py}: ${JSON.stringify(client.pixel(px, py))}`)).toEqual([]);
    // The full framebuffer crossed the relay (Raw, 4 bytes a pixel).
    expect(channel.received).toBeGreaterThanOrEqual(WIDTH * HEIGHT * 4);

    // A pointer event from Bob's viewer moves Alice's real pointer (x11vnc injects it with XTEST).
    const stopFollowing = client.follow();
    const pointerSent = Date.now();
    client.pointer(250, 50);
    const moved = await until(() => x.pointer(), (p) => p.x === 250 && p.y === 50);
    const pointerMs = Date.now() - pointerSent;
    stopFollowing();
    expect(moved).toEqual({ x: 250, y: 50 });

    // Bob hangs up: both sessions end, Alice's x11vnc exits, Bob's viewer is told.
    const hangUp = Date.now();
    await bob.invoke('sessions.end', outgoing.id);
    await terminated(bob, outgoing.id);
    const ended = await terminated(alice, incoming.id);
    expect(ended.endedBy).toBe('remote');
    const stopped = await until(() => alive(pid!), (running) => !running, 8_000);
    expect(stopped).toBe(false);
    const stopMs = Date.now() - hangUp;
    console.info(
      `desktop over the relay: handshake ${handshakeMs} ms after accept, first full update ${firstUpdateMs} ms ` +
        `(${channel.received} bytes, ${((channel.received / Math.max(1, firstUpdateMs)) * 1000 / 1024).toFixed(0)} KiB/s), ` +
        `pointer ${pointerMs} ms, x11vnc gone ${stopMs} ms after the hang-up; ${bob.events('desktop.viewerData').length} viewerData events`,
    );
    expect(await x11vncPids(xvfb.display)).toEqual([]);
    const last = await alice.waitFor('sessions.changed', (view) => view.id === incoming.id && view.streams[0]?.desktop?.phase === 'stopped', 'sharing stopped');
    expect(last.streams[0]?.desktop?.sharing).toBe(false);
    expect(bob.events('desktop.viewerClosed')).toEqual([{ streamId, reason: 'ended' }]);
    const refused = await bob.invokeRaw('desktop.viewerSend', { streamId, bytes: new Uint8Array([5, 0, 0, 0, 0, 0]) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-found' } });
    channel.destroy();
  }, 90_000);

  it('a request to view added to a chat session waits for Alice to allow it; closing the viewer removes the stream', async () => {
    const outgoing = await bob.invoke('sessions.connect', bobAccount, ALICE, ['chat']);
    const incoming = await alice.waitFor('sessions.changed', (view) => view.state === 'incoming' && view.offeredStreamTypes.includes('chat'), 'a chat session');
    expect(incoming.offeredDesktopRole).toBeUndefined();
    await alice.invoke('sessions.accept', incoming.id);
    await bob.waitFor('sessions.changed', (view) => view.id === outgoing.id && view.streams[0]?.state === 'started', 'chat started at Bob');

    // RFC 3264 §8 re-INVITE adding m=application (Bob rfbsetup:active). Alice's core answers it on its own,
    // so her stream waits for her decision and no VNC server runs yet.
    await bob.invoke('sessions.addStream', outgoing.id, 'desktop-sharing', { desktopRole: 'viewer' });
    const proposed = await alice.waitFor(
      'sessions.changed',
      (view) => view.id === incoming.id && view.streams[1]?.state === 'started' && view.streams[1]?.desktop?.phase === 'awaiting-confirmation',
      'the request to view, awaiting confirmation',
    );
    const sharedId = proposed.streams[1]!.id;
    const viewing = await bob.waitFor('sessions.changed', (view) => view.id === outgoing.id && view.streams[1]?.state === 'started', 'the viewer stream at Bob');
    const streamId = viewing.streams[1]!.id;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await x11vncPids(xvfb.display)).toEqual([]);

    const channel = new IpcViewerStream(bob, streamId);
    await bob.invoke('desktop.viewerOpen', streamId);
    await alice.invoke('desktop.allowSharing', sharedId);
    await alice.waitFor('sessions.changed', (view) => view.id === incoming.id && view.streams[1]?.desktop?.sharing === true, 'Alice sharing after allowing');
    const client = await RfbTestClient.connect(channel);
    client.requestUpdate(false);
    while ((await client.readUpdate()) === 0);
    expect(client.pixel(10, 10)).toEqual(expectedAt(10, 10));
    const [pid] = await x11vncPids(xvfb.display);
    expect(pid).toBeGreaterThan(0);

    // Bob closes the viewer: the stream is removed by re-INVITE (port 0), Alice's x11vnc stops, chat goes on.
    await bob.invoke('desktop.viewerClose', streamId);
    await alice.waitFor('sessions.changed', (view) => view.id === incoming.id && view.state === 'established' && view.streams[1]?.desktop?.phase === 'stopped', 'the desktop stream removed at Alice', 30_000);
    expect(await until(() => alive(pid!), (running) => !running, 8_000)).toBe(false);
    const after = await bob.waitFor('sessions.changed', (view) => view.id === outgoing.id && view.state === 'established' && view.streams[1]?.state === 'ended', 'the desktop stream removed at Bob', 30_000);
    expect(after.streams[0]?.state).toBe('started');
    expect(bob.events('desktop.viewerClosed')).toContainEqual({ streamId, reason: 'ended' });
    channel.destroy();
    await bob.invoke('sessions.end', outgoing.id);
    await terminated(alice, incoming.id);
  }, 90_000);
});
