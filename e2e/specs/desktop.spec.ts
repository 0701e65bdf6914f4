import { readdir, readFile } from 'node:fs/promises';
import { closeTo, DesktopPage, type Rgb, type ScreenPoint } from '../pages/desktop-page';
import { SipPeer } from '../fixtures/sip-peer';
import { expect, test as sessionsTest } from '../fixtures/sessions-test';
import { requireDesktopPeers } from '../peers/x11vnc';
import { startXvfb, XClient, type Rect, type XvfbDisplay } from '../peers/xvfb';

/**
 * Desktop sharing seen by the user: Bob (a second core) shares an Xvfb display through x11vnc, Alice (the UI)
 * views it in the in-app viewer (noVNC over the IPC channel, through Kamailio's proxy and MSRP relay), and
 * Stop ends it on both sides.
 */
const WIDTH = 320;
const HEIGHT = 240;
/** Four quadrants and a centre square, in colours that no scaling or conversion can confuse. */
const PICTURE: readonly Rect[] = [
  { x: 0, y: 0, width: 160, height: 120, rgb: 0xff0000 },
  { x: 160, y: 0, width: 160, height: 120, rgb: 0x00ff00 },
  { x: 0, y: 120, width: 160, height: 120, rgb: 0x0000ff },
  { x: 160, y: 120, width: 160, height: 120, rgb: 0xffffff },
  { x: 140, y: 100, width: 40, height: 40, rgb: 0xffa500 },
];
/** Well inside each area (the pointer sits at the centre; samples stay up and left of it). */
const SAMPLES: readonly (ScreenPoint & { readonly rgb: number })[] = [
  { fx: 40 / WIDTH, fy: 30 / HEIGHT, rgb: 0xff0000 },
  { fx: 280 / WIDTH, fy: 30 / HEIGHT, rgb: 0x00ff00 },
  { fx: 40 / WIDTH, fy: 210 / HEIGHT, rgb: 0x0000ff },
  { fx: 280 / WIDTH, fy: 210 / HEIGHT, rgb: 0xffffff },
  { fx: 148 / WIDTH, fy: 108 / HEIGHT, rgb: 0xffa500 },
];

function rgbOf(value: number): Rgb {
  return { r: (value >> 16) & 0xff, g: (value >> 8) & 0xff, b: value & 0xff };
}

/** x11vnc processes on `display` (read from /proc: the spec only looks; processes end by their own PID). */
async function x11vncPids(display: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = await readFile(`/proc/${entry}/cmdline`, 'utf8').then((text) => text.split('\0'), () => [] as string[]);
    const at = argv.indexOf('-display');
    if (argv[0]?.endsWith('x11vnc') === true && at >= 0 && argv[at + 1] === display) pids.push(Number(entry));
  }
  return pids;
}

interface DesktopFixtures {
  /** Bob's screen: an Xvfb display of the spec's own, painted with PICTURE. */
  readonly screen: XvfbDisplay;
  readonly desktop: DesktopPage;
}

const test = sessionsTest.extend<DesktopFixtures>({
  screen: async ({}, use) => {
    requireDesktopPeers();
    const display = await startXvfb({ width: WIDTH, height: HEIGHT });
    try {
      const x = await XClient.open(display.display);
      await x.fillRects(PICTURE);
      x.close();
      await use(display);
    } finally {
      await display.stop();
    }
  },
  // Bob shares the spec's display (x11vnc on it); everything else as in the sessions specs.
  bob: async ({ network, screen }, use) => {
    const bob = await SipPeer.start(network, 'bob', { desktopSharing: { server: { kind: 'x11vnc', display: screen.display } } });
    try {
      await use(bob);
    } finally {
      await bob.dispose();
    }
  },
  desktop: async ({ page }, use) => use(new DesktopPage(page)),
});

test('Alice views Bob’s screen in the app, sees his colours, and Stop ends the sharing on both sides', async ({ host, bob, screen, aliceAccount, accounts, main, newSession, session, desktop }) => {
  test.setTimeout(90_000);
  await accounts.open(host.url);
  await accounts.add(aliceAccount);
  await expect(main.registrationStatus(aliceAccount.address)).toHaveText('Registered');

  // A new session that asks to view Bob's screen (Alice rfbsetup:active); nothing runs at Bob before he says yes.
  await main.startNewSession();
  await desktop.chooseInNewSession('Request to view their screen');
  await newSession.startWithEnter({ to: bob.address, fromAddress: aliceAccount.address });
  const offered = await bob.core.waitFor('sessions.changed', (view) => view.state === 'incoming', 'Alice’s request at Bob');
  expect(offered).toMatchObject({ offeredStreamTypes: ['desktop-sharing'], offeredDesktopRole: 'server' });
  expect(await x11vncPids(screen.display)).toEqual([]);
  await bob.core.invoke('sessions.accept', offered.id);
  const sharing = await bob.core.waitFor('sessions.changed', (view) => view.id === offered.id && view.streams[0]?.desktop?.sharing === true, 'Bob sharing');
  const bobStream = sharing.streams[0]!.id;

  // The viewer connects and shows Bob's screen, scaled to the panel.
  await expect(session.state).toHaveText('Established');
  await expect(desktop.status).toHaveText(`Viewing ${bob.address}’s screen`, { timeout: 20_000 });
  await expect(desktop.control('Scale to window')).toHaveAttribute('aria-pressed', 'true');
  await expect(desktop.canvas).toBeVisible();
  const box = await desktop.canvas.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(0);
  // Scaled to the panel, the remote screen keeps its 4:3 shape.
  expect(Math.abs((box?.width ?? 0) / (box?.height ?? 1) - WIDTH / HEIGHT)).toBeLessThan(0.05);
  await expect
    .poll(async () => {
      const seen = await desktop.coloursAt(SAMPLES);
      return SAMPLES.filter((sample, index) => !closeTo(seen[index]!, rgbOf(sample.rgb))).map((sample, index) => ({ ...sample, seen: seen[index] }));
    }, { timeout: 15_000, message: 'every sampled pixel of the canvas has Bob’s colour there' })
    .toEqual([]);
  // Keys go to Bob's computer while the screen has focus; Shift+Escape is the way back to the controls.
  await desktop.screen.focus();
  await expect(desktop.canvas).toBeFocused();
  await desktop.page.keyboard.press('Shift+Escape');
  await expect(desktop.control('Scale to window')).toBeFocused();
  const [pid] = await x11vncPids(screen.display);
  expect(pid).toBeGreaterThan(0);

  // Stop: the viewer closes, the stream (here the only one) goes, Bob's sharing ends and his x11vnc exits.
  await desktop.stopViewing();
  const ended = await bob.core.waitFor(
    'sessions.changed',
    (view) => view.id === offered.id && view.state === 'terminated' && view.streams.some((stream) => stream.id === bobStream && stream.desktop?.phase === 'stopped'),
    'the end of Bob’s sharing',
    20_000,
  );
  expect(ended.streams[0]?.desktop?.sharing).toBe(false);
  await expect.poll(() => x11vncPids(screen.display), { timeout: 10_000, message: 'Bob’s x11vnc exits' }).toEqual([]);
  await expect(session.state).toHaveText('Ended by you');
  await expect(desktop.viewer).toHaveCount(0);
});
