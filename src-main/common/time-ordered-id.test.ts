import { describe, expect, it } from 'vitest';
import { createTimeOrderedId } from './time-ordered-id';

describe('createTimeOrderedId', () => {
  it('makes 32 lowercase hex characters (a valid MSRP and IMDN Message-ID)', () => {
    expect(createTimeOrderedId()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sorts in creation order within one millisecond, across milliseconds, and when the clock goes back', () => {
    const base = Date.now() + 10_000;
    const ids = [
      ...Array.from({ length: 1000 }, () => createTimeOrderedId(base)),
      createTimeOrderedId(base + 1),
      // The clock set back: still after the ids before it.
      createTimeOrderedId(base - 5_000),
      createTimeOrderedId(base + 2),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('borrows the next millisecond after 65,536 ids in one', () => {
    const base = Date.now() + 20_000;
    const ids = Array.from({ length: 70_000 }, () => createTimeOrderedId(base));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.at(-1)?.slice(0, 12)).toBe((base + 1).toString(16).padStart(12, '0'));
  });
});
