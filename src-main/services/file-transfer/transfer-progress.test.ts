import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TransferProgress, type TransferProgressSnapshot } from './transfer-progress';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('TransferProgress', () => {
  it('emits at most ~10 snapshots per second however often bytes arrive', () => {
    const seen: TransferProgressSnapshot[] = [];
    const progress = new TransferProgress({ transferId: 't', total: 10_000_000, emit: (s) => seen.push(s), now: () => Date.now() });
    for (let ms = 0; ms < 1000; ms++) {
      progress.update(ms * 10_000);
      vi.advanceTimersByTime(1);
    }
    expect(seen.length).toBeGreaterThanOrEqual(9);
    expect(seen.length).toBeLessThanOrEqual(11);
    progress.finish();
    expect(seen.at(-1)?.bytes).toBe(999 * 10_000);
    progress.dispose();
  });

  it('computes speed over the sliding window and the ETA', () => {
    const seen: TransferProgressSnapshot[] = [];
    const progress = new TransferProgress({ transferId: 't', total: 100_000_000, emit: (s) => seen.push(s), windowMs: 2000, now: () => Date.now() });
    // 10 MB/s for 5 s, then 1 MB/s for 3 s: the window forgets the fast part.
    let bytes = 0;
    for (let t = 0; t < 5000; t += 100) {
      progress.update(bytes);
      bytes += 1_000_000;
      vi.advanceTimersByTime(100);
    }
    expect(progress.last?.bytesPerSecond).toBeCloseTo(10_000_000, -5);
    for (let t = 0; t < 3000; t += 100) {
      bytes += 100_000;
      vi.advanceTimersByTime(100);
      progress.update(bytes);
    }
    const last = progress.last as TransferProgressSnapshot;
    expect(last.bytesPerSecond).toBeGreaterThan(900_000);
    expect(last.bytesPerSecond).toBeLessThan(1_200_000);
    expect(last.etaSeconds).toBeCloseTo((100_000_000 - bytes) / last.bytesPerSecond, 3);
    progress.dispose();
  });

  it('has no ETA without a total or a speed, and 0 when done', () => {
    const seen: TransferProgressSnapshot[] = [];
    const unknown = new TransferProgress({ transferId: 'u', total: undefined, emit: (s) => seen.push(s) });
    unknown.update(5);
    expect(seen[0]).toMatchObject({ bytes: 5, total: undefined, bytesPerSecond: 0, etaSeconds: undefined });
    const done = new TransferProgress({ transferId: 'd', total: 5, emit: (s) => seen.push(s) });
    done.update(5);
    expect(seen[1]?.etaSeconds).toBe(0);
    unknown.dispose();
    done.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
