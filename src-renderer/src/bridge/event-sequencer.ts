import type { AppSnapshot, EventEnvelope } from '../../../src-shared';

/**
 * What to do after a snapshot or an event: apply `events` in order, then, if `resync`, fetch a fresh
 * snapshot because some events were lost.
 */
export interface SequencerStep {
  readonly events: readonly EventEnvelope[];
  readonly resync: boolean;
}

const NOTHING: SequencerStep = { events: [], resync: false };

/**
 * The ordering rule of DESIGN.md "State flow", without I/O: events that arrive while a snapshot is being
 * fetched are buffered; after the snapshot, buffered and later events apply only if newer than what the
 * mirror holds, strictly one after another. A duplicate is dropped; a gap means events were lost, and the
 * sequencer asks for a fresh snapshot, buffering again until it arrives.
 */
export class EventSequencer {
  #syncing = true;
  #buffer: EventEnvelope[] = [];
  #lastSeq = 0;

  get syncing(): boolean {
    return this.#syncing;
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** A new snapshot is about to be requested: buffer from now on. Events already buffered are kept. */
  beginSync(): void {
    this.#syncing = true;
  }

  /** The snapshot arrived (and was applied): returns the buffered events newer than it. */
  completeSync(snapshot: AppSnapshot): SequencerStep {
    // The snapshot's seq wins even when lower: the core may have restarted and begun counting anew.
    this.#lastSeq = snapshot.seq;
    const buffered = this.#buffer.sort((a, b) => a.seq - b.seq);
    this.#buffer = [];
    this.#syncing = false;
    return this.#accept(buffered);
  }

  /** An event arrived from the adapter. */
  receive(event: EventEnvelope): SequencerStep {
    if (this.#syncing) {
      this.#buffer.push(event);
      return NOTHING;
    }
    return this.#accept([event]);
  }

  #accept(candidates: readonly EventEnvelope[]): SequencerStep {
    const events: EventEnvelope[] = [];
    for (const [index, event] of candidates.entries()) {
      if (event.seq <= this.#lastSeq) continue;
      if (event.seq !== this.#lastSeq + 1) {
        // Keep what revealed the gap and what follows: the next snapshot may be older than them.
        this.#syncing = true;
        this.#buffer = candidates.slice(index).filter((later) => later.seq > this.#lastSeq);
        return { events, resync: true };
      }
      events.push(event);
      this.#lastSeq = event.seq;
    }
    return { events, resync: false };
  }
}
