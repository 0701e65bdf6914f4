import type { EventEnvelope, EventName, Events } from '../../../src-shared';
import type { Logger } from '../../common';

/**
 * Stamps every event with the next sequence number (one counter across all event names) and hands it to
 * every subscriber in order. The renderer subscribes, takes a snapshot carrying `seq`, then applies only
 * events with a greater seq. A throwing subscriber is logged and does not stop the others.
 */
export class EventBroadcaster {
  readonly #logger: Logger;
  readonly #listeners = new Set<(event: EventEnvelope) => void>();
  #seq = 0;
  #disposed = false;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** The seq of the latest event sent (0 before the first). */
  get seq(): number {
    return this.#seq;
  }

  emit<N extends EventName>(name: N, payload: Events[N]): void {
    if (this.#disposed) return;
    this.#seq += 1;
    const event = Object.freeze({ seq: this.#seq, name, payload }) as EventEnvelope;
    for (const listener of [...this.#listeners]) {
      if (!this.#listeners.has(listener)) continue;
      try {
        listener(event);
      } catch (error) {
        this.#logger.error('An event subscriber failed', { event: name, seq: event.seq, error });
      }
    }
  }

  subscribe(listener: (event: EventEnvelope) => void): () => void {
    if (this.#disposed) return () => undefined;
    // Wrapped so subscribing the same function twice gives two independent subscriptions.
    const entry = (event: EventEnvelope): void => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
  }
}
