import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventThrottle } from './event-throttle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

interface Progress {
  id: string;
  bytes: number;
}

describe('EventThrottle', () => {
  it('sends the first value at once, then at most one per interval, always the latest', () => {
    const sent: number[] = [];
    const throttle = new EventThrottle<number>({ emit: (value) => sent.push(value), intervalMs: 100 });
    // 1000 updates over one second, one per millisecond.
    for (let index = 1; index <= 1000; index += 1) {
      throttle.push(index);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(200);
    expect(sent[0]).toBe(1);
    expect(sent.length).toBeGreaterThanOrEqual(10);
    expect(sent.length).toBeLessThanOrEqual(12);
    expect(sent[sent.length - 1]).toBe(1000);
    expect([...sent].sort((a, b) => a - b)).toEqual(sent);
    expect(throttle.pendingKeys).toBe(0);
  });

  it('throttles each key separately and flush sends what is pending now', () => {
    const sent: Progress[] = [];
    const throttle = new EventThrottle<Progress>({ emit: (value) => sent.push(value), key: (value) => value.id });
    throttle.push({ id: 'a', bytes: 1 });
    throttle.push({ id: 'b', bytes: 1 });
    throttle.push({ id: 'a', bytes: 2 });
    throttle.push({ id: 'a', bytes: 3 });
    expect(sent).toEqual([
      { id: 'a', bytes: 1 },
      { id: 'b', bytes: 1 },
    ]);
    throttle.flush('a');
    expect(sent.at(-1)).toEqual({ id: 'a', bytes: 3 });
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(3);
  });

  it('drop forgets a key; dispose clears every timer and sends nothing more', () => {
    const sent: number[] = [];
    const throttle = new EventThrottle<number>({ emit: (value) => sent.push(value) });
    throttle.push(1);
    throttle.push(2);
    throttle.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    throttle.push(3);
    expect(sent).toEqual([1]);

    const other = new EventThrottle<number>({ emit: (value) => sent.push(value) });
    other.push(10);
    other.push(11);
    other.drop('');
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1, 10]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
