import type { Disposable } from '../../common';

export interface EventThrottleOptions<T> {
  /** Where values go out, at most once per interval per key. */
  readonly emit: (value: T) => void;
  /** Default 100 ms: about 10 updates per second, what the eye can follow in a progress bar. */
  readonly intervalMs?: number;
  /** Throttles each key separately (e.g. one stream per transfer id); one stream when absent. */
  readonly key?: (value: T) => string;
}

interface KeyState<T> {
  lastEmit: number;
  pending: { value: T } | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Rate-limits a high-rate stream (transfer progress) keeping the latest value: the first value of a quiet
 * period goes out at once, later ones within the interval are collapsed into the newest, sent at the end
 * of the interval. `flush(key)` sends a pending value now (use it before a final "done" event so the last
 * progress is not lost or reordered); `dispose()` drops pending values and clears every timer.
 */
export class EventThrottle<T> implements Disposable {
  readonly #emit: (value: T) => void;
  readonly #intervalMs: number;
  readonly #key: (value: T) => string;
  readonly #states = new Map<string, KeyState<T>>();
  #disposed = false;

  constructor(options: EventThrottleOptions<T>) {
    this.#emit = options.emit;
    this.#intervalMs = options.intervalMs ?? 100;
    this.#key = options.key ?? (() => '');
  }

  push(value: T): void {
    if (this.#disposed) return;
    const key = this.#key(value);
    let state = this.#states.get(key);
    const now = Date.now();
    if (state === undefined) {
      state = { lastEmit: -Infinity, pending: null, timer: null };
      this.#states.set(key, state);
    }
    if (state.timer === null && now - state.lastEmit >= this.#intervalMs) {
      state.lastEmit = now;
      this.#emit(value);
      // Keep the slot until the interval passes, so a burst right after is collapsed too.
      state.timer = setTimeout(() => this.#onTimer(key), this.#intervalMs);
      return;
    }
    state.pending = { value };
    state.timer ??= setTimeout(() => this.#onTimer(key), Math.max(0, this.#intervalMs - (now - state.lastEmit)));
  }

  /** Sends the pending value of `key` (or of every key) now. */
  flush(key?: string): void {
    const keys = key === undefined ? [...this.#states.keys()] : [key];
    for (const item of keys) {
      const state = this.#states.get(item);
      if (state === undefined) continue;
      if (state.timer !== null) clearTimeout(state.timer);
      this.#states.delete(item);
      if (state.pending !== null) this.#emit(state.pending.value);
    }
  }

  /** Forgets `key` without sending its pending value (e.g. the transfer was cancelled). */
  drop(key: string): void {
    const state = this.#states.get(key);
    if (state?.timer != null) clearTimeout(state.timer);
    this.#states.delete(key);
  }

  get pendingKeys(): number {
    return this.#states.size;
  }

  dispose(): void {
    this.#disposed = true;
    for (const state of this.#states.values()) if (state.timer !== null) clearTimeout(state.timer);
    this.#states.clear();
  }

  #onTimer(key: string): void {
    const state = this.#states.get(key);
    if (state === undefined) return;
    state.timer = null;
    if (state.pending === null) {
      // Quiet for a whole interval: forget the key so idle streams hold no memory.
      this.#states.delete(key);
      return;
    }
    const { value } = state.pending;
    state.pending = null;
    state.lastEmit = Date.now();
    state.timer = setTimeout(() => this.#onTimer(key), this.#intervalMs);
    this.#emit(value);
  }
}
