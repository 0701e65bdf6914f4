import { useMemo } from 'react';
import { EntryDetail } from './entry-detail';
import { LADDER_COLUMNS, LADDER_COLUMN_NAMES, ladderGroups, ladderRows } from './ladder-model';
import { useConsoleStore } from './console-store';

/**
 * The sequence diagram of one dialog (a session, or a registration): columns local client, proxy, relay,
 * peer; rows in time order; each arrow a button that shows its raw message.
 */
export function LadderView() {
  const entries = useConsoleStore((state) => state.entries);
  const chosen = useConsoleStore((state) => state.ladderKey);
  const selectedId = useConsoleStore((state) => state.selectedId);
  const showLadder = useConsoleStore((state) => state.showLadder);
  const select = useConsoleStore((state) => state.select);
  const groups = useMemo(() => ladderGroups(entries), [entries]);
  const key = chosen ?? groups[0]?.key ?? null;
  const rows = useMemo(() => (key === null ? [] : ladderRows(entries, key)), [entries, key]);
  const selected = selectedId === null ? undefined : rows.find((row) => row.entry.id === selectedId)?.entry;
  if (groups.length === 0) return <p data-testid="ladder-empty">No SIP dialog traced yet.</p>;
  return (
    <div className="ladder">
      <label>
        Dialog{' '}
        <select value={key ?? ''} onChange={(event) => showLadder(event.target.value)} data-testid="ladder-dialog">
          {groups.map((group) => (
            <option key={group.key} value={group.key}>
              {group.title.slice(0, 60)} ({group.count}){group.sessionId === null ? '' : ` session ${group.sessionId.slice(0, 8)}`}
            </option>
          ))}
        </select>
      </label>
      <div className="ladder-grid" role="list" aria-label="Messages in time order" data-testid="ladder">
        <div className="ladder-head" aria-hidden="true">
          {LADDER_COLUMNS.map((column) => (
            <span key={column}>{LADDER_COLUMN_NAMES[column]}</span>
          ))}
        </div>
        {rows.map((row, index) => {
          const from = LADDER_COLUMNS.indexOf(row.from);
          const to = LADDER_COLUMNS.indexOf(row.to);
          const left = Math.min(from, to);
          return (
            <div role="listitem" key={row.entry.id} className="ladder-row">
              <button
                type="button"
                className={`ladder-arrow ${from < to ? 'rightward' : 'leftward'}`}
                style={{ gridColumn: `${left + 1} / ${Math.max(from, to) + 2}`, gridRow: index + 2 }}
                aria-pressed={row.entry.id === selectedId}
                aria-label={`${row.label}, ${LADDER_COLUMN_NAMES[row.from]} to ${LADDER_COLUMN_NAMES[row.to]}`}
                onClick={() => select(row.entry.id === selectedId ? null : row.entry.id)}
                data-testid="ladder-row"
                data-kind={row.entry.kind}
                data-from={row.from}
                data-to={row.to}
              >
                {row.label}
              </button>
            </div>
          );
        })}
      </div>
      {selected !== undefined ? <EntryDetail entry={selected} /> : null}
    </div>
  );
}
