import { CONSOLE_TRACE_LEVELS, type ConsoleTraceLevel } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { filterEntries } from './console-filters';
import { useConsoleStore } from './console-store';

const LEVEL_NAMES: Record<ConsoleTraceLevel, string> = { off: 'Off', headers: 'Headers only', full: 'Full' };

/** Level of the shown trace, pause, clear, refresh from main's ring, copy what is shown, export to a file. */
export function ConsoleToolbar() {
  const commands = useCommands();
  const tab = useConsoleStore((state) => state.tab);
  const levels = useConsoleStore((state) => state.levels);
  const paused = useConsoleStore((state) => state.paused);
  const held = useConsoleStore((state) => state.held.length);
  const { setLevel, setPaused, clearEntries, replaceEntries, setNotice } = useConsoleStore.getState();

  const clear = async (): Promise<void> => {
    const result = await commands.invoke('console.clear');
    if (result.ok) clearEntries();
    else setNotice(`Clearing failed: ${result.error.message}`);
  };
  const refresh = async (): Promise<void> => {
    const result = await commands.invoke('console.snapshot');
    if (result.ok) {
      replaceEntries(result.value.entries);
      setNotice('');
    }
  };
  const copy = async (): Promise<void> => {
    const state = useConsoleStore.getState();
    const kind = state.tab === 'ladder' ? 'sip' : state.tab;
    const selected = state.entries.find((entry) => entry.id === state.selectedId);
    const shown = selected === undefined ? filterEntries(state.entries, kind, state.filters) : [selected];
    try {
      await navigator.clipboard.writeText(shown.map((entry) => entry.text).join('\n\n'));
      setNotice(`Copied ${shown.length} ${shown.length === 1 ? 'entry' : 'entries'}.`);
    } catch {
      setNotice('The clipboard is not available here; use Export instead.');
    }
  };
  const exportFile = async (): Promise<void> => {
    const result = await commands.invoke('console.export');
    if (!result.ok) {
      setNotice(`Export failed: ${result.error.message}`);
      return;
    }
    const url = URL.createObjectURL(new Blob([result.value.text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = result.value.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="console-toolbar" role="toolbar" aria-label="Console actions">
      {tab !== 'ladder' ? (
        <label>
          Level{' '}
          <select value={levels[tab]} onChange={(event) => setLevel(tab, event.target.value as ConsoleTraceLevel)} data-testid="console-level">
            {CONSOLE_TRACE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {LEVEL_NAMES[level]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)} data-testid="console-pause">
        {paused ? `Resume${held > 0 ? ` (${held} new)` : ''}` : 'Pause'}
      </button>
      <button type="button" onClick={() => void clear()} data-testid="console-clear">
        Clear
      </button>
      <button type="button" onClick={() => void refresh()} data-testid="console-refresh">
        Refresh
      </button>
      <button type="button" onClick={() => void copy()} data-testid="console-copy">
        Copy
      </button>
      <button type="button" onClick={() => void exportFile()} data-testid="console-export">
        Export…
      </button>
    </div>
  );
}
