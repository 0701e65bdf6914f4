import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';

describe('formatDuration', () => {
  it('counts down in seconds, then minutes, then hours, never below zero', () => {
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration(11_001)).toBe('12 s');
    expect(formatDuration(-5_000)).toBe('0 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatDuration(300_000)).toBe('5 min');
    expect(formatDuration(2 * 3_600_000 + 600_000)).toBe('2 h 10 min');
    expect(formatDuration(3_600_000)).toBe('1 h');
  });
});
