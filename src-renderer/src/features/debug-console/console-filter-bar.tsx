import { useMemo } from 'react';
import { distinctValues, type ConsoleFilters } from './console-filters';
import { useConsoleStore } from './console-store';

/** Account, session, method, status and free text; each applies when set. */
export function ConsoleFilterBar() {
  const entries = useConsoleStore((state) => state.entries);
  const filters = useConsoleStore((state) => state.filters);
  const setFilter = useConsoleStore((state) => state.setFilter);
  const accounts = useMemo(() => distinctValues(entries, (entry) => entry.accountId), [entries]);
  const sessions = useMemo(() => distinctValues(entries, (entry) => entry.sessionId ?? entry.callId), [entries]);
  const field = (key: keyof ConsoleFilters, label: string, placeholder: string) => (
    <label>
      {label}{' '}
      <input type="search" value={filters[key]} placeholder={placeholder} onChange={(event) => setFilter(key, event.target.value)} data-testid={`console-filter-${key}`} />
    </label>
  );
  return (
    <div className="console-filters" role="group" aria-label="Filters">
      <label>
        Account{' '}
        <select value={filters.accountId} onChange={(event) => setFilter('accountId', event.target.value)} data-testid="console-filter-account">
          <option value="">All</option>
          {accounts.map((id) => (
            <option key={id} value={id}>
              {id.slice(0, 8)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Session{' '}
        <select value={filters.session} onChange={(event) => setFilter('session', event.target.value)} data-testid="console-filter-session">
          <option value="">All</option>
          {sessions.map((id) => (
            <option key={id} value={id}>
              {id.slice(0, 12)}
            </option>
          ))}
        </select>
      </label>
      {field('method', 'Method', 'INVITE')}
      {field('status', 'Status', '4 or 401')}
      {field('text', 'Text', 'search')}
    </div>
  );
}
