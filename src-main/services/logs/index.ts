export { DEFAULT_LOG_LEVEL, LOG_FILE_NAME, LOGS_FOLDER_NAME, LogService, type LogServiceOptions } from './log-service';
export { SETTINGS_FILE_NAME, SETTINGS_FILE_VERSION, SettingsStore, type SettingsStoreOptions } from './settings-store';
