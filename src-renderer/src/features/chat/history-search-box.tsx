import type { KeyboardEvent } from 'react';
import { useUiStore } from '../../stores/ui-store';
import { focusFirstSearchResult } from './search-focus';

/**
 * Searches every conversation's history: the results show in the main pane as the user types; Arrow Down or
 * Enter moves to them, Escape clears the search.
 */
export function HistorySearchBox() {
  const text = useUiStore((state) => state.searchText);
  const search = useUiStore((state) => state.search);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      focusFirstSearchResult();
    } else if (event.key === 'Escape' && text !== '') {
      event.preventDefault();
      search('');
    }
  }

  return (
    <div className="history-search" role="search">
      <label htmlFor="history-search-input" className="visually-hidden">
        Search messages
      </label>
      <input
        id="history-search-input"
        type="search"
        value={text}
        placeholder="Search messages"
        autoComplete="off"
        onChange={(event) => search(event.target.value)}
        onKeyDown={onKeyDown}
        data-testid="history-search"
      />
    </div>
  );
}
