import type { ConsoleEntry } from '../../../../src-shared';

/** The ladder's columns, left to right. */
export const LADDER_COLUMNS = ['local', 'proxy', 'relay', 'peer'] as const;
export type LadderColumn = (typeof LADDER_COLUMNS)[number];

export const LADDER_COLUMN_NAMES: Record<LadderColumn, string> = { local: 'Local client', proxy: 'Proxy', relay: 'Relay', peer: 'Peer' };

export interface LadderRow {
  readonly entry: ConsoleEntry;
  readonly from: LadderColumn;
  readonly to: LadderColumn;
  /** `REGISTER`, `401 Unauthorized (REGISTER)`, `SEND`, `200 OK`. */
  readonly label: string;
}

/** One dialog's (or registration's) messages as they appear in the ladder. */
export interface LadderGroup {
  /** The Call-ID. */
  readonly key: string;
  readonly sessionId: string | null;
  /** The first request's summary (`REGISTER sip:…`, `INVITE sip:bob@…`). */
  readonly title: string;
  readonly count: number;
}

/** SIP and MSRP entries with a Call-ID, grouped by it, newest group first. */
export function ladderGroups(entries: readonly ConsoleEntry[]): LadderGroup[] {
  const groups = new Map<string, { sessionId: string | null; title: string; count: number; last: number }>();
  for (const entry of entries) {
    if ((entry.kind !== 'sip' && entry.kind !== 'msrp') || entry.callId === null) continue;
    const group = groups.get(entry.callId) ?? { sessionId: null, title: entry.summary, count: 0, last: 0 };
    group.sessionId ??= entry.sessionId;
    group.count += 1;
    group.last = Math.max(group.last, entry.id);
    groups.set(entry.callId, group);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].last - a[1].last)
    .map(([key, group]) => ({ key, sessionId: group.sessionId, title: group.title, count: group.count }));
}

/** The rows of one group in time order: each message an arrow between us and the hop it crossed. */
export function ladderRows(entries: readonly ConsoleEntry[], key: string): LadderRow[] {
  return entries
    .filter((entry) => (entry.kind === 'sip' || entry.kind === 'msrp') && entry.callId === key)
    .sort((a, b) => a.time - b.time || a.id - b.id)
    .map((entry) => {
      const hop: LadderColumn = entry.hop ?? (entry.kind === 'sip' ? 'proxy' : 'peer');
      const out = entry.direction === 'out';
      return { entry, from: out ? 'local' : hop, to: out ? hop : 'local', label: entry.summary };
    });
}
