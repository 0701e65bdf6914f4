import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RangeSet } from './range-set';

describe('RangeSet', () => {
  it('merges touching and overlapping intervals and counts new positions', () => {
    const set = new RangeSet();
    expect(set.add(10, 20)).toBe(10);
    expect(set.add(0, 5)).toBe(5);
    expect(set.add(5, 10)).toBe(5);
    expect(set.intervals()).toEqual([[0, 20]]);
    expect(set.add(15, 25)).toBe(5);
    expect(set.size).toBe(25);
    expect(set.covers(0, 25)).toBe(true);
    expect(set.covers(0, 26)).toBe(false);
    expect(set.contiguousEnd).toBe(25);
  });

  it('agrees with a naive bitmap for any sequence of adds', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(200), fc.nat(50)), { maxLength: 40 }), (adds) => {
        const set = new RangeSet();
        const bits = new Uint8Array(260);
        for (const [start, length] of adds) {
          let fresh = 0;
          for (let i = start; i < start + length; i++) if (!bits[i]) (bits[i] = 1), fresh++;
          expect(set.add(start, start + length)).toBe(fresh);
        }
        expect(set.size).toBe(bits.reduce((a, b) => a + b, 0));
        let contiguous = 0;
        while (bits[contiguous]) contiguous++;
        expect(set.contiguousEnd).toBe(contiguous);
      }),
    );
  });
});
