import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  accountDraftSchema,
  issuesToFieldProblems,
  lanDisplayNameSchema,
  type AccountDraft,
  type AccountId,
  type AccountSettings,
  type AccountView,
  type AccountsState,
  type RegistrationState,
  type StorageProblem,
} from '../../../src-shared';
import { DisposableStore, TypedEmitter, type Disposable, type Listener, type Logger } from '../../common';
import { ConflictError, InvalidArgumentError, NotFoundError, StorageError, UnavailableError } from '../errors';
import type { SecretStore } from '../secrets';
import { moveAside } from '../storage/atomic-file';
import { SerialQueue } from '../storage/serial-queue';
import {
  ACCOUNTS_FILE_NAME,
  ACCOUNTS_MIGRATIONS,
  readAccountsFile,
  writeAccountsFile,
  type AccountsData,
  type AccountsMigration,
  type SipAccountRecord,
} from './account-file';
import { deepFreeze, lanView, passwordKey, sameAddress, sipView } from './account-views';

export interface AccountManagerEvents {
  [name: string]: unknown;
  changed: AccountsState;
  problem: StorageProblem;
}

export interface AccountManagerOptions {
  readonly profileDir: string;
  readonly secretStore: SecretStore;
  readonly logger: Logger;
  /** For tests of the migration path; defaults to the real migrations. */
  readonly migrations?: Readonly<Record<number, AccountsMigration>>;
}

const DEFAULT_LAN_NAME = 'Local network';

/**
 * The seed's AccountManager: the SIP accounts plus the LAN account (the seed's BonjourAccount), which
 * exists from the first start and cannot be removed. Every change is saved to accounts.json before it
 * becomes visible; a change that cannot be saved fails with 'storage-failed' and changes nothing.
 * Mutations run one at a time, in order.
 */
export class AccountManager implements Disposable {
  readonly #filePath: string;
  readonly #secrets: SecretStore;
  readonly #logger: Logger;
  readonly #queue = new SerialQueue();
  readonly #events = new TypedEmitter<AccountManagerEvents>();
  readonly #disposables = new DisposableStore();
  readonly #problems: StorageProblem[] = [];
  readonly #hasPassword = new Map<AccountId, boolean>();
  readonly #registration = new Map<AccountId, RegistrationState>();
  #data: AccountsData;
  /** Set when the file could be neither read nor moved aside: never overwrite what we could not read. */
  #writeBlocked: string | null = null;
  #disposed = false;

  private constructor(options: AccountManagerOptions, data: AccountsData) {
    this.#filePath = join(options.profileDir, ACCOUNTS_FILE_NAME);
    this.#secrets = options.secretStore;
    this.#logger = options.logger;
    this.#data = deepFreeze(data);
    this.#disposables.add(this.#events);
  }

  static async load(options: AccountManagerOptions): Promise<AccountManager> {
    const freshLan = { id: randomUUID() as AccountId, enabled: true, displayName: DEFAULT_LAN_NAME };
    const fresh: AccountsData = { defaultAccountId: freshLan.id, lan: freshLan, accounts: [] };
    const manager = new AccountManager(options, fresh);
    await manager.#loadFile(options.migrations ?? ACCOUNTS_MIGRATIONS, fresh);
    return manager;
  }

  /** Problems found while loading, for the snapshot. */
  get problems(): readonly StorageProblem[] {
    return this.#problems;
  }

  on<K extends keyof AccountManagerEvents>(name: K, listener: Listener<AccountManagerEvents[K]>): Disposable {
    return this.#events.on(name, listener);
  }

  state(): AccountsState {
    return { accounts: this.list(), defaultAccountId: this.#data.defaultAccountId };
  }

  list(): AccountView[] {
    return [lanView(this.#data.lan), ...this.#data.accounts.map((record) => this.#view(record))];
  }

  get(id: AccountId): AccountView | undefined {
    if (id === this.#data.lan.id) return lanView(this.#data.lan);
    const record = this.#data.accounts.find((account) => account.id === id);
    return record === undefined ? undefined : this.#view(record);
  }

  add(draft: AccountDraft): Promise<AccountView> {
    return this.#serial(async () => {
      const { settings, password } = checkDraft(draft);
      this.#assertAddressFree(settings.address, null);
      const id = randomUUID() as AccountId;
      const record: SipAccountRecord = { id, enabled: true, settings };
      const hadSipAccounts = this.#data.accounts.length > 0;
      const next: AccountsData = {
        ...this.#data,
        accounts: [...this.#data.accounts, record],
        // The first SIP account becomes the default: it is what the user set Parley up for.
        defaultAccountId: hadSipAccounts ? this.#data.defaultAccountId : id,
      };
      const hasPassword = typeof password === 'string' && password !== '';
      if (hasPassword) await this.#secrets.set(passwordKey(id), password);
      try {
        await this.#commit(next);
      } catch (error) {
        if (hasPassword) await this.#secrets.delete(passwordKey(id)).catch(() => undefined);
        throw error;
      }
      this.#hasPassword.set(id, hasPassword);
      this.#changed();
      return this.#view(record);
    });
  }

  update(id: AccountId, draft: AccountDraft): Promise<AccountView> {
    return this.#serial(async () => {
      const { settings, password } = checkDraft(draft);
      const current = this.#sipRecord(id);
      this.#assertAddressFree(settings.address, id);
      const record: SipAccountRecord = { ...current, settings };
      const next: AccountsData = { ...this.#data, accounts: this.#data.accounts.map((item) => (item.id === id ? record : item)) };
      let previous: string | null = null;
      if (password !== undefined) {
        previous = await this.#secrets.get(passwordKey(id)).catch(() => null);
        await this.#writePassword(id, password);
      }
      try {
        await this.#commit(next);
      } catch (error) {
        // Put the old password back so the account stays as it was.
        if (password !== undefined) await this.#writePassword(id, previous).catch(() => undefined);
        throw error;
      }
      if (password !== undefined) this.#hasPassword.set(id, password !== null && password !== '');
      this.#changed();
      return this.#view(record);
    });
  }

  remove(id: AccountId): Promise<void> {
    return this.#serial(async () => {
      if (id === this.#data.lan.id) throw new ConflictError('The LAN account cannot be removed; it can be disabled.');
      this.#sipRecord(id);
      const accounts = this.#data.accounts.filter((item) => item.id !== id);
      const without: AccountsData = { ...this.#data, accounts };
      const next = this.#data.defaultAccountId === id ? { ...without, defaultAccountId: fallbackDefault(without, null) } : without;
      await this.#commit(next);
      this.#hasPassword.delete(id);
      this.#registration.delete(id);
      // After the account is gone from the file: a leftover secret is harmless, a lost account is not.
      await this.#secrets.delete(passwordKey(id)).catch((error: unknown) => {
        this.#logger.warn('Could not delete the password of a removed account', { accountId: id, error });
      });
      this.#changed();
    });
  }

  setEnabled(id: AccountId, enabled: boolean): Promise<AccountView> {
    return this.#serial(async () => {
      let next: AccountsData;
      if (id === this.#data.lan.id) {
        next = { ...this.#data, lan: { ...this.#data.lan, enabled } };
      } else {
        this.#sipRecord(id);
        next = { ...this.#data, accounts: this.#data.accounts.map((item) => (item.id === id ? { ...item, enabled } : item)) };
      }
      // Disabling the default hands the role to another enabled account, if there is one.
      if (!enabled && next.defaultAccountId === id) {
        const fallback = fallbackDefault(next, id);
        if (fallback !== null && fallback !== id && isEnabled(next, fallback)) next = { ...next, defaultAccountId: fallback };
      }
      await this.#commit(next);
      this.#changed();
      return this.#viewOf(id);
    });
  }

  setDefault(id: AccountId): Promise<void> {
    return this.#serial(async () => {
      if (id !== this.#data.lan.id) this.#sipRecord(id);
      if (!isEnabled(this.#data, id)) throw new ConflictError('Enable this account before making it the default.');
      if (this.#data.defaultAccountId === id) return;
      await this.#commit({ ...this.#data, defaultAccountId: id });
      this.#changed();
    });
  }

  renameLan(displayName: string): Promise<AccountView> {
    return this.#serial(async () => {
      const parsed = lanDisplayNameSchema.safeParse(displayName);
      if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? 'Invalid name.', 'displayName');
      await this.#commit({ ...this.#data, lan: { ...this.#data.lan, displayName: parsed.data } });
      this.#changed();
      return lanView(this.#data.lan);
    });
  }

  /** For the SIP layer (later): the registration state shown in views. */
  setRegistrationState(id: AccountId, state: RegistrationState): void {
    if (this.#disposed || !this.#data.accounts.some((item) => item.id === id)) return;
    this.#registration.set(id, state);
    this.#changed();
  }

  /** Resolves when every mutation submitted so far has finished. */
  flush(): Promise<void> {
    return this.#queue.idle();
  }

  dispose(): void {
    this.#disposed = true;
    this.#disposables.dispose();
  }

  // ---- internals ----

  #serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.#disposed) return Promise.reject(new UnavailableError('Parley is shutting down.'));
    return this.#queue.run(task);
  }

  async #loadFile(migrations: Readonly<Record<number, AccountsMigration>>, fresh: AccountsData): Promise<void> {
    const result = await readAccountsFile(this.#filePath, migrations);
    if (result.kind === 'ok') {
      this.#data = deepFreeze(result.data);
      if (result.migratedFrom !== null) {
        this.#logger.info('Upgraded accounts.json', { from: result.migratedFrom });
        await this.#commit(this.#data).catch((error: unknown) => this.#logger.warn('Could not save upgraded accounts.json', { error }));
      }
    } else {
      if (result.kind === 'unusable') await this.#setAside(result.reason, result.cause);
      this.#data = deepFreeze(fresh);
      // Write the fresh state at once so the LAN account keeps its id from the first start.
      if (this.#writeBlocked === null) {
        await this.#commit(fresh).catch((error: unknown) => this.#logger.warn('Could not create accounts.json', { error }));
      }
    }
    await this.#loadPasswordFlags();
  }

  async #setAside(reason: string, cause: unknown): Promise<void> {
    this.#logger.error('accounts.json is unusable', { reason, cause });
    try {
      const aside = await moveAside(this.#filePath);
      const name = aside.slice(aside.lastIndexOf(ACCOUNTS_FILE_NAME));
      this.#report(`accounts.json ${reason}. It was moved aside to ${name} (nothing was deleted); Parley started with no SIP accounts.`);
    } catch (error) {
      this.#writeBlocked = reason;
      this.#logger.error('Could not move accounts.json aside', { error });
      this.#report(`accounts.json ${reason} and could not be moved aside. It was left untouched; account changes cannot be saved until it is fixed or removed.`);
    }
  }

  #report(message: string): void {
    const problem: StorageProblem = { file: 'accounts', message };
    this.#problems.push(problem);
    this.#events.emit('problem', problem);
  }

  async #loadPasswordFlags(): Promise<void> {
    for (const account of this.#data.accounts) {
      try {
        const value = await this.#secrets.get(passwordKey(account.id));
        this.#hasPassword.set(account.id, value !== null && value !== '');
      } catch (error) {
        this.#logger.warn('Could not read a saved password', { accountId: account.id, error });
        this.#hasPassword.set(account.id, false);
      }
    }
  }

  async #commit(next: AccountsData): Promise<void> {
    if (this.#writeBlocked !== null) {
      throw new StorageError(`Account changes cannot be saved: accounts.json ${this.#writeBlocked}.`);
    }
    try {
      await writeAccountsFile(this.#filePath, next);
    } catch (error) {
      this.#logger.error('Could not save accounts.json', { error });
      throw new StorageError('The account settings could not be saved.', error);
    }
    this.#data = deepFreeze(next);
  }

  async #writePassword(id: AccountId, password: string | null): Promise<void> {
    if (password === null || password === '') await this.#secrets.delete(passwordKey(id));
    else await this.#secrets.set(passwordKey(id), password);
  }

  #changed(): void {
    this.#events.emit('changed', this.state());
  }

  #sipRecord(id: AccountId): SipAccountRecord {
    if (id === this.#data.lan.id) throw new ConflictError('The LAN account has no server settings.');
    const record = this.#data.accounts.find((item) => item.id === id);
    if (record === undefined) throw new NotFoundError('That account no longer exists.');
    return record;
  }

  #viewOf(id: AccountId): AccountView {
    const view = this.get(id);
    if (view === undefined) throw new NotFoundError('That account no longer exists.');
    return view;
  }

  #view(record: SipAccountRecord): AccountView {
    return sipView(record, this.#hasPassword.get(record.id) ?? false, this.#registration.get(record.id));
  }

  #assertAddressFree(address: string, except: AccountId | null): void {
    if (this.#data.accounts.some((item) => item.id !== except && sameAddress(item.settings.address, address))) {
      throw new ConflictError('An account with this address already exists.', 'address');
    }
  }
}

function checkDraft(draft: AccountDraft): { settings: AccountSettings; password: string | null | undefined } {
  const parsed = accountDraftSchema.safeParse(draft);
  if (!parsed.success) {
    const [problem] = issuesToFieldProblems(parsed.error.issues);
    throw new InvalidArgumentError(problem?.message ?? 'Invalid account settings.', problem?.field);
  }
  const { password, ...settings } = parsed.data;
  return { settings, password };
}

function isEnabled(data: AccountsData, id: AccountId): boolean {
  if (id === data.lan.id) return data.lan.enabled;
  return data.accounts.some((item) => item.id === id && item.enabled);
}

/** First enabled SIP account, else the LAN account if enabled, else any SIP account, else the LAN account. */
function fallbackDefault(data: AccountsData, excluding: AccountId | null): AccountId {
  const candidates = data.accounts.filter((item) => item.id !== excluding);
  const enabled = candidates.find((item) => item.enabled);
  if (enabled !== undefined) return enabled.id;
  if (data.lan.enabled && data.lan.id !== excluding) return data.lan.id;
  return candidates[0]?.id ?? data.lan.id;
}
