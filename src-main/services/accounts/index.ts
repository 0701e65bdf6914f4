export { AccountManager, type AccountManagerEvents, type AccountManagerOptions } from './account-manager';
export { ACCOUNTS_FILE_NAME, ACCOUNTS_FILE_VERSION, ACCOUNTS_MIGRATIONS, type AccountsMigration } from './account-file';
