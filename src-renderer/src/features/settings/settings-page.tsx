import { useEffect, useRef } from 'react';
import { DeveloperModeSetting } from './developer-mode-setting';
import { LogFilesSetting } from './log-files-setting';
import { LogLevelSetting } from './log-level-setting';
import { NotificationsSetting } from './notifications-setting';
import './settings.css';

/** Settings: notifications, logs, developer mode, and a word on the theme (it follows the system). */
export function SettingsPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from the sidebar: keyboard and screen reader users land on the page's heading.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="pane-section settings-page" aria-labelledby="settings-heading" data-testid="settings-page">
      <h1 id="settings-heading" ref={heading} tabIndex={-1}>
        Settings
      </h1>
      <section aria-labelledby="settings-notifications-heading">
        <h2 id="settings-notifications-heading">Notifications</h2>
        <NotificationsSetting />
      </section>
      <section aria-labelledby="settings-appearance-heading">
        <h2 id="settings-appearance-heading">Appearance</h2>
        <p className="field-hint" data-testid="theme-note">
          Parley follows your system’s light or dark appearance: change it there and Parley changes with it.
        </p>
      </section>
      <section aria-labelledby="settings-logs-heading">
        <h2 id="settings-logs-heading">Logs</h2>
        <LogLevelSetting />
        <LogFilesSetting />
      </section>
      <section aria-labelledby="settings-developer-heading">
        <h2 id="settings-developer-heading">Developer</h2>
        <DeveloperModeSetting />
      </section>
    </section>
  );
}
