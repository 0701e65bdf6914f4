import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from './disposable';

describe('disposables', () => {
  it('toDisposable releases once', () => {
    let calls = 0;
    const disposable = toDisposable(() => (calls += 1));
    disposable.dispose();
    disposable.dispose();
    expect(calls).toBe(1);
  });

  it('a store releases newest first, once, and releases late additions at once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.addFunction(() => order.push('first'));
    store.add(toDisposable(() => order.push('second')));
    store.dispose();
    store.dispose();
    expect(order).toEqual(['second', 'first']);
    expect(store.isDisposed).toBe(true);
    store.addFunction(() => order.push('late'));
    expect(order).toEqual(['second', 'first', 'late']);
  });

  it('one failing release does not stop the others, and the failure surfaces', () => {
    const released: string[] = [];
    const store = new DisposableStore();
    store.addFunction(() => released.push('a'));
    store.addFunction(() => {
      throw new Error('broken');
    });
    store.addFunction(() => released.push('c'));
    expect(() => store.dispose()).toThrow('broken');
    expect(released).toEqual(['c', 'a']);
  });
});
