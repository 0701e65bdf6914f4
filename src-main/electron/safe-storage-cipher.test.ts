import { describe, expect, it } from 'vitest';
import { safeStorageCipher } from './safe-storage-cipher';

function fakeSafeStorage(backend: 'basic_text' | 'gnome_libsecret', available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => Buffer.from(plain).reverse(),
    decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString(),
  };
}

describe('safeStorageCipher', () => {
  it('encrypts and decrypts through safeStorage', () => {
    const cipher = safeStorageCipher(fakeSafeStorage('gnome_libsecret'), 'linux');
    expect(cipher.isAvailable()).toBe(true);
    const sealed = cipher.encrypt('secret');
    expect(sealed.toString()).toBe('terces');
    expect(cipher.decrypt(sealed)).toBe('secret');
  });

  it("treats Linux's built-in basic_text key and a missing keychain as unavailable", () => {
    expect(safeStorageCipher(fakeSafeStorage('basic_text'), 'linux').isAvailable()).toBe(false);
    expect(safeStorageCipher(fakeSafeStorage('gnome_libsecret', false), 'linux').isAvailable()).toBe(false);
    expect(safeStorageCipher(fakeSafeStorage('basic_text'), 'darwin').isAvailable()).toBe(true);
  });
});
