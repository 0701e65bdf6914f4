import type { ConsoleEntriesEvent } from '../../../../src-shared';

type FeedListener = (event: ConsoleEntriesEvent) => void;

const listeners = new Set<FeedListener>();

/**
 * Where the bridge hands `console.entries` batches. They are not mirrored state (the ring lives in main and
 * `console.snapshot` reads it): only an open console listens, and with none the batches are dropped here.
 */
export function publishConsoleEntries(event: ConsoleEntriesEvent): void {
  for (const listener of [...listeners]) listener(event);
}

export function subscribeConsoleEntries(listener: FeedListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
