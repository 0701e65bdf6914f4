import { join } from 'node:path';
import { SettingsPage } from '../pages/settings-page';
import { expect, test } from '../fixtures/parley-test';

/** Settings in web mode, against the headless host `--offline` on a throwaway profile. */
test('the log level chosen in Settings is applied by main and still chosen after a reload', async ({ page, host, accounts }) => {
  const settings = new SettingsPage(page);
  await accounts.open(host.url);
  await accounts.useLanOnly();
  await settings.openWithKeyboard();
  await expect(settings.root.getByRole('heading', { name: 'Settings', level: 1 })).toBeFocused();
  await expect(settings.themeNote).toContainText('follows your system');
  await expect(settings.logLevel).toHaveValue('info');

  await settings.chooseLogLevel('debug');
  await expect(settings.logLevelStatus).toContainText('Log level set to Debug');

  await page.reload();
  await page.getByTestId('loading').waitFor({ state: 'detached' });
  await accounts.useLanOnly();
  await settings.openWithKeyboard();
  await expect(settings.logLevel).toHaveValue('debug');
});

test('"Show log files" shows the logs folder in web mode, with a copy button', async ({ page, host, accounts }) => {
  const settings = new SettingsPage(page);
  await accounts.open(host.url);
  await accounts.useLanOnly();
  await settings.openWithKeyboard();
  await settings.showLogFiles();
  await expect(settings.logFilesPath).toHaveValue(join(host.profileDir, 'logs'));
  await expect(settings.copyLogFilesPath).toBeVisible();
  await settings.copyLogFilesPath.click();
  // Copied, or (no clipboard permission in this browser) selected for Ctrl+C: either way the user is told.
  await expect(settings.logFilesStatus).toHaveText(/Path copied|press Ctrl\+C/);
});

test('developer mode shows the debug console and hides it again', async ({ page, host, accounts }) => {
  const settings = new SettingsPage(page);
  await accounts.open(host.url);
  await accounts.useLanOnly();
  await settings.openWithKeyboard();
  await expect(settings.developerMode).not.toBeChecked();
  await expect(settings.debugConsole).toBeHidden();

  await settings.developerMode.check();
  await expect(settings.debugConsole).toBeVisible();
  await settings.developerMode.uncheck();
  await expect(settings.debugConsole).toBeHidden();
});
