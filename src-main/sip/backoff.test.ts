import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay (RFC 5626 §4.5)', () => {
  const options = { initialDelayMs: 100, maxDelayMs: 1_000 };
  it('doubles per failure up to the cap, randomised between 50% and 100%', () => {
    expect([0, 1, 2, 3, 4, 10].map((failures) => backoffDelay(failures, options, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(2, options, () => 0)).toBe(200);
  });
});
