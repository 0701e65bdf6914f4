import type { Locator, Page } from '@playwright/test';

/** The main layout's sidebar: each account with its registration status, the sessions, "New session". */
export class MainScreen {
  readonly sidebar: Locator;

  constructor(readonly page: Page) {
    this.sidebar = page.getByTestId('sidebar');
  }

  account(address: string): Locator {
    return this.sidebar.locator(`[data-testid="sidebar-account"][data-account-address="${address}"]`);
  }

  /** The status words of an account ("Registered", "Registration failed: 403 …"). */
  registrationStatus(address: string): Locator {
    return this.account(address).getByTestId('registration-badge');
  }

  /** What the status means or what to do about it (expiry, countdown, advice). */
  registrationAdvice(address: string): Locator {
    return this.account(address).getByTestId('registration-advice');
  }

  get sessionItems(): Locator {
    return this.sidebar.getByTestId('session-item');
  }

  sessionItem(peer: string): Locator {
    return this.sessionItems.filter({ hasText: peer });
  }

  async startNewSession(): Promise<void> {
    await this.sidebar.getByTestId('new-session').click();
  }

  async manageAccounts(): Promise<void> {
    await this.sidebar.getByTestId('manage-accounts').click();
  }
}
