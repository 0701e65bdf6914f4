import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { accountIdSchema, accountSettingsSchema, lanDisplayNameSchema, type AccountId, type AccountSettings } from '../../../src-shared';
import { writeFileAtomic } from '../storage/atomic-file';

/**
 * accounts.json: the persisted accounts, without passwords (those live in the SecretStore). Versioned:
 * a file of an older version is migrated step by step on load; one of an unknown version is not touched.
 */
export const ACCOUNTS_FILE_NAME = 'accounts.json';
export const ACCOUNTS_FILE_VERSION = 1;

export interface LanAccountRecord {
  readonly id: AccountId;
  readonly enabled: boolean;
  readonly displayName: string;
}

export interface SipAccountRecord {
  readonly id: AccountId;
  readonly enabled: boolean;
  readonly settings: AccountSettings;
}

export interface AccountsData {
  readonly defaultAccountId: AccountId | null;
  readonly lan: LanAccountRecord;
  readonly accounts: readonly SipAccountRecord[];
}

/** Migration from version `n` (the key) to `n + 1`, on the raw parsed JSON. */
export type AccountsMigration = (file: Record<string, unknown>) => Record<string, unknown>;

/** None yet: version 1 is the first. Format 2 will add `1: (file) => ({ ...file, version: 2, … })`. */
export const ACCOUNTS_MIGRATIONS: Readonly<Record<number, AccountsMigration>> = {};

const accountsFileSchema = z
  .strictObject({
    version: z.literal(ACCOUNTS_FILE_VERSION),
    defaultAccountId: accountIdSchema.nullable(),
    lan: z.strictObject({ id: accountIdSchema, enabled: z.boolean(), displayName: lanDisplayNameSchema }),
    accounts: z.array(z.strictObject({ id: accountIdSchema, enabled: z.boolean(), settings: accountSettingsSchema })).max(1000),
  })
  .superRefine((file, context) => {
    const ids = new Set<string>([file.lan.id]);
    const addresses = new Set<string>();
    for (const account of file.accounts) {
      if (ids.has(account.id)) context.addIssue({ code: 'custom', message: `duplicate account id ${account.id}` });
      const address = account.settings.address.toLowerCase();
      if (addresses.has(address)) context.addIssue({ code: 'custom', message: 'duplicate account address' });
      ids.add(account.id);
      addresses.add(address);
    }
    if (file.defaultAccountId !== null && !ids.has(file.defaultAccountId)) {
      context.addIssue({ code: 'custom', message: 'the default account does not exist' });
    }
  });

export type ReadAccountsResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ok'; readonly data: AccountsData; readonly migratedFrom: number | null }
  /** The file exists but cannot be used; `reason` is short and safe to show. */
  | { readonly kind: 'unusable'; readonly reason: string; readonly cause?: unknown };

export async function readAccountsFile(path: string, migrations = ACCOUNTS_MIGRATIONS): Promise<ReadAccountsResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unusable', reason: `could not be read (${code ?? 'unknown error'})`, cause: error };
  }
  return parseAccountsFile(text, migrations);
}

export function parseAccountsFile(text: string, migrations = ACCOUNTS_MIGRATIONS): ReadAccountsResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'unusable', reason: 'is not valid JSON', cause: error };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { kind: 'unusable', reason: 'does not hold accounts' };
  let file = raw as Record<string, unknown>;
  const startVersion = file.version;
  if (typeof startVersion !== 'number' || !Number.isInteger(startVersion)) return { kind: 'unusable', reason: 'has no version' };
  if (startVersion > ACCOUNTS_FILE_VERSION) {
    return { kind: 'unusable', reason: `was written by a newer Parley (format ${startVersion})` };
  }
  for (let version = startVersion; version < ACCOUNTS_FILE_VERSION; version += 1) {
    const migrate = migrations[version];
    if (migrate === undefined) return { kind: 'unusable', reason: `has an unsupported format (${startVersion})` };
    try {
      file = migrate(file);
    } catch (error) {
      return { kind: 'unusable', reason: `could not be upgraded from format ${startVersion}`, cause: error };
    }
  }
  const parsed = accountsFileSchema.safeParse(file);
  if (!parsed.success) return { kind: 'unusable', reason: 'does not hold valid account settings', cause: parsed.error };
  const { defaultAccountId, lan, accounts } = parsed.data;
  return {
    kind: 'ok',
    data: { defaultAccountId, lan, accounts },
    migratedFrom: startVersion === ACCOUNTS_FILE_VERSION ? null : startVersion,
  };
}

export async function writeAccountsFile(path: string, data: AccountsData): Promise<void> {
  const file = { version: ACCOUNTS_FILE_VERSION, ...data };
  // 0600: addresses and servers are private to the user, even without passwords.
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}
