import { describe, expect, it } from 'vitest';
import { ByteRanges } from './byte-ranges';
import { fileRangeFromOffset, offsetFromFileRange } from './resume-offset';

describe('ByteRanges', () => {
  it('merges overlapping and touching ranges in any order', () => {
    const ranges = new ByteRanges();
    ranges.add(10, 20);
    ranges.add(30, 40);
    expect(ranges.count).toBe(2);
    expect(ranges.contiguousPrefix).toBe(0);
    ranges.add(0, 10);
    expect(ranges.contiguousPrefix).toBe(20);
    ranges.add(15, 35);
    expect(ranges.count).toBe(1);
    expect(ranges.coversPrefix(40)).toBe(true);
    expect(ranges.coversPrefix(41)).toBe(false);
    expect(new ByteRanges().coversPrefix(0)).toBe(true);
  });
});

describe('RFC 5547 §8 file-range ↔ offsets', () => {
  it('converts between 1-based inclusive ranges and 0-based offsets', () => {
    expect(fileRangeFromOffset(0, 100)).toEqual({ start: 1, stop: 100 });
    expect(fileRangeFromOffset(40, 100)).toEqual({ start: 41, stop: 100 });
    expect(fileRangeFromOffset(40, undefined)).toEqual({ start: 41, stop: '*' });
    expect(offsetFromFileRange({ start: 41, stop: 100 }, 100)).toBe(40);
    expect(offsetFromFileRange(undefined, 100)).toBe(0);
    expect(offsetFromFileRange({ start: 500, stop: '*' }, 100)).toBe(0);
  });
});
