import { type KeyboardEvent } from 'react';
import { ConsoleFilterBar } from './console-filter-bar';
import { ConsoleToolbar } from './console-toolbar';
import { useConsoleStore, type ConsoleTab } from './console-store';
import { EntryTable } from './entry-table';
import { LadderView } from './ladder-view';
import { useConsoleConnection } from './use-console-connection';

const TABS: readonly { readonly tab: ConsoleTab; readonly label: string }[] = [
  { tab: 'sip', label: 'SIP trace' },
  { tab: 'msrp', label: 'MSRP trace' },
  { tab: 'notification', label: 'Notifications' },
  { tab: 'log', label: 'Logs' },
  { tab: 'ladder', label: 'Ladder' },
];

/** The open console: tabs (arrow keys move between them, as in any tab list), toolbar, filters, the tab's view. */
export function DebugConsole() {
  useConsoleConnection();
  const tab = useConsoleStore((state) => state.tab);
  const setTab = useConsoleStore((state) => state.setTab);
  const notice = useConsoleStore((state) => state.notice);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = TABS.findIndex((item) => item.tab === tab);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (next === undefined) return;
    setTab(next.tab);
    event.currentTarget.querySelector<HTMLButtonElement>(`[data-tab="${next.tab}"]`)?.focus();
  };

  return (
    <div className="debug-console" data-testid="debug-console">
      <div role="tablist" aria-label="Traces" className="console-tabs" onKeyDown={onKeyDown}>
        {TABS.map((item) => (
          <button
            key={item.tab}
            type="button"
            role="tab"
            id={`console-tab-${item.tab}`}
            aria-selected={tab === item.tab}
            aria-controls="console-panel"
            tabIndex={tab === item.tab ? 0 : -1}
            data-tab={item.tab}
            data-testid={`console-tab-${item.tab}`}
            onClick={() => setTab(item.tab)}
          >
            {item.label}
          </button>
        ))}
      </div>
      <ConsoleToolbar />
      <p className="console-notice" role="status" data-testid="console-notice">
        {notice}
      </p>
      <div role="tabpanel" id="console-panel" aria-labelledby={`console-tab-${tab}`} className="console-panel">
        {tab === 'ladder' ? <LadderView /> : (
          <>
            <ConsoleFilterBar />
            <EntryTable kind={tab} />
          </>
        )}
      </div>
    </div>
  );
}
