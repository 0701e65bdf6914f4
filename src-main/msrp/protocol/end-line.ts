import type { ContinuationFlag } from './msrp-chunk';

/**
 * Byte-level helpers for finding an end-line (RFC 4975 §9: `end-line = "-------" transact-id
 * continuation-flag CRLF`, preceded by the CRLF that closes the data). The needle is `\r\n-------<tid>`;
 * a full end-line is the needle, a flag and CRLF.
 */

export const CR = 0x0d;
export const LF = 0x0a;
const DOLLAR = 0x24;
const PLUS = 0x2b;
const HASH = 0x23;

export function endLineNeedle(transactionId: string): Buffer {
  return Buffer.from(`\r\n-------${transactionId}`, 'latin1');
}

export function isFlag(byte: number | undefined): boolean {
  return byte === DOLLAR || byte === PLUS || byte === HASH;
}

export function toFlag(byte: number): ContinuationFlag {
  return byte === DOLLAR ? '$' : byte === PLUS ? '+' : '#';
}

/** The flag of a full end-line whose needle starts at `at` (needle already matched), or undefined. */
export function flagAfterNeedle(buffer: Buffer, at: number, needle: Buffer): ContinuationFlag | undefined {
  const f = at + needle.length;
  const byte = buffer[f];
  return isFlag(byte) && buffer[f + 1] === CR && buffer[f + 2] === LF ? toFlag(byte as number) : undefined;
}

/** Whether `buffer[start…]` (shorter than an end-line) is a prefix of needle + flag + CR. */
export function isEndLineCandidate(buffer: Buffer, start: number, needle: Buffer): boolean {
  const needleLength = needle.length;
  for (let k = 0; start + k < buffer.length; k++) {
    const byte = buffer[start + k];
    if (k < needleLength) {
      if (byte !== needle[k]) return false;
    } else if (k === needleLength) {
      if (!isFlag(byte)) return false;
    } else if (k === needleLength + 1) {
      if (byte !== CR) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** The first position ≥ from where an incomplete end-line may start, or buffer.length. */
export function endLineCandidateStart(buffer: Buffer, from: number, needle: Buffer): number {
  for (let j = from; j < buffer.length; j++) {
    if (buffer[j] === CR && isEndLineCandidate(buffer, j, needle)) return j;
  }
  return buffer.length;
}
