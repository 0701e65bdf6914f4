import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { AppInfo, AppPreferences, AppSnapshot, OpenConversationRequest, StorageProblem } from '../../src-shared';
import { DisposableStore, createLogger, createStreamSink, type Logger, type RootLogger } from '../common';
import { AccountManager } from './accounts';
import type { ComposingIndicatorOptions } from './chat-formats';
import { ConversationService, withChatStreamOptions } from './chat';
import { InvariantError, StorageError } from './errors';
import { CommandRouter } from './ipc/command-router';
import { EventBroadcaster } from './ipc/event-broadcaster';
import type { IpcCore } from './ipc/ipc-core';
import { LogService, SettingsStore } from './logs';
import { HistoryStore } from './history';
import { FileSecretStore, type SecretStore } from './secrets';
import { SessionManager } from './sessions';
import { SipAccountService } from './sip-accounts';
import { LanAccountService, type LanAccountSettings } from './lan-account';
import { defaultMediaStreamRegistry, DesktopSharingStreams, type ChatStreamOptions } from './streams';
import { defaultRfbServerSource, type RfbServerSource } from './desktop-sharing';
import { TransferService, defaultDownloadsFolder, type TransferCoreOptions } from './transfers';
import { TraceService } from './traces';
import { UploadStaging, type UploadLimits } from './uploads';

export interface ParleyCoreOptions {
  /** The profile folder: accounts.json, secrets.json (by default) and later history live here. */
  readonly profileDir: string;
  /** Default: a plain `secrets.json` in the profile folder (the Electron shell passes one using safeStorage). */
  readonly secretStore?: SecretStore;
  readonly adapter: 'electron' | 'web';
  readonly version: string;
  /** Shown in the UI; default: the profile folder's name. */
  readonly profileName?: string;
  /** Default: info and above to stderr. */
  readonly logger?: Logger;
  /**
   * Log files and the log-level setting; the adapter starts it before the core (so startup is logged) and
   * disposes it after (so shutdown is). Default: a LogService without files, owned by the core, driving the
   * level of the core's own default logger only.
   */
  readonly logs?: LogService;
  /**
   * Run a SipUserAgent per enabled SIP account (registration, sessions). Default false, so cores made for
   * tests of other parts send no SIP (and no DNS) traffic; the desktop shell and the headless host turn it on.
   */
  readonly runSipAccounts?: boolean;
  /**
   * Run the LAN account while it is enabled: a SIP listener on the LAN address and DNS-SD over multicast DNS.
   * Default false, separate from `runSipAccounts`: multicast reaches every machine on the link, so only the
   * desktop shell and the host (unless offline), or tests inside their own network namespaces, turn it on.
   */
  readonly runLanAccount?: boolean;
  /** Where the LAN account listens and how fast it announces (default: a chosen interface, RFC timings). */
  readonly lanAccount?: LanAccountSettings;
  /** Chat settings: the chat stream's accept-types and timeouts, pager CPIM, is-composing timers (tests vary them). */
  readonly chat?: {
    readonly stream?: ChatStreamOptions;
    readonly pagerCpim?: boolean;
    readonly composing?: ComposingIndicatorOptions;
  };
  readonly desktopSharing?: DesktopSharingCoreOptions;
  /** File transfers: the downloads folder (default `<profile>/Downloads`; the app passes the OS one), limits. */
  readonly transfers?: TransferCoreOptions;
  /** Web mode's uploads (files the page has as bytes, staged in `<profile>/uploads`): size, count and idle limits. */
  readonly uploads?: UploadLimits;
  /** Debug console: ring buffer size (entries) and how often batches go to the renderer. */
  readonly traces?: { readonly capacity?: number; readonly batchMs?: number };
}

/** Desktop sharing settings of a core. */
export interface DesktopSharingCoreOptions {
  /**
   * How to reach the screen we share: x11vnc on an X display, or a configured VNC server. Default on Linux:
   * x11vnc on $DISPLAY; null: this core never shares its screen (peers asking to view are refused).
   */
  readonly server?: RfbServerSource | null;
  /** Credit window of each in-app viewer channel. */
  readonly viewerWindowBytes?: number;
}

/** The whole main-process core as an adapter sees it. */
export interface ParleyCore {
  readonly ipc: IpcCore;
  /** The profile's app preferences as they stand (the desktop shell reads them before notifying). */
  preferences(): AppPreferences;
  /** The desktop shell asks the window to show a conversation: an `app.openConversation` event, in sequence with the rest. */
  openConversation(request: OpenConversationRequest): void;
  /** Finishes pending writes, then releases every timer, listener and file. Idempotent. */
  dispose(): Promise<void>;
}

export async function createParleyCore(options: ParleyCoreOptions): Promise<ParleyCore> {
  const ownLogger = options.logger === undefined ? createLogger({ level: 'info', sinks: [createStreamSink()] }) : undefined;
  const logger = options.logger ?? (ownLogger as Logger);
  const profileDir = resolve(options.profileDir);
  try {
    await mkdir(profileDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StorageError('The profile folder could not be created.', error);
  }
  const disposables = new DisposableStore();
  const broadcaster = new EventBroadcaster(logger.child('events'));
  disposables.add({ dispose: () => broadcaster.dispose() });
  const router = new CommandRouter({ broadcaster, logger: logger.child('ipc') });
  disposables.add(router);

  const storageProblems: StorageProblem[] = [];
  const reportProblem = (problem: StorageProblem): void => {
    storageProblems.push(problem);
    logger.warn('Storage problem', { file: problem.file, message: problem.message });
    broadcaster.emit('app.storageProblem', problem);
  };

  const secretStore = options.secretStore ?? new FileSecretStore(join(profileDir, 'secrets.json'));
  if (secretStore.onProblem !== undefined) disposables.add(secretStore.onProblem(reportProblem));

  const accounts = await AccountManager.load({ profileDir, secretStore, logger: logger.child('accounts') });
  disposables.add(accounts);
  for (const problem of accounts.problems) reportProblem(problem);
  disposables.add(accounts.on('problem', reportProblem));
  disposables.add(accounts.on('changed', (state) => broadcaster.emit('accounts.changed', state)));

  const ownLogs =
    options.logs === undefined
      ? await LogService.start({ profileDir, files: false, logger: logger.child('logs'), ...(ownLogger === undefined ? {} : { rootLogger: ownLogger }) })
      : undefined;
  const logs = options.logs ?? (ownLogs as LogService);

  // App preferences in <profile>/preferences.json (the log level keeps its own section in settings.json,
  // owned by the LogService: one writer per file).
  const preferencesStore = await SettingsStore.load({ file: join(profileDir, PREFERENCES_FILE_NAME), logger: logger.child('preferences') });
  let preferences: AppPreferences = readPreferences(preferencesStore.section('app'));

  // The debug console's collector: its tracers and subscriptions stay idle until a console subscribes.
  const rootLogger = typeof (logger as Partial<RootLogger>).addSink === 'function' ? (logger as RootLogger) : undefined;
  let sessionsForTraces: SessionManager | undefined;
  const traces = new TraceService({
    events: broadcaster,
    addLogSink: rootLogger === undefined ? undefined : (sink) => rootLogger.addSink(sink),
    sessionForCallId: (callId) => sessionsForTraces?.findByCallId(callId),
    ...options.traces,
  });
  disposables.add(traces);

  // Sessions over the running SIP accounts (one SipUserAgent per enabled SIP account).
  let sipAccounts: SipAccountService | undefined = undefined;
  let lanAccount: LanAccountService | undefined = undefined;
  // Desktop sharing: the stream type for both roles, and the in-app viewer's binary channel over IPC.
  const desktopServer = options.desktopSharing?.server;
  const desktop = new DesktopSharingStreams(
    {
      server: desktopServer === null ? undefined : (desktopServer ?? defaultRfbServerSource()),
      ...(options.desktopSharing?.viewerWindowBytes !== undefined ? { viewerWindowBytes: options.desktopSharing.viewerWindowBytes } : {}),
    },
    {
      viewerData: (chunk) => broadcaster.emit('desktop.viewerData', chunk),
      viewerClosed: (event) => broadcaster.emit('desktop.viewerClosed', event),
    },
  );
  disposables.add(desktop);
  const registry = withChatStreamOptions(defaultMediaStreamRegistry(), options.chat?.stream);
  registry.register(desktop.factory);
  const sessions = new SessionManager({
    registry,
    logger: logger.child('sessions'),
    accountFor: (id) => sipAccounts?.account(id) ?? lanAccount?.account(id),
  });
  sessionsForTraces = sessions;
  disposables.add(sessions.on('changed', (view) => broadcaster.emit('sessions.changed', view)));
  disposables.add(sessions.on('chatMessage', (message) => broadcaster.emit('chat.message', message)));
  // File transfers: one session per file (RFC 5547), the list kept in <profile>/transfers.json.
  const transfers = await TransferService.open({
    ...options.transfers,
    sessions,
    registry,
    profileDir,
    downloadsFolder: options.transfers?.downloadsFolder ?? defaultDownloadsFolder(profileDir),
    logger: logger.child('transfers'),
    // An unreadable transfers list is moved aside and logged (StorageProblem names no 'transfers' file yet).
  });
  disposables.add(transfers.on('changed', (view) => broadcaster.emit('transfers.changed', view)));
  // Web mode's uploads: a page's file staged in <profile>/uploads (leftovers of a crash swept now), then sent
  // by path like any other; the staged copy goes when its transfer ends.
  const uploads = await UploadStaging.open({ ...options.uploads, profileDir, transfers, logger: logger.child('uploads') });
  // Chat history and conversations (MSRP chat streams and pager-mode MESSAGE, one conversation per party).
  const history = HistoryStore.open({ profileDir, onProblem: (problem) => reportProblem({ file: 'history', message: problem.message }) });
  const conversations = new ConversationService({
    history,
    sessions,
    logger: logger.child('chat'),
    pager: {
      localIdentity: (id) => (sipAccounts?.account(id) ?? lanAccount?.account(id))?.aor,
      send: (id, target, body, contentType) => {
        const overLan = lanAccount?.sendMessage(id, target, body, contentType);
        if (overLan !== undefined) return overLan;
        const agent = sipAccounts?.userAgent(id);
        if (agent === undefined) return Promise.resolve({ ok: false, code: 0, reason: 'the account is not running' });
        return agent.sendMessage(target, body, contentType);
      },
    },
    ...(options.chat?.pagerCpim === undefined ? {} : { pagerCpim: options.chat.pagerCpim }),
    ...(options.chat?.composing === undefined ? {} : { composing: options.chat.composing }),
  });
  disposables.add(conversations.on('messageChanged', (view) => broadcaster.emit('chat.messageChanged', view)));
  disposables.add(conversations.on('composing', (event) => broadcaster.emit('chat.composing', event)));
  if (options.runSipAccounts === true) {
    sipAccounts = new SipAccountService({
      onIncomingMessage: (accountId, message) => conversations.handlePagerMessage(accountId, message),
      accounts,
      secrets: secretStore,
      logger: logger.child('sip'),
      onInvite: (account, invitation) => sessions.handleInvite(account, invitation),
      tracers: { sip: traces.sipTracer, msrp: traces.msrpTracer },
    });
  }
  const runningSip = sipAccounts;
  if (options.runLanAccount === true) {
    lanAccount = new LanAccountService({
      accounts,
      logger: logger.child('lan'),
      ...(options.lanAccount === undefined ? {} : { settings: options.lanAccount }),
      onInvite: (account, invitation) => sessions.handleInvite(account, invitation),
      onIncomingMessage: (accountId, message) => conversations.handlePagerMessage(accountId, message),
      tracers: { msrp: traces.msrpTracer },
    });
    disposables.add(lanAccount.on('peersChanged', (event) => broadcaster.emit('lan.peersChanged', event)));
  }
  const runningLan = lanAccount;

  const app: AppInfo = Object.freeze({
    version: options.version,
    adapter: options.adapter,
    profileName: options.profileName ?? basename(profileDir),
  });

  const handlers = [
    router.register('app.getSnapshot', (): AppSnapshot => ({
      seq: broadcaster.seq,
      accounts: accounts.state(),
      storageProblems: [...storageProblems],
      app,
      sessions: sessions.list(),
    })),
    router.register('accounts.add', (draft) => accounts.add(draft)),
    router.register('accounts.update', (id, draft) => accounts.update(id, draft)),
    router.register('accounts.remove', async (id) => {
      await accounts.remove(id);
      return null;
    }),
    router.register('accounts.setEnabled', (id, enabled) => accounts.setEnabled(id, enabled)),
    router.register('accounts.setDefault', async (id) => {
      await accounts.setDefault(id);
      return null;
    }),
    router.register('accounts.renameLan', (displayName) => accounts.renameLan(displayName)),
    router.register('app.getPreferences', () => preferences),
    router.register('app.setNotifications', async (enabled) => {
      // Saved first: a preference that could not be saved is not silently half-set.
      const next: AppPreferences = { ...preferences, notifications: enabled };
      await preferencesStore.setSection('app', next);
      preferences = next;
      return preferences;
    }),
    router.register('logs.getSettings', () => logs.settings()),
    router.register('logs.setLevel', (level) => logs.setLevel(level)),
    router.register('logs.reveal', () => logs.reveal()),
    router.register('sessions.list', () => ({ seq: broadcaster.seq, sessions: sessions.list() })),
    router.register('sessions.connect', (accountId, target, types, streamOptions) => {
      desktop.checkRequest(types, streamOptions);
      return sessions.connect(accountId, target, types, streamOptions);
    }),
    router.register('sessions.accept', (id) => {
      const session = sessions.get(id);
      const accepting = session.accept();
      void accepting.catch(() => undefined);
      return session.view();
    }),
    router.register('sessions.reject', async (id, reason) => {
      const session = sessions.get(id);
      await session.reject(reason);
      return session.view();
    }),
    router.register('sessions.end', (id) => {
      const session = sessions.get(id);
      void session.end().catch((error: unknown) => logger.warn('Ending a session failed', { error }));
      return session.view();
    }),
    router.register('sessions.addStream', (id, type, streamOptions) => {
      const session = sessions.get(id);
      desktop.checkRequest([type], streamOptions);
      void session.addStream(type, streamOptions).catch((error: unknown) => logger.info('A stream proposal failed', { error }));
      return session.view();
    }),
    router.register('sessions.removeStream', (id, streamId) => {
      const session = sessions.get(id);
      void session.removeStream(streamId).catch((error: unknown) => logger.info('A stream removal failed', { error }));
      return session.view();
    }),
    router.register('desktop.allowSharing', (streamId) => {
      desktop.allowSharing(streamId);
      return null;
    }),
    router.register('desktop.viewerOpen', (streamId) => {
      desktop.viewerOpen(streamId);
      return null;
    }),
    router.register('desktop.viewerSend', (chunk) => {
      desktop.viewerSend(chunk);
      return null;
    }),
    router.register('desktop.viewerAck', (streamId, bytes) => {
      desktop.viewerAck(streamId, bytes);
      return null;
    }),
    router.register('desktop.viewerClose', (streamId) => {
      desktop.get(streamId);
      // Removing the stream by re-INVITE (or BYE when it is the last) ends its bridge and the remote VNC server.
      const owner = sessions.list().find((view) => view.state !== 'terminated' && view.streams.some((stream) => stream.id === streamId));
      if (owner !== undefined) {
        void sessions.get(owner.id).removeStream(streamId).catch((error: unknown) => logger.info('Removing a desktop stream failed', { error }));
      }
      return null;
    }),
    router.register('chat.send', (sessionId, text) => ({ messageId: sessions.get(sessionId).sendChat(text).messageId })),
    router.register('chat.sendMessage', (accountId, remote, text) => conversations.sendMessage(accountId, remote, text)),
    router.register('chat.setComposing', (accountId, remote, composing) => {
      conversations.setComposing(accountId, remote, composing);
      return null;
    }),
    router.register('history.conversations', (query) => conversations.conversations(query)),
    router.register('history.page', (query) => conversations.page(query)),
    router.register('history.search', (text) => conversations.search(text)),
    router.register('history.markRead', (accountId, remote) => conversations.markRead(accountId, remote)),
    router.register('transfers.send', (accountId, target, path) => transfers.send(accountId, target, path)),
    router.register('transfers.uploadBegin', (name, size) => uploads.begin(name, size)),
    router.register('transfers.uploadChunk', (id, offset, bytes) => uploads.chunk(id, offset, bytes)),
    router.register('transfers.uploadSend', (id, accountId, target) => uploads.send(id, accountId, target)),
    router.register('transfers.uploadAbort', (id) => uploads.abort(id)),
    router.register('transfers.accept', (id) => transfers.accept(id)),
    router.register('transfers.decline', (id) => transfers.decline(id)),
    router.register('transfers.cancel', (id) => transfers.cancel(id)),
    router.register('transfers.retry', (id) => transfers.retry(id)),
    router.register('transfers.list', () => ({ seq: broadcaster.seq, transfers: transfers.list() })),
    router.register('transfers.reveal', (id) => transfers.reveal(id)),
    router.register('transfers.open', (id) => transfers.open(id)),
    router.register('console.subscribe', (clientId, levels) => traces.subscribe(clientId, levels)),
    router.register('console.unsubscribe', (clientId) => {
      traces.unsubscribe(clientId);
      return null;
    }),
    router.register('console.snapshot', () => traces.snapshot()),
    router.register('console.clear', () => {
      traces.clear();
      return null;
    }),
    router.register('console.export', () => traces.export()),
    router.register('lan.peers', () => {
      const lanId = accounts.list().find((view) => view.kind === 'lan')?.id;
      if (lanId === undefined) throw new InvariantError('the LAN account is missing');
      const contact = runningLan?.contact;
      return { seq: broadcaster.seq, accountId: lanId, running: contact !== undefined, contact: contact ?? null, peers: runningLan?.peers ?? [] };
    }),
  ];
  for (const handler of handlers) disposables.add(handler);

  logger.info('Parley core started', { adapter: options.adapter, version: options.version });

  let disposing: Promise<void> | null = null;
  return {
    ipc: router,
    preferences: () => preferences,
    openConversation: (request) => broadcaster.emit('app.openConversation', { accountId: request.accountId, conversation: request.conversation }),
    dispose() {
      disposing ??= (async () => {
        // Refuse new commands first, then let accepted ones finish writing: nothing accepted is lost.
        router.dispose();
        // BYE/CANCEL live sessions, then un-REGISTER, while the accounts are still there.
        await sessions.stop();
        await runningSip?.stop();
        // A goodbye on the link (RFC 6762 §10.1), so peers drop us at once.
        await runningLan?.stop();
        // After the sessions: transfers they ended are written to the list first.
        await transfers.dispose();
        // After the transfers: staged copies of files still being sent are deleted too (none survives a restart).
        await uploads.dispose();
        // After the sessions: their streams' last deliveries ("stream ended") are stored first.
        conversations.dispose();
        history.dispose();
        await accounts.flush();
        await preferencesStore.flush();
        await ownLogs?.dispose();
        disposables.dispose();
        logger.info('Parley core stopped');
      })();
      return disposing;
    },
  };
}

export const PREFERENCES_FILE_NAME = 'preferences.json';
const DEFAULT_PREFERENCES: AppPreferences = { notifications: true };

/** An invalid or missing value is its default, never a reason to refuse to start. */
function readPreferences(raw: unknown): AppPreferences {
  if (raw === null || typeof raw !== 'object') return DEFAULT_PREFERENCES;
  const notifications = (raw as { notifications?: unknown }).notifications;
  return { notifications: typeof notifications === 'boolean' ? notifications : DEFAULT_PREFERENCES.notifications };
}
