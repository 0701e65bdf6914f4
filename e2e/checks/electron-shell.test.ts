/**
 * The built Electron shell under plain Node: no Electron binary can run here, so the BUILT bundles
 * (out/main/index.js, out/preload/preload.cjs) are loaded with a stand-in `electron` module and the shell's
 * wiring is checked end to end against a real core on a temporary profile.
 *
 * How `electron` is replaced: main is an ES module (package.json "type": "module"), so its `import` goes
 * through Node's ESM loader; an in-thread `module.registerHooks` hook resolves `electron` to a generated
 * module that re-exports the stand-in. main is loaded with require(esm) so the vitest runner does not
 * transform it. The preload is CommonJS, so `Module._load` is intercepted for `electron`.
 */
import { execFile } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire, registerHooks } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, EventEnvelope, ParleyApi, Result } from '../../src-shared';
import { DEFAULT_ACCOUNT_SETTINGS } from '../../src-shared/models/account-schema';

const root = join(import.meta.dirname, '..', '..');
const mainBundle = join(root, 'out', 'main', 'index.js');
const preloadBundle = join(root, 'out', 'preload', 'preload.cjs');
const rendererIndex = join(root, 'out', 'renderer', 'index.html');
const STUB_URL = 'parley-check:electron';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
type PreventableEvent = { defaultPrevented: boolean; preventDefault(): void };
const preventable = (): PreventableEvent => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

/** Structured clone, as Electron's IPC does to every value crossing processes. */
const overIpc = <T>(value: T): T => structuredClone(value);

class FakeWebContents extends EventEmitter {
  readonly mainFrame = { url: 'about:blank', parent: null as unknown };
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  rendererListeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    for (const listener of this.rendererListeners.get(channel) ?? []) listener({ sender: 'renderer-event' }, ...overIpc(args));
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return false;
  }
}

class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  minimized = true;
  focused = false;

  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.instances.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadFile(path: string): Promise<void> {
    this.webContents.mainFrame.url = pathToFileURL(path).href;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  show(): void {
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
  isFocused(): boolean {
    return this.focused;
  }
  isDestroyed(): boolean {
    return false;
  }
}

/** Electron's Notification: records what it was made with and whether it was shown; the check clicks it. */
class FakeNotification extends EventEmitter {
  static readonly instances: FakeNotification[] = [];
  static isSupported(): boolean {
    return true;
  }
  shown = false;

  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

const profileBase = mkdtempSync(join(tmpdir(), 'parley-shell-'));
const profileDir = join(profileBase, 'alice');
const calls: string[] = [];
const paths = new Map<string, string>([['appData', join(profileBase, 'appData')]]);

const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  getPath: (name: string) => paths.get(name) ?? join(profileBase, name),
  setPath: (name: string, value: string) => {
    calls.push(`setPath:${name}`);
    paths.set(name, value);
  },
  requestSingleInstanceLock: () => {
    calls.push(`lock:${paths.get('userData') ?? 'unset'}`);
    return true;
  },
  enableSandbox: () => calls.push('enableSandbox'),
  setAsDefaultProtocolClient: (scheme: string) => {
    calls.push(`protocol:${scheme}`);
    return true;
  },
  whenReady: () => Promise.resolve(),
  getVersion: () => '0.1.0-check',
  quit: () => calls.push('quit'),
  exit: (code: number) => calls.push(`exit:${code}`),
});

const ipcHandlers = new Map<string, Handler>();
const sessionHandlers: {
  headers?: (details: unknown, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void;
  request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  check?: (contents: unknown, permission: string) => boolean;
} = {};
const opened: string[] = [];
const exposed = new Map<string, unknown>();
/** What shell.showItemInFolder / shell.openPath were asked to show or open. */
const shownItems: string[] = [];
const openedPaths: string[] = [];
/** The paths webUtils knows for files "dropped" in the check (a real preload gets them from Chromium). */
const droppedFiles = new WeakMap<object, string>();

const electronStub = {
  app,
  BrowserWindow: FakeBrowserWindow,
  Notification: FakeNotification,
  ipcMain: {
    handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler),
    removeHandler: (channel: string) => ipcHandlers.delete(channel),
  },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (listener: typeof sessionHandlers.headers) => (sessionHandlers.headers = listener) },
      setPermissionRequestHandler: (handler: typeof sessionHandlers.request) => (sessionHandlers.request = handler),
      setPermissionCheckHandler: (handler: typeof sessionHandlers.check) => (sessionHandlers.check = handler),
    },
  },
  shell: {
    openExternal: (url: string) => {
      opened.push(url);
      return Promise.resolve();
    },
    showItemInFolder: (path: string) => void shownItems.push(path),
    openPath: (path: string) => {
      openedPaths.push(path);
      return Promise.resolve('');
    },
  },
  webUtils: {
    getPathForFile: (file: object) => {
      const path = droppedFiles.get(file);
      if (path === undefined) throw new TypeError('not a file from the user');
      return path;
    },
  },
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain: string) => Buffer.from(`sealed:${Buffer.from(plain).toString('base64')}`),
    decryptString: (sealed: Buffer) => Buffer.from(sealed.toString().slice('sealed:'.length), 'base64').toString(),
  },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
  },
  ipcRenderer: {
    // Bound to the first window, as a preload is bound to its own page.
    invoke: async (channel: string, ...args: unknown[]) => {
      const window = FakeBrowserWindow.instances[0];
      const handler = ipcHandlers.get(channel);
      if (window === undefined || handler === undefined) throw new Error(`no handler for ${channel}`);
      const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
      return overIpc(await handler(event, ...overIpc(args)));
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      const contents = FakeBrowserWindow.instances[0]?.webContents;
      if (contents === undefined) throw new Error('no window');
      contents.rendererListeners.set(channel, [...(contents.rendererListeners.get(channel) ?? []), listener]);
    },
  },
};

const globalKey = '__parleyElectronStub';
const stubSource = `const e = globalThis.${globalKey};\n${Object.keys(electronStub)
  .map((name) => `export const ${name} = e.${name};`)
  .join('\n')}\nexport default e;\n`;

let hooks: { deregister(): void } | undefined;
const originalLoad = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
let api: ParleyApi;
let window: FakeBrowserWindow;
const stderr: string[] = [];
const originalStderrWrite = process.stderr.write.bind(process.stderr);

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A pager-mode MESSAGE (RFC 3428) to the LAN account's contact, over TCP, as another client on the link
 * would send it. Resolves with the response's status line.
 */
async function sendLanMessage(contact: string, from: { displayName: string; user: string }, text: string, callId: string): Promise<string> {
  const match = /^sip:([^@]+)@([\d.]+):(\d+)/.exec(contact);
  if (match === null) throw new Error(`unexpected LAN contact ${contact}`);
  const [, user, host, port] = match as unknown as [string, string, string, string];
  const socket = connect(Number(port), host);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const body = Buffer.from(text, 'utf8');
  const request = [
    `MESSAGE sip:${user}@${host}:${port};transport=tcp SIP/2.0`,
    `Via: SIP/2.0/TCP ${socket.localAddress}:${socket.localPort};branch=z9hG4bK-${callId}`,
    'Max-Forwards: 70',
    `From: "${from.displayName}" <sip:${from.user}@${socket.localAddress}>;tag=${callId}`,
    `To: <sip:${user}@${host}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 MESSAGE',
    'Content-Type: text/plain;charset=utf-8',
    `Content-Length: ${body.length}`,
    '',
    '',
  ].join('\r\n');
  const status = new Promise<string>((resolve) => socket.once('data', (data: Buffer) => resolve(data.toString('utf8').split('\r\n')[0] ?? '')));
  socket.write(Buffer.concat([Buffer.from(request, 'utf8'), body]));
  try {
    return await status;
  } finally {
    socket.destroy();
  }
}

/** Received files listed in the profile before the shell starts (completed incoming transfers, SHA-1 as RFC 5547 writes it). */
const downloadsDir = join(profileBase, 'downloads');
function seedReceivedFiles(files: Record<string, string>): void {
  mkdirSync(downloadsDir, { recursive: true });
  mkdirSync(profileDir, { recursive: true });
  const transfers = Object.entries(files).map(([name, content], index) => {
    writeFileSync(join(downloadsDir, name), content);
    const hash = createHash('sha1').update(content).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
    const size = Buffer.byteLength(content);
    return {
      id: `received-${index}`, accountId: 'acc', sessionId: null, direction: 'incoming', peer: 'sip:bob@example.org', peerDisplayName: null,
      name, size, mediaType: 'application/octet-stream', hash, state: 'completed', bytes: size, total: size, bytesPerSecond: 0, etaSeconds: 0,
      startOffset: 0, failure: null, path: join(downloadsDir, name), createdAt: 1, endedAt: 2,
    };
  });
  writeFileSync(join(profileDir, 'transfers.json'), JSON.stringify({ version: 1, transfers }));
}

beforeAll(async () => {
  await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
  // received-0: a document; received-1: a script; received-2: changed after it arrived.
  seedReceivedFiles({ 'notes.txt': 'meeting at ten\n', 'setup.sh': 'echo hi\n', 'later.txt': 'original\n' });
  writeFileSync(join(downloadsDir, 'later.txt'), 'tampered\n');
  (globalThis as Record<string, unknown>)[globalKey] = electronStub;
  hooks = registerHooks({
    resolve: (specifier, context, nextResolve) =>
      specifier === 'electron' ? { url: STUB_URL, format: 'module', shortCircuit: true } : nextResolve(specifier, context),
    load: (url, context, nextLoad) =>
      url === STUB_URL ? { format: 'module', source: stubSource, shortCircuit: true } : nextLoad(url, context),
  });
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    stderr.push(String(chunk));
    return originalStderrWrite(chunk, ...rest);
  }) as typeof process.stderr.write;

  const savedArgv = process.argv;
  // The LAN account runs in the shell: keep it (and its mDNS) on loopback, never on a real interface.
  process.argv = [...savedArgv, `--profile=${profileDir}`, '--profile-name=alice', '--lan-address=127.0.0.1'];
  try {
    createRequire(import.meta.url)(mainBundle);
  } finally {
    process.argv = savedArgv;
  }
  await waitFor(() => FakeBrowserWindow.instances.length === 1 && ipcHandlers.has('parley:invoke'), 'the main window');
  window = FakeBrowserWindow.instances[0] as FakeBrowserWindow;

  (Module as unknown as { _load: unknown })._load = function load(request: string, ...rest: unknown[]) {
    return request === 'electron' ? electronStub : originalLoad.call(this, request, ...rest);
  };
  createRequire(import.meta.url)(preloadBundle);
  api = exposed.get('parley') as ParleyApi;
}, 120_000);

afterAll(async () => {
  (Module as unknown as { _load: unknown })._load = originalLoad;
  hooks?.deregister();
  process.stderr.write = originalStderrWrite;
  // Quitting runs the shell's shutdown: the core writes what it accepted and releases its timers.
  const quit = preventable();
  app.emit('before-quit', quit);
  await waitFor(() => calls.includes('quit'), 'the shutdown');
  rmSync(profileBase, { recursive: true, force: true });
});

describe('the built Electron shell', () => {
  it('sets userData from --profile before taking the single-instance lock, sandboxes, registers sip: and sips:', () => {
    expect(calls.indexOf('setPath:userData')).toBeGreaterThanOrEqual(0);
    expect(calls).toContain(`lock:${profileDir}`);
    expect(calls.indexOf('setPath:userData')).toBeLessThan(calls.indexOf(`lock:${profileDir}`));
    expect(calls).toEqual(expect.arrayContaining(['enableSandbox', 'protocol:sip', 'protocol:sips']));
  });

  it('creates the window with the security baseline and loads the built renderer from file', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: preloadBundle,
    });
    expect(window.webContents.mainFrame.url).toBe(pathToFileURL(rendererIndex).href);
  });

  it('builds the preload as CommonJS that requires nothing but electron (what a sandboxed preload can load)', () => {
    const source = readFileSync(preloadBundle, 'utf8');
    expect([...source.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('has the preload expose exactly invoke, on and pathForFile as window.parley', () => {
    expect([...exposed.keys()]).toEqual(['parley']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(typeof api.pathForFile).toBe('function');
  });

  it('gives the page a dropped file\u2019s path through webUtils, and \'\' for anything else', () => {
    const dropped = new File(['x'], 'report.pdf');
    droppedFiles.set(dropped, '/home/alice/report.pdf');
    expect(api.pathForFile?.(dropped)).toBe('/home/alice/report.pdf');
    expect(api.pathForFile?.(new File(['y'], 'made-by-the-page.txt'))).toBe('');
    expect(api.pathForFile?.(null as never)).toBe('');
  });

  it('shows and opens a received file through the OS shell only after the core checked it', async () => {
    const notes = join(downloadsDir, 'notes.txt');
    expect(await api.invoke('transfers.reveal', 'received-0' as never)).toEqual({ ok: true, value: { path: notes, shown: true } });
    expect(shownItems).toEqual([notes]);
    expect(await api.invoke('transfers.open', 'received-0' as never, true)).toEqual({ ok: true, value: null });
    expect(openedPaths).toEqual([notes]);
    // A script is never opened; a file changed since it arrived is neither shown nor opened.
    expect(await api.invoke('transfers.open', 'received-1' as never, true)).toMatchObject({ ok: false, error: { code: 'conflict', field: 'executable' } });
    expect(await api.invoke('transfers.reveal', 'received-2' as never)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const unconfirmed = await (api.invoke as (name: string, ...args: unknown[]) => Promise<Result<unknown>>)('transfers.open', 'received-0', false);
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'invalid-argument', field: 'confirmed' } });
    expect(shownItems).toHaveLength(1);
    expect(openedPaths).toHaveLength(1);
  });

  it('carries an invoke from the preload to the real core and an event back with its seq', async () => {
    const events: { payload: unknown; seq: number }[] = [];
    const unsubscribe = api.on('accounts.changed', (payload, seq) => events.push({ payload, seq }));
    const snapshot = await api.invoke('app.getSnapshot');
    expect(snapshot).toMatchObject({ ok: true, value: { app: { adapter: 'electron', profileName: 'alice', version: '0.1.0-check' } } });

    const added = (await api.invoke('accounts.add', {
      ...DEFAULT_ACCOUNT_SETTINGS,
      address: 'alice@example.org',
      password: 'correct horse',
    })) as Result<AccountView>;
    expect(added).toMatchObject({ ok: true, value: { kind: 'sip', hasPassword: true } });
    await waitFor(() => events.length > 0, 'accounts.changed');
    const seqBefore = snapshot.ok ? snapshot.value.seq : -1;
    expect(events[0]?.seq).toBeGreaterThan(seqBefore);
    const forwarded = window.webContents.sent.find((message) => message.channel === 'parley:event');
    expect((forwarded?.args[0] as EventEnvelope).name).toBe('accounts.changed');
    unsubscribe();

    // The password went through the safeStorage cipher, not into the file as plain text.
    const secrets = readFileSync(join(profileDir, 'secrets.json'), 'utf8');
    expect(secrets).not.toContain('correct horse');
    expect(secrets).toContain('cipher');
  });

  it('refuses unknown command names in the preload and bad arguments in the core', async () => {
    const unknown = await (api.invoke as (name: string) => Promise<Result<unknown>>)('app.quit');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    const bad = await (api.invoke as (name: string, ...args: unknown[]) => Promise<Result<unknown>>)('accounts.remove', 42);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('refuses an invoke from a subframe, a foreign page, or a window it did not create', async () => {
    const handler = ipcHandlers.get('parley:invoke') as Handler;
    const ownUrl = window.webContents.mainFrame.url;
    const attempts = [
      { sender: window.webContents, senderFrame: { url: ownUrl, parent: window.webContents.mainFrame } },
      { sender: window.webContents, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: window.webContents, senderFrame: { url: pathToFileURL(join(root, 'other.html')).href, parent: null } },
      { sender: window.webContents, senderFrame: null },
      { sender: new FakeWebContents(), senderFrame: { url: ownUrl, parent: null } },
    ];
    for (const event of attempts) {
      await expect(Promise.resolve().then(() => handler(event, 'app.getSnapshot', []))).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
  });

  it('denies every permission except notifications', () => {
    const request = sessionHandlers.request;
    const check = sessionHandlers.check;
    if (request === undefined || check === undefined) throw new Error('permission handlers not set');
    const granted: Record<string, boolean> = {};
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      request(window.webContents, permission, (answer) => (granted[permission] = answer));
    }
    expect(granted).toEqual({
      notifications: true,
      media: false,
      geolocation: false,
      'clipboard-read': false,
      openExternal: false,
      fullscreen: false,
    });
    expect(check(window.webContents, 'notifications')).toBe(true);
    expect(check(window.webContents, 'media')).toBe(false);
  });

  it('sets the CSP on every response, replacing any the response carried', () => {
    let headers: Record<string, string[]> | undefined;
    sessionHandlers.headers?.({ responseHeaders: { 'content-security-policy': ["default-src *"] } }, (response) => {
      headers = response.responseHeaders;
    });
    expect(headers?.['Content-Security-Policy']?.[0]).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(headers?.['content-security-policy']).toBeUndefined();
    expect(headers?.['X-Content-Type-Options']).toEqual(['nosniff']);
  });

  it('prevents navigation, redirects and webviews, and denies window.open (http(s) goes to the browser)', () => {
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = preventable();
      window.webContents.emit(name, event, 'https://evil.example/');
      expect(event.defaultPrevented, name).toBe(true);
    }
    const open = window.webContents.windowOpenHandler;
    expect(open?.({ url: 'https://example.org/help' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/help']);
  });

  it('notifies a new incoming chat message while the window is unfocused, and a click opens its conversation', async () => {
    // The LAN account runs in the shell: a MESSAGE to it is a real incoming message through the core.
    let lan: { accountId: string; contact: string | null } | undefined;
    for (let tries = 0; tries < 200 && lan?.contact == null; tries += 1) {
      const result = await api.invoke('lan.peers');
      if (result.ok) lan = result.value;
      if (lan?.contact == null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const contact = lan?.contact ?? '';
    expect(contact, 'the LAN account runs on 127.0.0.1').toMatch(/^sip:[^@]+@127\.0\.0\.1:/);
    const eventsNamed = (name: string) =>
      window.webContents.sent.filter((message) => message.channel === 'parley:event' && (message.args[0] as EventEnvelope).name === name).map((message) => message.args[0] as EventEnvelope);
    const arrived = (text: string) => eventsNamed('chat.messageChanged').some((event) => (event.payload as { text: string | null }).text === text);

    window.focused = false;
    const longText = `Lunch at noon? ${'<b>really</b> &amp; truly '.repeat(10)}`;
    expect(await sendLanMessage(contact, { displayName: 'Bob Example', user: 'bob' }, longText, 'notify-1')).toBe('SIP/2.0 200 OK');
    await waitFor(() => FakeNotification.instances.length === 1, 'the notification');
    const notification = FakeNotification.instances[0] as FakeNotification;
    expect(notification.shown).toBe(true);
    expect(notification.options.title).toBe('Bob Example');
    expect(notification.options.silent).toBe(false);
    // The first 120 characters as plain text: markup-looking text is left as it is, never interpreted.
    expect([...notification.options.body].length).toBeLessThanOrEqual(120);
    expect(notification.options.body).toBe(`${[...longText].slice(0, 119).join('').trimEnd()}…`);

    window.calls.length = 0;
    window.minimized = true;
    notification.emit('click');
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    await waitFor(() => eventsNamed('app.openConversation').length === 1, 'app.openConversation');
    const [open] = eventsNamed('app.openConversation');
    const message = eventsNamed('chat.messageChanged').find((event) => (event.payload as { text: string | null }).text === longText);
    expect(open?.payload).toEqual({
      accountId: lan?.accountId,
      conversation: (message?.payload as { conversation: string }).conversation,
    });
    expect(open?.seq).toBeGreaterThan(message?.seq ?? Infinity);

    // With the window focused the user already sees it: no notification.
    window.focused = true;
    expect(await sendLanMessage(contact, { displayName: 'Bob Example', user: 'bob' }, 'Seen in the window', 'notify-2')).toBe('SIP/2.0 200 OK');
    await waitFor(() => arrived('Seen in the window'), 'the second message');
    // Turned off in Settings: none either, even unfocused.
    window.focused = false;
    expect(await api.invoke('app.setNotifications', false)).toEqual({ ok: true, value: { notifications: false } });
    expect(await sendLanMessage(contact, { displayName: 'Bob Example', user: 'bob' }, 'Notifications are off', 'notify-3')).toBe('SIP/2.0 200 OK');
    await waitFor(() => arrived('Notifications are off'), 'the third message');
    expect(FakeNotification.instances).toHaveLength(1);
    expect(await api.invoke('app.setNotifications', true)).toEqual({ ok: true, value: { notifications: true } });
    expect(JSON.parse(readFileSync(join(profileDir, 'preferences.json'), 'utf8'))).toMatchObject({ version: 1, app: { notifications: true } });
  });

  it('focuses the existing window when a second launch hands over a sip: URL', () => {
    window.calls.length = 0;
    window.minimized = true;
    const before = stderr.length;
    app.emit('second-instance', {}, ['parley', '--profile-name=alice', 'sip:bob@example.org'], '/', {});
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    expect(stderr.slice(before).join('')).toMatch(/Received a SIP link/);
    expect(stderr.slice(before).join('')).not.toContain('bob@example.org');
  });
});
