import type { Session as SipSession } from 'sip.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReinviteQueue, retryAfterMs, type ReinviteAttempt } from './reinvite-queue';

type Answer = { readonly code: number; readonly retryAfter?: string } | 'accept';

/** A dialog whose re-INVITEs meet `answers` in turn (then 200). */
function fakeDialog(answers: Answer[]): { sip: SipSession; sent: () => number } {
  let sent = 0;
  const sip = {
    invite: (options: { requestDelegate: { onAccept(): void; onReject(response: unknown): void } }) => {
      sent += 1;
      const answer = answers.shift() ?? 'accept';
      queueMicrotask(() => {
        if (answer === 'accept') options.requestDelegate.onAccept();
        else {
          options.requestDelegate.onReject({
            message: { statusCode: answer.code, reasonPhrase: 'Nope', getHeader: (name: string) => (name === 'Retry-After' ? answer.retryAfter : undefined) },
          });
        }
      });
      return Promise.resolve();
    },
  } as unknown as SipSession;
  return { sip, sent: () => sent };
}

function attempt(overrides: Partial<ReinviteAttempt> = {}): ReinviteAttempt {
  return { ownsCallId: true, stillWanted: () => true, planOffer: () => undefined, dropPlan: () => undefined, ...overrides };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ReinviteQueue', () => {
  it('retries after 491 with the RFC 3261 §14.1 delay, then settles', async () => {
    vi.useFakeTimers();
    const queue = new ReinviteQueue();
    const dialog = fakeDialog([{ code: 491 }]);
    const result = queue.send(dialog.sip, attempt());
    await vi.advanceTimersByTimeAsync(2_000);
    expect(dialog.sent()).toBe(1);
    await vi.advanceTimersByTimeAsync(2_100);
    await expect(result).resolves.toEqual({ ok: true });
    expect(dialog.sent()).toBe(2);
    queue.dispose();
  });

  it('retries a 500 only when it carries Retry-After', async () => {
    vi.useFakeTimers();
    const queue = new ReinviteQueue();
    const retried = fakeDialog([{ code: 500, retryAfter: '1' }]);
    const first = queue.send(retried.sip, attempt());
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(first).resolves.toEqual({ ok: true });
    expect(retried.sent()).toBe(2);
    const final = fakeDialog([{ code: 500 }]);
    await expect(queue.send(final.sip, attempt())).resolves.toMatchObject({ ok: false, code: 500 });
    expect(final.sent()).toBe(1);
    queue.dispose();
  });

  it('waits for the ACK of our 200 before sending, and gives up when the proposal no longer stands', async () => {
    const queue = new ReinviteQueue();
    const dialog = fakeDialog([]);
    queue.expectAck();
    let wanted = true;
    const result = queue.send(dialog.sip, attempt({ stillWanted: () => wanted }));
    await Promise.resolve();
    expect(dialog.sent()).toBe(0);
    wanted = false;
    queue.ackReceived();
    await expect(result).resolves.toEqual({ ok: false, code: 0, reason: 'the session ended' });
    expect(dialog.sent()).toBe(0);
    queue.dispose();
  });

  it('runs tasks one at a time, a failed one not blocking the next', async () => {
    const queue = new ReinviteQueue();
    const order: string[] = [];
    const first = queue.run(async () => {
      await Promise.resolve();
      order.push('first');
      throw new Error('boom');
    });
    const second = queue.run(async () => {
      order.push('second');
    });
    await expect(first).rejects.toThrow('boom');
    await second;
    expect(order).toEqual(['first', 'second']);
  });
});

describe('Retry-After (RFC 3261 §20.33)', () => {
  it('reads delta-seconds, capped at 10 s', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs(' 5 ;duration=10')).toBe(5_000);
    expect(retryAfterMs('120')).toBe(10_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
