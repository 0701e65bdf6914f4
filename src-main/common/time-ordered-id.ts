import { randomBytes } from 'node:crypto';

const MAX_COUNTER = 0xffff;

let lastMillis = 0;
let counter = 0;

/**
 * A 32-hex-character id that sorts (as text) in the order this process made them: 12 hex digits of epoch
 * milliseconds, a 4-digit counter within the millisecond, then 64 random bits. Chat history orders messages
 * by time, then id; with random ids two messages stored in the same millisecond came out in random order.
 * The millisecond part never goes backwards (a clock set back, or more than 65,536 ids in one millisecond,
 * borrow the next millisecond), so neither does the order.
 */
export function createTimeOrderedId(now: number = Date.now()): string {
  if (now > lastMillis) {
    lastMillis = now;
    counter = 0;
  } else if (counter < MAX_COUNTER) {
    counter += 1;
  } else {
    lastMillis += 1;
    counter = 0;
  }
  return lastMillis.toString(16).padStart(12, '0') + counter.toString(16).padStart(4, '0') + randomBytes(8).toString('hex');
}
