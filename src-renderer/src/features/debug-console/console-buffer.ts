import type { ConsoleEntry } from '../../../../src-shared';

/** The renderer keeps at most this many entries, whatever main's ring holds. */
export const RENDERER_MAX_ENTRIES = 5000;

/** Appends a batch, dropping duplicates (a snapshot and a batch may overlap) and the oldest beyond `max`. */
export function appendEntries(current: readonly ConsoleEntry[], batch: readonly ConsoleEntry[], max = RENDERER_MAX_ENTRIES): readonly ConsoleEntry[] {
  if (batch.length === 0) return current;
  const lastId = current.length === 0 ? 0 : (current[current.length - 1] as ConsoleEntry).id;
  const fresh = batch.filter((entry) => entry.id > lastId);
  if (fresh.length === 0) return current;
  const merged = current.concat(fresh);
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}
