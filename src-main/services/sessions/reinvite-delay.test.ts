import { describe, expect, it } from 'vitest';
import { requestPendingRetryDelay } from './reinvite-delay';

describe('491 retry delay (RFC 3261 §14.1)', () => {
  it('stays within 2.1-4 s for the Call-ID owner and 0-2 s for the other side, in 10 ms units', () => {
    for (let index = 0; index < 500; index += 1) {
      const owner = requestPendingRetryDelay(true);
      const other = requestPendingRetryDelay(false);
      expect(owner).toBeGreaterThanOrEqual(2100);
      expect(owner).toBeLessThanOrEqual(4000);
      expect(other).toBeGreaterThanOrEqual(0);
      expect(other).toBeLessThanOrEqual(2000);
      expect(owner % 10).toBe(0);
      expect(other % 10).toBe(0);
    }
  });

  it('reaches both ends of each range', () => {
    expect(requestPendingRetryDelay(true, (min) => min)).toBe(2100);
    expect(requestPendingRetryDelay(true, (_, max) => max - 1)).toBe(4000);
    expect(requestPendingRetryDelay(false, (_, max) => max - 1)).toBe(2000);
  });
});
