import { useMemo } from 'react';
import type { ConsoleKind } from '../../../../src-shared';
import { filterEntries } from './console-filters';
import { useConsoleStore } from './console-store';
import { EntryDetail } from './entry-detail';

/** Rows drawn at most: the DOM stays small however many entries are buffered (filters find older ones). */
const MAX_ROWS = 500;

const ARROWS = { in: '←', out: '→', none: '·' } as const;

/** The tab's entries, newest last, each a button showing its raw text below when chosen. */
export function EntryTable({ kind }: { kind: ConsoleKind }) {
  const entries = useConsoleStore((state) => state.entries);
  const filters = useConsoleStore((state) => state.filters);
  const selectedId = useConsoleStore((state) => state.selectedId);
  const select = useConsoleStore((state) => state.select);
  const shown = useMemo(() => filterEntries(entries, kind, filters), [entries, kind, filters]);
  const rows = shown.length > MAX_ROWS ? shown.slice(shown.length - MAX_ROWS) : shown;
  const selected = selectedId === null ? undefined : entries.find((entry) => entry.id === selectedId);
  return (
    <div className="console-entries">
      <p className="console-count" data-testid="console-count">
        {shown.length} {shown.length === 1 ? 'entry' : 'entries'}
        {shown.length > rows.length ? ` (the newest ${rows.length} shown)` : ''}
      </p>
      <ol className="console-list" aria-label="Entries">
        {rows.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="console-row"
              aria-pressed={entry.id === selectedId}
              onClick={() => select(entry.id === selectedId ? null : entry.id)}
              data-testid="console-entry"
              data-kind={entry.kind}
              data-method={entry.method ?? ''}
              data-status={entry.status ?? ''}
              data-direction={entry.direction}
            >
              <time dateTime={new Date(entry.time).toISOString()}>{new Date(entry.time).toISOString().slice(11, 23)}</time>
              <span aria-label={entry.direction === 'out' ? 'sent' : entry.direction === 'in' ? 'received' : undefined}>{ARROWS[entry.direction]}</span>
              <span className="console-summary">{entry.summary}</span>
            </button>
          </li>
        ))}
      </ol>
      {selected !== undefined ? <EntryDetail entry={selected} /> : null}
    </div>
  );
}
