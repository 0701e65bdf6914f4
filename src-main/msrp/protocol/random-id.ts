import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Random bytes are drawn in batches: one syscall per ~4 KiB instead of one per id (ids are made per chunk).
const pool = Buffer.alloc(4096);
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
 * so no character is more likely than another.
 */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = nextByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}
