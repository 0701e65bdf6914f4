import { useEffect, useState, type KeyboardEvent } from 'react';
import type { ChatMessageView } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { useUiStore } from '../../stores/ui-store';
import { chatCommandError } from './chat-command-errors';
import { fullTime, partyName } from './chat-words';
import { moveSearchFocus, SEARCH_RESULT_ATTRIBUTE } from './search-focus';
import { searchSnippet } from './search-snippet';

const DEBOUNCE_MS = 200;

interface Found {
  readonly query: string;
  readonly messages: readonly ChatMessageView[];
  readonly error: string | null;
}

/** Messages of every conversation that contain the words typed, newest first; Enter on one opens it there. */
export function SearchResults() {
  const commands = useCommands();
  const query = useUiStore((state) => state.searchText.trim());
  const showConversation = useUiStore((state) => state.showConversation);
  const [found, setFound] = useState<Found | null>(null);

  useEffect(() => {
    if (query === '') return;
    let current = true;
    const timer = setTimeout(() => {
      void commands.invoke('history.search', query).then((result) => {
        if (!current) return;
        setFound(result.ok ? { query, messages: result.value, error: null } : { query, messages: [], error: chatCommandError('search', result.error) });
      });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [commands, query]);

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>): void {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    moveSearchFocus(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1);
  }

  const settled = found !== null && found.query === query;
  return (
    <section className="pane-section search-results" aria-labelledby="search-heading" data-testid="search-results">
      <h1 id="search-heading">Messages with “{query}”</h1>
      <p className="muted" role="status" data-testid="search-status">
        {!settled ? 'Searching…' : found.error ?? (found.messages.length === 0 ? 'No message contains these words.' : `${found.messages.length} found`)}
      </p>
      <ul className="search-result-list">
        {(settled ? found.messages : []).map((message) => (
          <li key={message.id}>
            <button
              type="button"
              className="search-result"
              {...{ [SEARCH_RESULT_ATTRIBUTE]: '' }}
              onKeyDown={onKeyDown}
              onClick={() => showConversation({ accountId: message.accountId, conversation: message.conversation, focusMessageId: message.id })}
              data-testid="search-result"
            >
              <span className="search-result-top">
                <strong>{message.direction === 'out' ? `You to ${partyName(message)}` : partyName(message)}</strong>
                <time dateTime={new Date(message.timestamp).toISOString()}>{fullTime(message.timestamp)}</time>
              </span>
              <span className="search-result-text" data-testid="search-result-text">
                {searchSnippet(message.text ?? '', query).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
