import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './typed-emitter';

type Events = { changed: number; named: { name: string } };

describe('TypedEmitter', () => {
  it('delivers payloads to listeners of that name only', () => {
    const emitter = new TypedEmitter<Events>();
    const changed: number[] = [];
    const named: string[] = [];
    emitter.on('changed', (value) => changed.push(value));
    emitter.on('named', (value) => named.push(value.name));
    emitter.emit('changed', 1);
    emitter.emit('named', { name: 'x' });
    expect(changed).toEqual([1]);
    expect(named).toEqual(['x']);
  });

  it('disposing the registration, off and once remove listeners', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    const registration = emitter.on('changed', (value) => seen.push(`on${value}`));
    const listener = (value: number): void => void seen.push(`off${value}`);
    emitter.on('changed', listener);
    emitter.once('changed', (value) => seen.push(`once${value}`));
    emitter.emit('changed', 1);
    registration.dispose();
    emitter.off('changed', listener);
    emitter.emit('changed', 2);
    expect(seen).toEqual(['on1', 'off1', 'once1']);
    expect(emitter.listenerCount('changed')).toBe(0);
  });

  it('the same function registered twice is two registrations', () => {
    const emitter = new TypedEmitter<Events>();
    let calls = 0;
    const listener = (): void => void (calls += 1);
    emitter.on('changed', listener);
    emitter.on('changed', listener);
    emitter.emit('changed', 0);
    emitter.off('changed', listener);
    emitter.emit('changed', 0);
    expect(calls).toBe(3);
  });

  it('a listener removed during an emit is not called; one added is not called until the next emit', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    let second: { dispose(): void } | undefined;
    emitter.on('changed', () => {
      seen.push('first');
      second?.dispose();
      emitter.on('changed', () => seen.push('added'));
    });
    second = emitter.on('changed', () => seen.push('second'));
    emitter.emit('changed', 0);
    expect(seen).toEqual(['first']);
  });

  it('a throwing listener does not stop the others; the error goes to onListenerError or is rethrown', () => {
    const errors: string[] = [];
    const handled = new TypedEmitter<Events>({ onListenerError: (error, name) => errors.push(`${name}:${(error as Error).message}`) });
    let reached = false;
    handled.on('changed', () => {
      throw new Error('bad');
    });
    handled.on('changed', () => (reached = true));
    handled.emit('changed', 0);
    expect(reached).toBe(true);
    expect(errors).toEqual(['changed:bad']);

    const plain = new TypedEmitter<Events>();
    let plainReached = false;
    plain.on('changed', () => {
      throw new Error('bad');
    });
    plain.on('changed', () => (plainReached = true));
    expect(() => plain.emit('changed', 0)).toThrow('bad');
    expect(plainReached).toBe(true);
  });

  it('dispose drops all listeners and ignores later registrations', () => {
    const emitter = new TypedEmitter<Events>();
    let calls = 0;
    emitter.on('changed', () => (calls += 1));
    emitter.dispose();
    emitter.on('changed', () => (calls += 1));
    emitter.emit('changed', 0);
    expect(calls).toBe(0);
    expect(emitter.listenerCount('changed')).toBe(0);
  });
});
