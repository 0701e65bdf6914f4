import { afterEach, describe, expect, it, vi } from 'vitest';
import { MsrpTimeoutError } from '../errors';
import { MsrpChunk } from '../protocol/msrp-chunk';
import { PendingTransactions, TRANSACTION_TICK_MS } from './pending-transactions';
import { RecentIds } from './recent-ids';

afterEach(() => vi.useRealTimers());

function outcome(promise: Promise<MsrpChunk>): { value: string } {
  const state = { value: 'pending' };
  promise.then(
    (response) => (state.value = `response ${response.code}`),
    (error: unknown) => (state.value = error instanceof MsrpTimeoutError ? 'timeout' : 'error'),
  );
  return state;
}

describe('PendingTransactions (RFC 4975 §7.1.1 response timeouts on one timer wheel)', () => {
  it('times a transaction out after its timeout, never before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = new PendingTransactions();
    const late = outcome(pending.expect('tx000001', 1_000));
    const answered = outcome(pending.expect('tx000002', 1_000));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(late.value).toBe('pending');
    expect(pending.resolve(new MsrpChunk({ transactionId: 'tx000003', code: 200 }))).toBe(false);
    expect(pending.resolve(new MsrpChunk({ transactionId: 'tx000002', code: 200 }))).toBe(true);
    await vi.advanceTimersByTimeAsync(TRANSACTION_TICK_MS * 2);
    expect(late.value).toBe('timeout');
    expect(answered.value).toBe('response 200');
    expect(pending.finished('tx000001')).toBe(true);
    expect(pending.size).toBe(0);
  });

  it('holds the clock of a streamed request until its end-line, then gives it the full timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = new PendingTransactions();
    const streamed = outcome(pending.expect('s1', 1_000));
    pending.hold('s1');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(streamed.value).toBe('pending');
    pending.arm('s1');
    await vi.advanceTimersByTimeAsync(900);
    expect(streamed.value).toBe('pending');
    await vi.advanceTimersByTimeAsync(400);
    expect(streamed.value).toBe('timeout');
  });

  it('stops ticking when nothing is pending', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = new PendingTransactions();
    const state = outcome(pending.expect('t1', 30_000));
    expect(vi.getTimerCount()).toBe(1);
    pending.reject('t1', new Error('gone'));
    await vi.advanceTimersByTimeAsync(0);
    expect(state.value).toBe('error');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('RecentIds', () => {
  it('remembers the last ids added, forgetting the oldest', () => {
    const recent = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) recent.add(id);
    expect(recent.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((id) => recent.has(id))).toBe(true);
    recent.add('d');
    expect(recent.size).toBe(3);
  });
});
