import { describe, expect, it } from 'vitest';
import { rowAt, rowOffsets, visibleRange } from './virtual-range';

describe('virtual range', () => {
  const offsets = rowOffsets(new Array<number>(1000).fill(20));

  it('sums heights into offsets', () => {
    expect(rowOffsets([10, 30, 5])).toEqual([0, 10, 40, 45]);
    expect(rowOffsets([])).toEqual([0]);
  });

  it('finds the row containing a position', () => {
    const mixed = rowOffsets([10, 30, 5]);
    expect(rowAt(mixed, 0)).toBe(0);
    expect(rowAt(mixed, 9.9)).toBe(0);
    expect(rowAt(mixed, 10)).toBe(1);
    expect(rowAt(mixed, 44)).toBe(2);
    expect(rowAt(mixed, 1_000)).toBe(2);
    expect(rowAt([0], 5)).toBe(0);
  });

  it('renders only the rows in view plus the overscan', () => {
    // 200 px of viewport at 20 px a row is 10 rows; 100 px of overscan adds 5 on each side.
    expect(visibleRange(offsets, 10_000, 200, 100)).toEqual({ start: 495, end: 515 });
    expect(visibleRange(offsets, 0, 200, 100)).toEqual({ start: 0, end: 20 });
  });

  it('clamps a scroll position past the end to the last screenful', () => {
    expect(visibleRange(offsets, Number.POSITIVE_INFINITY, 200, 0)).toEqual({ start: 990, end: 1000 });
  });

  it('renders nothing for an empty list and everything for a short one', () => {
    expect(visibleRange([0], 0, 500, 100)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(rowOffsets([20, 20, 20]), 0, 500, 100)).toEqual({ start: 0, end: 3 });
  });
});
