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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire, registerHooks } from 'node:module';
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
  isDestroyed(): boolean {
    return false;
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

const electronStub = {
  app,
  BrowserWindow: FakeBrowserWindow,
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

beforeAll(async () => {
  await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
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
  process.argv = [...savedArgv, `--profile=${profileDir}`, '--profile-name=alice'];
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

  it('has the preload expose exactly invoke and on as window.parley', () => {
    expect([...exposed.keys()]).toEqual(['parley']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
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
