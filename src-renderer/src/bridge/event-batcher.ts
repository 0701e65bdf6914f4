import type { EventEnvelope } from '../../../src-shared';

/**
 * Runs `flush` once, soon; returns a function that cancels it. `null` where events apply as they arrive (unit
 * tests under Node, which has no frames).
 */
export type FlushScheduler = (flush: () => void) => () => void;

/**
 * A hidden page gets no animation frames (a background tab, a minimized Electron window), yet its mirror must
 * move on: notifications are raised from it. A timer stands in then (browsers slow it to about once a second).
 */
const HIDDEN_PAGE_FLUSH_MS = 100;

/** Flushes at the next animation frame, before it is painted, or after the fallback delay, whichever comes first. */
export function frameFlushScheduler(fallbackMs = HIDDEN_PAGE_FLUSH_MS): FlushScheduler {
  return (flush) => {
    let done = false;
    const cancel = (): void => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
    const run = (): void => {
      if (done) return;
      cancel();
      flush();
    };
    const frame = requestAnimationFrame(run);
    const timer = setTimeout(run, fallbackMs);
    return cancel;
  };
}

/** In a page: once per frame. Elsewhere (Node): at once. */
export function defaultFlushScheduler(): FlushScheduler | null {
  return typeof requestAnimationFrame === 'function' ? frameFlushScheduler() : null;
}

/**
 * Coalesces sequenced events so the mirror is written once per frame rather than once per event: a burst of
 * 10,000 chat messages then costs one store write, one selector pass and one render per frame. Events keep
 * their order; `flush()` applies what is queued at once, for whoever must see the mirror up to date (a
 * snapshot about to be applied over it, a command answer about to be written next to it).
 */
export class EventBatcher {
  readonly #apply: (events: readonly EventEnvelope[]) => void;
  readonly #schedule: FlushScheduler | null;
  #queue: EventEnvelope[] = [];
  #cancel: (() => void) | null = null;

  constructor(apply: (events: readonly EventEnvelope[]) => void, schedule: FlushScheduler | null) {
    this.#apply = apply;
    this.#schedule = schedule;
  }

  add(events: readonly EventEnvelope[]): void {
    if (events.length === 0) return;
    if (this.#schedule === null) return this.#apply(events);
    for (const event of events) this.#queue.push(event);
    this.#cancel ??= this.#schedule(() => {
      this.#cancel = null;
      this.flush();
    });
  }

  flush(): void {
    this.#cancel?.();
    this.#cancel = null;
    const events = this.#queue;
    if (events.length === 0) return;
    this.#queue = [];
    this.#apply(events);
  }

  /** Drops what is queued: the bridge is going away. */
  dispose(): void {
    this.#cancel?.();
    this.#cancel = null;
    this.#queue = [];
  }
}
