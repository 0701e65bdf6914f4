import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { AppInfo, AppSnapshot, StorageProblem } from '../../src-shared';
import { DisposableStore, createLogger, createStreamSink, type Logger } from '../common';
import { AccountManager } from './accounts';
import { StorageError } from './errors';
import { CommandRouter } from './ipc/command-router';
import { EventBroadcaster } from './ipc/event-broadcaster';
import type { IpcCore } from './ipc/ipc-core';
import { FileSecretStore, type SecretStore } from './secrets';

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
}

/** The whole main-process core as an adapter sees it. */
export interface ParleyCore {
  readonly ipc: IpcCore;
  /** Finishes pending writes, then releases every timer, listener and file. Idempotent. */
  dispose(): Promise<void>;
}

export async function createParleyCore(options: ParleyCoreOptions): Promise<ParleyCore> {
  const logger = options.logger ?? createLogger({ level: 'info', sinks: [createStreamSink()] });
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
  ];
  for (const handler of handlers) disposables.add(handler);

  logger.info('Parley core started', { adapter: options.adapter, version: options.version });

  let disposing: Promise<void> | null = null;
  return {
    ipc: router,
    dispose() {
      disposing ??= (async () => {
        // Refuse new commands first, then let accepted ones finish writing: nothing accepted is lost.
        router.dispose();
        await accounts.flush();
        disposables.dispose();
        logger.info('Parley core stopped');
      })();
      return disposing;
    },
  };
}
