import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../src-shared';
import { createLogger, createMemorySink } from '../../common';
import { EventBroadcaster } from './event-broadcaster';

const state = { accounts: [], defaultAccountId: null };

describe('EventBroadcaster', () => {
  it('numbers events 1, 2, 3 … across names and delivers them in order to every subscriber', () => {
    const broadcaster = new EventBroadcaster(createLogger({ level: 'silent' }));
    const first: EventEnvelope[] = [];
    const second: number[] = [];
    broadcaster.subscribe((event) => first.push(event));
    const unsubscribe = broadcaster.subscribe((event) => second.push(event.seq));
    expect(broadcaster.seq).toBe(0);
    broadcaster.emit('accounts.changed', state);
    broadcaster.emit('app.storageProblem', { file: 'accounts', message: 'm' });
    unsubscribe();
    broadcaster.emit('accounts.changed', state);
    expect(first.map((event) => [event.seq, event.name])).toEqual([
      [1, 'accounts.changed'],
      [2, 'app.storageProblem'],
      [3, 'accounts.changed'],
    ]);
    expect(second).toEqual([1, 2]);
    expect(broadcaster.seq).toBe(3);
  });

  it('a throwing subscriber is logged and the others still get the event', () => {
    const memory = createMemorySink();
    const broadcaster = new EventBroadcaster(createLogger({ level: 'error', sinks: [memory.sink] }));
    const seen: number[] = [];
    broadcaster.subscribe(() => {
      throw new Error('window gone');
    });
    broadcaster.subscribe((event) => seen.push(event.seq));
    expect(() => broadcaster.emit('accounts.changed', state)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(memory.records()).toHaveLength(1);
  });

  it('after dispose nothing is delivered and subscriptions are no-ops', () => {
    const broadcaster = new EventBroadcaster(createLogger({ level: 'silent' }));
    const seen: number[] = [];
    broadcaster.subscribe((event) => seen.push(event.seq));
    broadcaster.dispose();
    broadcaster.subscribe((event) => seen.push(event.seq));
    broadcaster.emit('accounts.changed', state);
    expect(seen).toEqual([]);
    expect(broadcaster.subscriberCount).toBe(0);
  });
});
