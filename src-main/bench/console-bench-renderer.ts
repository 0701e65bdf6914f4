import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import type { AccountId, Events } from '../../src-shared';
import { HeadlessHost } from '../../e2e/fixtures/headless-host';
import { SipNetwork } from '../../e2e/fixtures/sip-network';
import { SipPeer } from '../../e2e/fixtures/sip-peer';
import { loopbackAccountDraft } from '../../e2e/peers/headless-core';
import { DEFAULT_SIP_USERS } from '../../e2e/peers/kamailio-sip-proxy';
import { frameFigures, FRAME_SAMPLER_SCRIPT, START_FRAMES, STOP_FRAMES, type FrameFigures } from './console-bench-frames';
import { HostClient } from './console-bench-host-client';

/**
 * The renderer half of the console benchmark: Kamailio on loopback (registrar/proxy and MSRP relay), the
 * headless host with Alice's account registered there, the built renderer in headless Chromium, and Bob as
 * a second core in this process. Bob sends chat messages over a live MSRP session; the page shows Alice's
 * conversation with him (opened with a click, never scrolled: it must follow new messages by itself) while it
 * measures its frame times and how busy its main thread is, once with the debug console closed and once with
 * it open (developer mode on, SIP and MSRP traces at 'full', the MSRP tab shown). Bob's own sending rate is
 * reported beside the page's: when the two meet, the page keeps up and something upstream sets the pace.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

// The executable and switches of e2e/playwright.config.ts, and the resolver rule of
// e2e/fixtures/loopback-browser.ts (both load the Playwright test runner, so they are not imported here):
// Chromium talks to nothing but the loopback host.
const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** Messages sent before the measured runs: the conversation exists and the page has settled on it. */
const WARM_UP = 200;
/** How long a run may take before the benchmark gives up (the page never showing the last message). */
const RUN_TIMEOUT_MS = 30 * 60_000;
/** The page is polled this often for the last message (not per frame: that would cost frames itself). */
const POLL_MS = 50;

export interface RendererRunFigures {
  /** Messages per second from Bob's first send until the page shows the closing message sent after them. */
  readonly msgs_s: number;
  /** Messages per second from Bob's first send until the relay acknowledged his last: what the page could at best show. */
  readonly sent_msgs_s: number;
  /** Share of the run the page's main thread was busy (Chromium's TaskDuration): near 100% means the page is the bottleneck. */
  readonly busy_pct: number;
  readonly frames: FrameFigures;
}

export interface RendererFigures {
  readonly closed: RendererRunFigures;
  readonly open: RendererRunFigures;
}

export interface RendererBenchOptions {
  readonly messages: number;
  readonly pipeline: number;
  readonly text: string;
}

/** Builds the renderer when out/renderer holds none (the build's output goes to stderr). */
function ensureRendererBuilt(): void {
  if (existsSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'))) return;
  console.error('out/renderer is missing: npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
}

/** Bob's side: sends with at most `pipeline` messages unacknowledged (no MSRP 200 yet). */
class BobSender {
  /** Sent and not yet acknowledged. */
  readonly #pending = new Set<string>();
  /** Acknowledged before `chat.sendMessage` returned its id (not expected, but not to be lost either). */
  readonly #early = new Set<string>();
  readonly #waiters = new Set<() => void>();
  readonly #unsubscribe: () => void;
  #failed = 0;
  /** The first failure's status and reason, for the error message (a timeout under load reads differently from a refusal). */
  #firstFailure = '';

  constructor(
    readonly bob: SipPeer,
    readonly to: string,
  ) {
    this.#unsubscribe = bob.core.core.ipc.subscribe((event) => {
      if (event.name !== 'chat.messageChanged') return;
      const message = event.payload as Events['chat.messageChanged'];
      if (message.direction !== 'out' || message.state === 'sending') return;
      if (message.state === 'failed') {
        this.#failed += 1;
        this.#firstFailure ||= `${message.stateCode ?? '-'} ${message.stateReason ?? ''}`.trim();
      }
      if (!this.#pending.delete(message.id)) this.#early.add(message.id);
      for (const waiter of [...this.#waiters]) waiter();
    });
  }

  async send(texts: Iterable<string>, pipeline: number): Promise<void> {
    for (const text of texts) {
      const { messageId } = await this.bob.core.invoke('chat.sendMessage', this.bob.accountId, this.to, text);
      if (!this.#early.delete(messageId)) this.#pending.add(messageId);
      if (this.#pending.size >= pipeline) await this.#until(() => this.#pending.size < pipeline / 2);
    }
    await this.#until(() => this.#pending.size === 0);
    if (this.#failed > 0) throw new Error(`${this.#failed} of Bob's messages failed (the first: ${this.#firstFailure})`);
  }

  dispose(): void {
    this.#unsubscribe();
  }

  #until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = (): void => {
        if (!done() && this.#failed === 0) return;
        this.#waiters.delete(waiter);
        resolve();
      };
      this.#waiters.add(waiter);
    });
  }
}

function texts(label: string, count: number, text: string): string[] {
  return Array.from({ length: count }, (_, index) => `${text} (${label} ${index + 1})`);
}

/** Resolves once the sidebar's preview of the conversation shows `text`, i.e. the UI received that message event. */
async function waitForPreview(page: Page, conversation: string, text: string, timeoutMs: number): Promise<void> {
  const selector = `[data-testid="conversation-item"][data-conversation="${conversation}"] [data-testid="conversation-preview"]`;
  // Runs in the page; typed structurally because this folder compiles without the DOM library.
  const shows = ([css, expected]: readonly [string, string]): boolean => {
    const document = (globalThis as unknown as { document: { querySelector(css: string): { textContent: string | null } | null } }).document;
    return document.querySelector(css)?.textContent === expected;
  };
  await page.waitForFunction(shows, [selector, text] as const, { polling: POLL_MS, timeout: timeoutMs });
}

/**
 * Bob sends `batch`, then, once every message of it is acknowledged and the clock has moved on, one closing
 * message; resolves when the page's conversation list shows that one. Messages stored in the same
 * millisecond have no defined order, so only a message with a later timestamp than all the others is sure
 * to become the preview; the events reach the page in order, so by then the page has received them all.
 * Resolves with the moment (performance.now()) Bob's batch was acknowledged.
 */
async function deliverAndShow(page: Page, sender: BobSender, conversation: string, batch: readonly string[], closing: string, pipeline: number, timeoutMs: number): Promise<number> {
  await sender.send(batch, pipeline);
  const sentAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 2));
  await sender.send([closing], pipeline);
  await waitForPreview(page, conversation, closing, timeoutMs);
  return sentAt;
}

/** The page's main-thread busy time so far, in seconds (the DevTools protocol's TaskDuration). */
async function busySeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
}

/** How far the message list is from its bottom, in pixels. */
function distanceFromBottom(page: Page): Promise<number> {
  return page.getByTestId('message-list').evaluate((list: unknown) => {
    const element = list as { scrollTop: number; scrollHeight: number; clientHeight: number };
    return element.scrollHeight - element.scrollTop - element.clientHeight;
  });
}

async function measure(page: Page, cdp: CDPSession, sender: BobSender, conversation: string, label: string, options: RendererBenchOptions): Promise<RendererRunFigures> {
  const batch = texts(label, options.messages, options.text);
  await page.evaluate(START_FRAMES);
  const busyBefore = await busySeconds(cdp);
  const startedAt = performance.now();
  const sentAt = await deliverAndShow(page, sender, conversation, batch, `${options.text} (${label}: end)`, options.pipeline, RUN_TIMEOUT_MS);
  const seconds = (performance.now() - startedAt) / 1000;
  const busy = (await busySeconds(cdp)) - busyBefore;
  const intervals = await page.evaluate<number[]>(STOP_FRAMES);
  // Not a timing check: a list that stopped following the newest message renders less, and flatters the figures.
  await page.waitForTimeout(200);
  const distance = await distanceFromBottom(page);
  if (distance > 1) throw new Error(`The message list stopped following new messages during the ${label} run (${distance.toFixed(0)} px from the bottom)`);
  return { msgs_s: options.messages / seconds, sent_msgs_s: options.messages / ((sentAt - startedAt) / 1000), busy_pct: Math.min(100, (busy / seconds) * 100), frames: frameFigures(intervals) };
}

/** Alice's page: developer mode on through Settings, SIP and MSRP at 'full', the console then closed. */
async function prepareConsole(page: Page): Promise<void> {
  await page.getByTestId('console-dock-settings').click();
  await page.getByTestId('developer-mode').check();
  const debugConsole = page.getByTestId('debug-console');
  await debugConsole.waitFor();
  for (const tab of ['sip', 'msrp'] as const) {
    await debugConsole.getByTestId(`console-tab-${tab}`).click();
    await debugConsole.getByTestId('console-level').selectOption('full');
  }
  await setConsoleOpen(page, false);
}

async function setConsoleOpen(page: Page, open: boolean): Promise<void> {
  const toggle = page.getByTestId('debug-console-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== String(open)) await toggle.click();
  await page.getByTestId('debug-console').waitFor({ state: open ? 'visible' : 'detached' });
}

/** Runs both measurements; starts and stops (each by its own handle or PID) everything it needs. */
export async function runRendererBench(options: RendererBenchOptions): Promise<RendererFigures> {
  ensureRendererBuilt();
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const network = await SipNetwork.start();
    stops.unshift(() => network.stop());
    const host = await HeadlessHost.start({ offline: false });
    stops.unshift(() => host.dispose());
    const control = await HostClient.connect(host.url);
    stops.unshift(() => control.close());

    // Alice: the host's account, with the proxy and the relay on 127.0.0.1.
    const draft = loopbackAccountDraft({ user: 'alice', password: DEFAULT_SIP_USERS['alice'] ?? '', sipPort: network.sipPort, relayPort: network.relayPort, domain: network.domain });
    let aliceId: AccountId | undefined;
    const registered = control.waitFor(
      'accounts.changed',
      (state) => state.accounts.some((view) => view.id === aliceId && view.kind === 'sip' && view.registration.state === 'registered'),
      'Alice’s registration',
    );
    aliceId = (await control.invoke('accounts.add', draft)).id;
    await registered;
    const bob = await SipPeer.start(network, 'bob');
    stops.unshift(() => bob.dispose());

    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    stops.unshift(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await page.addInitScript(FRAME_SAMPLER_SCRIPT);
    await page.goto(host.url);
    await page.getByTestId('main-layout').waitFor();
    await prepareConsole(page);

    // Bob calls Alice with a chat stream; she answers; Bob's messages then take the stream.
    const incoming = control.waitFor('sessions.changed', (view) => view.direction === 'incoming' && view.state === 'incoming', 'Bob’s call at Alice');
    const call = await bob.core.invoke('sessions.connect', bob.accountId, draft.address, ['chat']);
    await control.invoke('sessions.accept', (await incoming).id);
    await bob.core.waitFor('sessions.changed', (view) => view.id === call.id && view.streams.some((stream) => stream.state === 'started'), 'the chat stream at Bob');
    await control.close();

    const conversation = `sip:${bob.address}`;
    const sender = new BobSender(bob, draft.address);
    stops.unshift(async () => sender.dispose());
    await deliverAndShow(page, sender, conversation, texts('warm-up', WARM_UP, options.text), `${options.text} (warm-up: end)`, options.pipeline, 60_000);
    // Opened with a click, as a user would, and not scrolled: the list must follow new messages by itself.
    await page.locator(`[data-testid="conversation-item"][data-conversation="${conversation}"]`).click();
    await page.getByTestId('conversation-pane').waitFor();
    const cdp = await page.context().newCDPSession(page);
    // Wall-clock task time: a task the machine's other load delays still holds up the page's events.
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });

    const closed = await measure(page, cdp, sender, conversation, 'console closed', options);
    await setConsoleOpen(page, true);
    await page.getByTestId('debug-console').getByTestId('console-tab-msrp').click();
    const open = await measure(page, cdp, sender, conversation, 'console open', options);
    // Not a timing check: the open run is only worth reporting if the console did show the traffic. Any row of
    // the MSRP tab will do: which kind is newest depends on timing (after a fast run, the newest rows are often
    // all 200 OKs to the display notifications Alice sends once she has read the burst).
    const shown = await page.getByTestId('debug-console').locator('[data-testid="console-entry"]').count();
    if (shown === 0) throw new Error('The debug console showed no MSRP entries during the open run');
    return { closed, open };
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error(`console bench: cleanup: ${String(error)}`));
  }
}
