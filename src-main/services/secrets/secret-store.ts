import type { StorageProblem } from '../../../src-shared';
import type { Disposable } from '../../common';

/** Where account passwords live: never in accounts.json, never in a view, event or log. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Optional: problems found while loading (a corrupt file moved aside …), to show to the user. */
  onProblem?(listener: (problem: StorageProblem) => void): Disposable;
}

/** OS-backed encryption (Electron's safeStorage has exactly this shape). */
export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}
