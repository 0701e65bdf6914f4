import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../services';

/**
 * Account passwords encrypted with the OS keychain (Keychain, DPAPI, libsecret/KWallet). Linux's
 * 'basic_text' backend is a fixed, built-in key: it counts as unavailable, so the secret store marks
 * values as plain instead of pretending they are protected.
 */
export function safeStorageCipher(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>,
  platform: NodeJS.Platform = process.platform,
): SecretCipher {
  return {
    isAvailable: () =>
      safeStorage.isEncryptionAvailable() && (platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (encrypted) => safeStorage.decryptString(encrypted),
  };
}
