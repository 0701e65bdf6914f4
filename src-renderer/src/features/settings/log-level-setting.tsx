import { useEffect, useId, useState } from 'react';
import { LOG_LEVEL_NAMES, type LogLevelName } from '../../../../src-shared';
import { useCommands } from '../../bridge/bridge-context';
import { LOG_LEVEL_WORDS, settingsErrorWords } from './settings-words';

function isLogLevel(value: string): value is LogLevelName {
  return (LOG_LEVEL_NAMES as readonly string[]).includes(value);
}

/** The log level of main's loggers: read with `logs.getSettings`, changed with `logs.setLevel` (main remembers it). */
export function LogLevelSetting() {
  const commands = useCommands();
  const id = useId();
  const [level, setLevel] = useState<LogLevelName | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState('');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let current = true;
    void commands.invoke('logs.getSettings').then((result) => {
      if (!current) return;
      if (result.ok) setLevel(result.value.level);
      else setProblem(settingsErrorWords(result.error, 'load'));
    });
    return () => {
      current = false;
    };
  }, [commands]);

  const choose = async (value: string): Promise<void> => {
    if (!isLogLevel(value)) return;
    setSaving(true);
    setSaved(false);
    setProblem('');
    const result = await commands.invoke('logs.setLevel', value);
    setSaving(false);
    // The select shows what main applied, not what was asked for.
    if (result.ok) {
      setLevel(result.value.level);
      setSaved(true);
    } else {
      setProblem(settingsErrorWords(result.error, 'save'));
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>Log level</label>
      <select
        id={id}
        value={level ?? ''}
        disabled={level === null || saving}
        onChange={(event) => void choose(event.target.value)}
        aria-describedby={`${id}-hint ${id}-status`}
        data-testid="log-level"
      >
        {level === null ? <option value="">Loading…</option> : null}
        {LOG_LEVEL_NAMES.map((name) => (
          <option key={name} value={name}>
            {LOG_LEVEL_WORDS[name]}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field-hint">
        How much Parley writes to its log files. Applies at once and is remembered for the next start.
      </p>
      <p id={`${id}-status`} className={problem === '' ? 'field-hint' : 'field-error'} aria-live="polite" data-testid="log-level-status">
        {problem !== '' ? problem : saved && level !== null ? `Log level set to ${LOG_LEVEL_WORDS[level]}.` : ''}
      </p>
    </div>
  );
}
