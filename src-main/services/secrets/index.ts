export { FileSecretStore } from './file-secret-store';
export type { SecretCipher, SecretStore } from './secret-store';
