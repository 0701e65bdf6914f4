import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ComposingIndicator, type RemoteComposing } from './composing-indicator';
import type { IsComposing } from './is-composing';

describe('ComposingIndicator (RFC 3994 §3.2, §3.3)', () => {
  let indicator: ComposingIndicator;
  let sent: IsComposing[];
  let remote: RemoteComposing[];

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
    indicator = new ComposingIndicator();
    sent = [];
    remote = [];
    indicator.on('send', (m) => sent.push(m));
    indicator.on('remote', (r) => remote.push(r));
  });

  afterEach(() => {
    indicator.dispose();
    vi.useRealTimers();
  });

  it('sends active on the first keystroke only, and idle 15 s after the last one', () => {
    indicator.composing();
    expect(sent).toEqual([{ state: 'active', contentType: 'text/plain', refreshSeconds: 120 }]);
    vi.advanceTimersByTime(10_000);
    indicator.composing();
    vi.advanceTimersByTime(14_000);
    expect(indicator.localState).toBe('active');
    expect(sent).toHaveLength(1);
    const lastKeystroke = Date.now() - 14_000;
    vi.advanceTimersByTime(1_000);
    expect(indicator.localState).toBe('idle');
    expect(sent[1]).toEqual({ state: 'idle', lastActive: expect.objectContaining({ epochMs: lastKeystroke }), contentType: 'text/plain' });
  });

  it('refreshes active before the advertised 120 s run out while the user keeps typing', () => {
    indicator.composing();
    for (let t = 0; t < 250_000; t += 5_000) {
      vi.advanceTimersByTime(5_000);
      indicator.composing();
    }
    const actives = sent.filter((m) => m.state === 'active');
    // At 0 s, 110 s and 220 s: each within the 120 s the previous one promised.
    expect(actives).toHaveLength(3);
    expect(sent.every((m) => m.state === 'active')).toBe(true);
  });

  it('goes idle without an idle message when the message is sent, and with one when the input is cleared', () => {
    indicator.composing();
    indicator.messageSent();
    expect(indicator.localState).toBe('idle');
    vi.advanceTimersByTime(200_000);
    expect(sent.map((m) => m.state)).toEqual(['active']);
    indicator.composing();
    indicator.cleared();
    expect(sent.map((m) => m.state)).toEqual(['active', 'active', 'idle']);
    indicator.cleared();
    expect(sent).toHaveLength(3);
  });

  it('holds a received active for its refresh interval, or 120 s without one', () => {
    indicator.received({ state: 'active', refreshSeconds: 60, contentType: 'text/plain' });
    expect(indicator.remote).toEqual({ state: 'active', contentType: 'text/plain' });
    vi.advanceTimersByTime(59_999);
    expect(indicator.remote.state).toBe('active');
    vi.advanceTimersByTime(1);
    expect(indicator.remote.state).toBe('idle');

    indicator.received({ state: 'active' });
    vi.advanceTimersByTime(119_999);
    expect(indicator.remote.state).toBe('active');
    vi.advanceTimersByTime(1);
    expect(remote.map((r) => r.state)).toEqual(['active', 'idle', 'active', 'idle']);
  });

  it('a refresh restarts the remote timer; idle and an arriving message end the active state', () => {
    indicator.received({ state: 'active', refreshSeconds: 60 });
    vi.advanceTimersByTime(50_000);
    indicator.received({ state: 'active', refreshSeconds: 60 });
    vi.advanceTimersByTime(50_000);
    expect(indicator.remote.state).toBe('active');
    expect(remote).toHaveLength(1);
    indicator.received({ state: 'idle', lastActive: { epochMs: 5, offsetMinutes: 0 } });
    expect(indicator.remote).toEqual({ state: 'idle', lastActive: 5 });
    indicator.received({ state: 'active' });
    indicator.messageReceived();
    expect(indicator.remote.state).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('dispose clears every timer and ignores later calls', () => {
    indicator.composing();
    indicator.received({ state: 'active' });
    expect(vi.getTimerCount()).toBe(3);
    indicator.dispose();
    expect(vi.getTimerCount()).toBe(0);
    indicator.composing();
    indicator.received({ state: 'active' });
    vi.advanceTimersByTime(300_000);
    expect(vi.getTimerCount()).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('uses injected clock and timers', () => {
    let now = 1_000;
    const pending = new Map<number, { at: number; fn: () => void }>();
    let nextId = 1;
    const own = new ComposingIndicator({
      idleTimeoutMs: 5_000,
      now: () => now,
      timers: {
        setTimeout: (fn, ms) => {
          pending.set(nextId, { at: now + ms, fn });
          return nextId++;
        },
        clearTimeout: (id) => pending.delete(id as number),
      },
    });
    const out: IsComposing[] = [];
    own.on('send', (m) => out.push(m));
    own.composing();
    now += 5_000;
    for (const [id, t] of [...pending]) if (t.at <= now) (pending.delete(id), t.fn());
    expect(out.map((m) => m.state)).toEqual(['active', 'idle']);
    own.dispose();
    expect(pending.size).toBe(0);
  });
});
