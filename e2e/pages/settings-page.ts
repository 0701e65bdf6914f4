import type { Locator, Page } from '@playwright/test';

/** The Settings page in the main pane, opened from the sidebar. */
export class SettingsPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('settings-page');
  }

  get sidebarEntry(): Locator {
    return this.page.getByTestId('sidebar').getByTestId('open-settings');
  }

  /** Opens Settings with the keyboard: the sidebar entry focused, then Enter. */
  async openWithKeyboard(): Promise<void> {
    await this.sidebarEntry.focus();
    await this.page.keyboard.press('Enter');
    await this.root.waitFor();
  }

  get logLevel(): Locator {
    return this.root.getByTestId('log-level');
  }

  get logLevelStatus(): Locator {
    return this.root.getByTestId('log-level-status');
  }

  async chooseLogLevel(level: 'trace' | 'debug' | 'info' | 'warn' | 'error'): Promise<void> {
    await this.logLevel.selectOption(level);
  }

  async showLogFiles(): Promise<void> {
    await this.root.getByTestId('show-log-files').click();
  }

  /** The logs folder's path, shown in web mode after "Show log files". */
  get logFilesPath(): Locator {
    return this.root.getByTestId('log-files-path');
  }

  get copyLogFilesPath(): Locator {
    return this.root.getByTestId('copy-log-files-path');
  }

  get logFilesStatus(): Locator {
    return this.root.getByTestId('log-files-status');
  }

  get developerMode(): Locator {
    return this.root.getByTestId('developer-mode');
  }

  get themeNote(): Locator {
    return this.root.getByTestId('theme-note');
  }

  /** The debug console under the main pane (shown while developer mode is on). */
  get debugConsole(): Locator {
    return this.page.getByTestId('debug-console');
  }
}
