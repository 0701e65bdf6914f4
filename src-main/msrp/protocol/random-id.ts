import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Random bytes are drawn in batches: one call per 64 KiB instead of one per id (ids are made per chunk).
const pool = Buffer.alloc(64 * 1024);
let poolPos = pool.length;

function nextByte(): number {
  if (poolPos >= pool.length) {
    randomFillSync(pool);
    poolPos = 0;
  }
  return pool[poolPos++] as number;
}

/**
 * `length` characters drawn uniformly from [A-Za-z0-9] (log2(62) ≈ 5.95 bits each) by rejection sampling,
 * so no character is more likely than another. Built in a byte buffer and decoded once: a flat string (not
 * a rope of one-character concatenations), because ids are hashed as Map keys on every transaction.
 */
export function randomAlphanumeric(length: number): string {
  const out = length <= scratch.length ? scratch : Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const byte = nextByte();
    if (byte < 248) out[filled++] = ALPHABET_CODES[byte % 62] as number;
  }
  return out.toString('latin1', 0, length);
}

const ALPHABET_CODES = Buffer.from(ALPHABET, 'latin1');
const scratch = Buffer.allocUnsafe(64);
