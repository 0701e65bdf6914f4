import { join } from 'node:path';
import type { ResumeAdvertisement } from '../streams';

/** What `createParleyCore({ transfers })` lets an adapter or a test choose. */
export interface TransferCoreOptions {
  /** Default `defaultDownloadsFolder(profileDir)`; the desktop app passes the OS downloads folder. */
  readonly downloadsFolder?: string;
  /** Offers above this many bytes are declined by themselves. Default unlimited. */
  readonly maxFileSize?: number;
  /** How we offer to resume as a receiver (tests pick one mechanism); default both. */
  readonly resume?: ResumeAdvertisement;
  /** How long a receiver with a complete file waits for the sender's BYE; default 5000 ms. */
  readonly endGraceMs?: number;
  /** Desktop: shows a received file in the OS file manager (`transfers.reveal`); absent: the path is returned. */
  readonly reveal?: (path: string) => void | Promise<void>;
  /** Desktop: opens a received file with its default application (`transfers.open`); absent: unavailable. */
  readonly openFile?: (path: string) => void | Promise<void>;
}

/** Headless default: a folder inside the profile, so a test or server core never writes into a user's home. */
export function defaultDownloadsFolder(profileDir: string): string {
  return join(profileDir, 'Downloads');
}
