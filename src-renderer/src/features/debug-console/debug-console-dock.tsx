import { useAppMirror } from '../../bridge/bridge-context';
import { DebugConsole } from './debug-console';
import { useConsoleStore } from './console-store';

/**
 * The console's entry point in the layout: a developer-mode switch, and the button that opens the console
 * (always offered in web mode, where the console is the point; in the desktop app only in developer mode).
 */
export function DebugConsoleDock() {
  const webMode = useAppMirror((state) => state.info?.adapter === 'web');
  const developerMode = useConsoleStore((state) => state.developerMode);
  const open = useConsoleStore((state) => state.open);
  const setDeveloperMode = useConsoleStore((state) => state.setDeveloperMode);
  const setOpen = useConsoleStore((state) => state.setOpen);
  const available = webMode || developerMode;
  return (
    <section className="console-dock" aria-label="Developer tools" data-testid="console-dock">
      <div className="console-dock-bar">
        <label className="console-dock-toggle">
          <input type="checkbox" checked={developerMode} onChange={(event) => setDeveloperMode(event.target.checked)} data-testid="developer-mode" />
          Developer mode
        </label>
        {available ? (
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="debug-console-toggle">
            {open ? 'Close debug console' : 'Open debug console'}
          </button>
        ) : null}
      </div>
      {available && open ? <DebugConsole /> : null}
    </section>
  );
}
