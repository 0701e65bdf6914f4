import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MsrpSession } from '../../src-main/msrp';
import { sessionPair } from '../../src-main/msrp/session/test-support/session-pair';
import { connectRfbServer, openRfbServerForViewer, RfbMsrpBridge, type BridgeEnd } from '../../src-main/services/desktop-sharing';
import { RfbTestClient, type Rgb } from '../peers/rfb-test-client';
import { requireDesktopPeers, startX11Vnc } from '../peers/x11vnc';
import { startXvfb, XClient, type Rect, type XvfbDisplay } from '../peers/xvfb';

const WIDTH = 320;
const HEIGHT = 240;
/** Four quadrants and a centre square: each colour is unlike the others in every channel that matters. */
const PICTURE: readonly Rect[] = [
  { x: 0, y: 0, width: 160, height: 120, rgb: 0xff0000 },
  { x: 160, y: 0, width: 160, height: 120, rgb: 0x00ff00 },
  { x: 0, y: 120, width: 160, height: 120, rgb: 0x0000ff },
  { x: 160, y: 120, width: 160, height: 120, rgb: 0xffffff },
  { x: 140, y: 100, width: 40, height: 40, rgb: 0xffa500 },
];

let xvfb: XvfbDisplay;
let x: XClient;
const cleanups: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  requireDesktopPeers();
  xvfb = await startXvfb({ width: WIDTH, height: HEIGHT });
  x = await XClient.open(xvfb.display);
  await x.fillRects(PICTURE);
});

afterAll(async () => {
  x?.close();
  await xvfb?.stop();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The colour PICTURE has at (px, py): the last rectangle drawn there wins. */
function expectedAt(px: number, py: number): Rgb {
  let rgb = 0;
  for (const rect of PICTURE) if (px >= rect.x && px < rect.x + rect.width && py >= rect.y && py < rect.y + rect.height) rgb = rect.rgb;
  return { r: (rgb >> 16) & 0xff, g: (rgb >> 8) & 0xff, b: rgb & 0xff };
}

/** A local TCP port the viewer connects to; the accepted connection is the viewing side's local end. */
async function viewerChannel(): Promise<{ viewer: Socket; accepted: Socket }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const acceptedPromise = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const viewer = connect(address.port, '127.0.0.1');
  const accepted = await acceptedPromise;
  server.close();
  return { viewer, accepted };
}

/** x11vnc on the test display, bridged over an MSRP session pair to a viewer channel. */
async function shareDesktop(options: { readonly viewOnly?: boolean; readonly loginHere?: boolean } = {}) {
  const server = await startX11Vnc(xvfb.display, options);
  cleanups.push(() => server.dispose());
  const pair = await sessionPair();
  const sharing: MsrpSession = pair.alice;
  const viewing: MsrpSession = pair.bob;
  cleanups.push(() => pair.dispose());
  // The viewing side listens before the sharing side connects: the RFB server speaks first.
  const { viewer, accepted } = await viewerChannel();
  cleanups.push(() => void viewer.destroy());
  const viewingBridge = new RfbMsrpBridge(accepted, viewing);
  cleanups.push(() => viewingBridge.dispose());
  const local = options.loginHere === true ? await openRfbServerForViewer(server.endpoint) : await connectRfbServer(server.endpoint);
  const sharingBridge = new RfbMsrpBridge(local, sharing);
  cleanups.push(() => sharingBridge.dispose());
  return { server, sharing, viewing, viewer, sharingBridge, viewingBridge };
}

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('desktop sharing: x11vnc on Xvfb ⇄ RfbMsrpBridge ⇄ MSRP ⇄ RfbMsrpBridge ⇄ RFB viewer', () => {
  it('shows the known picture, moves the real pointer, and ends x11vnc when the viewing session closes', async () => {
    const { server, sharing, viewing, viewer, sharingBridge, viewingBridge } = await shareDesktop();
    const password = server.endpoint.password;
    expect(password).toMatch(/^[A-Za-z2-9]{8}$/);

    const client = await RfbTestClient.connect(viewer, { password: password! });
    expect({ width: client.width, height: client.height }).toEqual({ width: WIDTH, height: HEIGHT });

    client.requestUpdate(false);
    let covered = 0;
    while (covered === 0) covered = await client.readUpdate();
    // Sample a grid across every colour, including the edges of each rectangle.
    const samples: [number, number][] = [];
    for (let py = 0; py < HEIGHT; py += 13) for (let px = 0; px < WIDTH; px += 17) samples.push([px, py]);
    samples.push([0, 0], [159, 119], [160, 0], [319, 239], [140, 100], [179, 139], [139, 100], [180, 140]);
    const wrong = samples.filter(([px, py]) => JSON.stringify(client.pixel(px, py)) !== JSON.stringify(expectedAt(px, py)));
    expect(wrong.map(([px, py]) => `${px},${py}: ${JSON.stringify(client.pixel(px, py))}`)).toEqual([]);
    expect(samples.length).toBeGreaterThan(300);

    // The viewer's pointer event crosses both bridges and moves the display's real pointer (XTEST).
    const stopFollowing = client.follow();
    client.pointer(250, 50);
    const moved = await until(() => x.pointer(), (p) => p.x === 250 && p.y === 50);
    stopFollowing();
    expect(moved).toEqual({ x: 250, y: 50 });

    // Every RFB message crossed MSRP as its own one-chunk SEND of at most 2048 octets.
    const sharingStats = sharingBridge.stats;
    expect(sharingStats.bytesToSession).toBeGreaterThanOrEqual(WIDTH * HEIGHT * 4);
    expect(sharingStats.messagesToSession).toBeGreaterThanOrEqual(Math.ceil((WIDTH * HEIGHT * 4) / 2048));
    expect(viewingBridge.stats.bytesFromSession).toBe(sharingStats.bytesToSession);

    // The viewing side hangs up: both bridges end and x11vnc (-once) exits by itself.
    const viewerEnded = new Promise<void>((resolve) => viewer.once('close', () => resolve()));
    viewing.dispose();
    const [sharingEnd, viewingEnd]: [BridgeEnd, BridgeEnd] = await Promise.all([sharingBridge.ended, viewingBridge.ended]);
    expect(viewingEnd.reason).toBe('session-closed');
    expect(sharingEnd.reason).toBe('session-closed');
    await sharing.closed;
    const started = Date.now();
    const exit = await server.exited;
    expect(exit.code ?? exit.signal).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.running).toBe(false);
    await viewerEnded;
  });

  it('ends the session pair and x11vnc when the viewer closes its connection', async () => {
    const { server, sharing, viewing, viewer, sharingBridge, viewingBridge } = await shareDesktop();
    const client = await RfbTestClient.connect(viewer, { password: server.endpoint.password! });
    client.requestUpdate(false);
    expect(await client.readUpdate()).toBeGreaterThan(0);
    client.close();
    expect((await viewingBridge.ended).reason).toBe('local-closed');
    await viewing.closed;
    await sharing.closed;
    expect((await sharingBridge.ended).reason).toBe('session-closed');
    await server.exited;
    expect(server.running).toBe(false);
  });

  it('logs in to x11vnc on the sharing side, so the remote viewer needs no password (security None)', async () => {
    const { server, viewer, viewing } = await shareDesktop({ loginHere: true });
    const client = await RfbTestClient.connect(viewer);
    client.requestUpdate(false);
    while ((await client.readUpdate()) === 0);
    for (const [px, py] of [[10, 10], [300, 10], [10, 230], [300, 230], [160, 120]] as const) expect(client.pixel(px, py)).toEqual(expectedAt(px, py));
    viewing.dispose();
    await server.exited;
    expect(server.running).toBe(false);
  });

  it('ignores the pointer in view-only mode and refuses a wrong password', async () => {
    const viewOnly = await shareDesktop({ viewOnly: true });
    const client = await RfbTestClient.connect(viewOnly.viewer, { password: viewOnly.server.endpoint.password! });
    const before = await x.pointer();
    const target = { x: before.x === 10 ? 20 : 10, y: 10 };
    // Under the same conditions the first test's pointer moved within a few hundred ms.
    const stopFollowing = client.follow();
    client.pointer(target.x, target.y);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stopFollowing();
    expect(await x.pointer()).toEqual(before);
    client.close();
    await viewOnly.server.exited;

    const guarded = await shareDesktop();
    await expect(RfbTestClient.connect(guarded.viewer, { password: 'wrong123' })).rejects.toThrow(/security failed/i);
    guarded.server.dispose();
  });
});
