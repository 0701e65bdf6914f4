import { useAppMirror } from '../../bridge/bridge-context';
import { useConsoleStore } from '../debug-console/console-store';

/** Developer mode opens the debug console (below the main pane) and keeps its button there; off closes it. */
export function DeveloperModeSetting() {
  const webMode = useAppMirror((state) => state.info?.adapter === 'web');
  const developerMode = useConsoleStore((state) => state.developerMode);
  const setDeveloperMode = useConsoleStore((state) => state.setDeveloperMode);
  return (
    <div className="field">
      <label className="checkbox-label">
        <input type="checkbox" checked={developerMode} onChange={(event) => setDeveloperMode(event.target.checked)} aria-describedby="developer-mode-hint" data-testid="developer-mode" />
        Developer mode
      </label>
      <p id="developer-mode-hint" className="field-hint">
        Shows the debug console: SIP and MSRP traces, events and logs, with passwords removed.
        {webMode ? ' In this browser window the console can also be opened at any time from the bar below.' : ''}
      </p>
    </div>
  );
}
