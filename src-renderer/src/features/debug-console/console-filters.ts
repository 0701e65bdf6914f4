import type { ConsoleEntry, ConsoleKind } from '../../../../src-shared';

export interface ConsoleFilters {
  readonly accountId: string;
  /** A session id or a Call-ID; '' for all. */
  readonly session: string;
  readonly method: string;
  /** A status code or its first digit ("4" matches every 4xx); '' for all. */
  readonly status: string;
  readonly text: string;
}

export const NO_FILTERS: ConsoleFilters = { accountId: '', session: '', method: '', status: '', text: '' };

/** The entries of one tab that pass every filter that is set (text: case-insensitive, in summary and raw text). */
export function filterEntries(entries: readonly ConsoleEntry[], kind: ConsoleKind, filters: ConsoleFilters): ConsoleEntry[] {
  const text = filters.text.trim().toLowerCase();
  const method = filters.method.trim().toUpperCase();
  const status = filters.status.trim();
  return entries.filter((entry) => {
    if (entry.kind !== kind) return false;
    if (filters.accountId !== '' && entry.accountId !== filters.accountId) return false;
    if (filters.session !== '' && entry.sessionId !== filters.session && entry.callId !== filters.session) return false;
    if (method !== '' && (entry.method ?? '').toUpperCase() !== method) return false;
    if (status !== '' && (entry.status === null || !String(entry.status).startsWith(status))) return false;
    if (text !== '' && !entry.summary.toLowerCase().includes(text) && !entry.text.toLowerCase().includes(text)) return false;
    return true;
  });
}

/** The distinct values of a field, for the filter pickers (bounded work: the renderer's buffer is bounded). */
export function distinctValues(entries: readonly ConsoleEntry[], pick: (entry: ConsoleEntry) => string | null): string[] {
  const values = new Set<string>();
  for (const entry of entries) {
    const value = pick(entry);
    if (value !== null && value !== '') values.add(value);
  }
  return [...values].sort();
}
