import { useEffect, useState } from 'react';
import { useAppMirror, useCommands } from '../../bridge/bridge-context';
import { settingsErrorWords } from './settings-words';

/**
 * Desktop app: chat notifications from the system (main shows them while the window is not focused), on or
 * off with `app.setNotifications`. Web mode: the browser's own notifications, allowed with "Notify me".
 */
export function NotificationsSetting() {
  const commands = useCommands();
  const desktop = useAppMirror((state) => state.info?.adapter === 'electron');
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    if (!desktop) return;
    let current = true;
    void commands.invoke('app.getPreferences').then((result) => {
      if (!current) return;
      if (result.ok) setEnabled(result.value.notifications);
      else setProblem(settingsErrorWords(result.error, 'load'));
    });
    return () => {
      current = false;
    };
  }, [commands, desktop]);

  if (!desktop) {
    return (
      <p className="field-hint" data-testid="notifications-web-hint">
        In this browser window, new messages are announced by the browser once you allow it with “Notify me” in the sidebar.
      </p>
    );
  }

  const change = async (next: boolean): Promise<void> => {
    setSaving(true);
    setProblem('');
    const result = await commands.invoke('app.setNotifications', next);
    setSaving(false);
    if (result.ok) setEnabled(result.value.notifications);
    else setProblem(settingsErrorWords(result.error, 'save'));
  };

  return (
    <div className="field">
      <label className="checkbox-label">
        <input
          type="checkbox"
          checked={enabled ?? false}
          disabled={enabled === null || saving}
          onChange={(event) => void change(event.target.checked)}
          aria-describedby="notifications-hint"
          data-testid="notifications-enabled"
        />
        Notify me of new messages
      </label>
      <p id="notifications-hint" className={problem === '' ? 'field-hint' : 'field-error'} aria-live="polite">
        {problem !== '' ? problem : 'A system notification for each new message while Parley’s window is not in front; click it to open the conversation.'}
      </p>
    </div>
  );
}
