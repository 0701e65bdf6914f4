import { useAppMirror } from '../../bridge/bridge-context';
import { useUiStore } from '../../stores/ui-store';
import { DebugConsole } from './debug-console';
import { useConsoleStore } from './console-store';

/**
 * The console's entry point in the layout: the button that opens the console (always offered in web mode,
 * where the console is the point; in the desktop app only in developer mode, switched in Settings).
 */
export function DebugConsoleDock() {
  const webMode = useAppMirror((state) => state.info?.adapter === 'web');
  const developerMode = useConsoleStore((state) => state.developerMode);
  const open = useConsoleStore((state) => state.open);
  const setOpen = useConsoleStore((state) => state.setOpen);
  const showSettings = useUiStore((state) => state.showSettings);
  const available = webMode || developerMode;
  if (!available) return null;
  return (
    <section className="console-dock" aria-label="Developer tools" data-testid="console-dock">
      <div className="console-dock-bar">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="debug-console-toggle">
          {open ? 'Close debug console' : 'Open debug console'}
        </button>
        {/* The developer-mode switch moved to Settings; this is the way there from the console. */}
        <button type="button" className="link" onClick={showSettings} data-testid="console-dock-settings">
          {developerMode ? 'Developer mode on (Settings)' : 'Developer mode (Settings)'}
        </button>
      </div>
      {open ? <DebugConsole /> : null}
    </section>
  );
}
