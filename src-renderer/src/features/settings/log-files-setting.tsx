import { useRef, useState } from 'react';
import { useCommands } from '../../bridge/bridge-context';
import { settingsErrorWords } from './settings-words';

/**
 * "Show log files": the desktop app opens the OS file manager at parley.log (`logs.reveal` answers shown: true);
 * in web mode there is no file manager to open, so the folder's path is shown with a copy button.
 */
export function LogFilesSetting() {
  const commands = useCommands();
  const [dir, setDir] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState('');
  const pathRef = useRef<HTMLInputElement>(null);

  const reveal = async (): Promise<void> => {
    setProblem('');
    setMessage('');
    const result = await commands.invoke('logs.reveal');
    if (!result.ok) {
      setProblem(settingsErrorWords(result.error, 'reveal'));
      return;
    }
    if (result.value.shown) {
      setDir(null);
      setMessage('The logs folder is open in your file manager.');
    } else {
      setDir(result.value.dir);
    }
  };

  const copy = async (): Promise<void> => {
    if (dir === null) return;
    try {
      await navigator.clipboard.writeText(dir);
      setMessage('Path copied.');
    } catch {
      // No clipboard access (an insecure origin, a denied permission): select it for Ctrl+C instead.
      pathRef.current?.select();
      setMessage('Copying is not allowed here: the path is selected, press Ctrl+C to copy it.');
    }
  };

  return (
    <div className="field settings-log-files">
      <div className="settings-row">
        <button type="button" onClick={() => void reveal()} data-testid="show-log-files">
          Show log files
        </button>
      </div>
      {dir !== null ? (
        <div className="settings-row">
          <label className="settings-path-label" htmlFor="log-files-path">
            Logs folder
          </label>
          <input id="log-files-path" ref={pathRef} className="settings-path" readOnly value={dir} spellCheck={false} onFocus={(event) => event.target.select()} data-testid="log-files-path" />
          <button type="button" onClick={() => void copy()} data-testid="copy-log-files-path">
            Copy
          </button>
        </div>
      ) : null}
      <p className={problem === '' ? 'field-hint' : 'field-error'} aria-live="polite" data-testid="log-files-status">
        {problem !== '' ? problem : message}
      </p>
    </div>
  );
}
