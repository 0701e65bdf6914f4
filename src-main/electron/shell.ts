import type * as Electron from 'electron';
import { join } from 'node:path';
import { createLogger, createStreamSink, type Logger, type RootLogger } from '../common';
import { createParleyCore, FileSecretStore, LogService, type ParleyCore } from '../services';
import { attachChatNotifications } from './chat-notifications';
import { attachElectronIpc, TrustedWindows, type ElectronIpc } from './ipc-adapter';
import { createMainWindow, focusWindow } from './main-window';
import { lanAddressFromSwitches, profileFromSwitches } from './profile-switches';
import { rendererLocationFor, type RendererLocation } from './renderer-location';
import { safeStorageCipher } from './safe-storage-cipher';
import { secureApp, secureSession } from './security';
import { findSipLink, SipLinkInbox } from './sip-links';

/** The parts of the `electron` module the shell uses (main.ts passes the real module). */
export type ElectronModules = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'session' | 'shell' | 'safeStorage' | 'Notification'>;

/** electron-builder's appId: Windows shows notifications only for an app with this id. */
export const APP_USER_MODEL_ID = 'org.parley.desktop';

export interface ShellOptions {
  readonly preloadPath: string;
  readonly indexHtmlPath: string;
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** The root logger: the shell adds the log file sink to it and sets its level from the profile's settings. */
  readonly logger?: RootLogger;
}

export const SIP_SCHEMES = ['sip', 'sips'] as const;

/**
 * The desktop app's lifecycle, kept generic and thin: profile → single-instance lock → security baseline →
 * core → IPC adapter → window. Every decision that can be made without Electron lives in a helper.
 */
export async function startShell(electron: ElectronModules, options: ShellOptions): Promise<void> {
  const { app, BrowserWindow } = electron;
  const argv = options.argv ?? process.argv;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: 'info', sinks: [createStreamSink()] });

  // userData decides the single-instance lock: set it first, so each profile is its own instance.
  const profile = profileFromSwitches(argv, app.getPath('appData'));
  const lanAddress = lanAddressFromSwitches(argv);
  app.setPath('userData', profile.userDataDir);
  if (!app.requestSingleInstanceLock()) {
    logger.info('Parley is already running with this profile; handing over to it', { profile: profile.profileName });
    app.quit();
    return;
  }

  secureApp(app, electron.shell);
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  const links = new SipLinkInbox(logger.child('links'));
  let mainWindow: Electron.BrowserWindow | undefined;

  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.accept(url);
    if (mainWindow !== undefined && !mainWindow.isDestroyed()) focusWindow(mainWindow);
  });
  app.on('second-instance', (_event, secondArgv) => {
    if (mainWindow !== undefined && !mainWindow.isDestroyed()) focusWindow(mainWindow);
    const link = findSipLink(secondArgv);
    if (link !== undefined) links.accept(link);
  });
  if (app.isPackaged) {
    // Only a packaged app registers itself: a dev run would register the bare Electron binary.
    for (const scheme of SIP_SCHEMES) app.setAsDefaultProtocolClient(scheme);
  }

  // Only the instance holding the lock writes <userData>/logs, so two processes never rotate one file. After
  // the link handlers above: macOS may deliver open-url as soon as the app runs.
  const logs = await LogService.start({
    profileDir: profile.userDataDir,
    rootLogger: logger,
    reveal: (path) => electron.shell.showItemInFolder(path),
    logger: logger.child('logs'),
  });

  await app.whenReady();
  const location: RendererLocation = rendererLocationFor({
    isPackaged: app.isPackaged,
    devServerUrl: env['ELECTRON_RENDERER_URL'],
    indexHtmlPath: options.indexHtmlPath,
  });
  secureSession(electron.session.defaultSession, location);

  let core: ParleyCore;
  try {
    core = await createParleyCore({
      profileDir: profile.userDataDir,
      secretStore: new FileSecretStore(join(profile.userDataDir, 'secrets.json'), safeStorageCipher(electron.safeStorage)),
      adapter: 'electron',
      version: app.getVersion(),
      profileName: profile.profileName,
      logger: logger.child('core'),
      logs,
      runSipAccounts: true,
      runLanAccount: true,
      ...(lanAddress === undefined ? {} : { lanAccount: { interfaceAddress: lanAddress } }),
      transfers: {
        downloadsFolder: app.getPath('downloads'),
        // Only after the core checked the file is still the one received, in the downloads folder.
        reveal: (path) => electron.shell.showItemInFolder(path),
        // Only after the user confirmed in the UI, and never for programs or scripts (the core refuses them).
        openFile: async (path) => {
          const problem = await electron.shell.openPath(path);
          if (problem !== '') throw new Error(problem);
        },
      },
    });
  } catch (error) {
    // The reason the app did not start is exactly what the log file is for.
    logger.error('The core could not start', { error });
    await logs.dispose();
    throw error;
  }
  const windows = new TrustedWindows();
  const ipc: ElectronIpc = attachElectronIpc({ ipcMain: electron.ipcMain, core: core.ipc, windows, location, logger: logger.child('ipc') });

  const openMainWindow = (): void => {
    const window = createMainWindow(BrowserWindow, { preloadPath: options.preloadPath, location });
    windows.add(window.webContents);
    window.webContents.on('did-fail-load', (_event, code, description) =>
      logger.error('The window could not load the renderer', { code, description }),
    );
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
    mainWindow = window;
  };
  openMainWindow();
  // A new incoming chat message while the window is not focused: an OS notification (Settings can turn them off).
  const notifications = attachChatNotifications({
    Notification: electron.Notification,
    subscribe: (listener) => core.ipc.subscribe(listener),
    enabled: () => core.preferences().notifications,
    windowFocused: () => mainWindow !== undefined && !mainWindow.isDestroyed() && mainWindow.isFocused(),
    showWindow: () => {
      if (mainWindow === undefined || mainWindow.isDestroyed()) openMainWindow();
      else focusWindow(mainWindow);
    },
    openConversation: (request) => core.openConversation(request),
    logger: logger.child('notifications'),
  });
  const firstLink = findSipLink(argv);
  if (firstLink !== undefined) links.accept(firstLink);

  app.on('activate', () => {
    if (mainWindow === undefined) openMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  registerShutdown(app, async () => {
    notifications.dispose();
    ipc.dispose();
    await core.dispose();
    await logs.dispose();
  }, logger);
}

/** Holds the quit until the core has written everything it accepted, then quits for real. */
function registerShutdown(app: Electron.App, stop: () => Promise<void>, logger: Logger): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    void stop()
      .catch((error: unknown) => logger.error('Shutdown did not finish cleanly', { error: String(error) }))
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}
