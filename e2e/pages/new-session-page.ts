import type { Locator, Page } from '@playwright/test';

/** The "New session" form in the main pane. */
export class NewSessionPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('new-session-form');
  }

  get account(): Locator {
    return this.root.getByLabel('From account');
  }

  get address(): Locator {
    return this.root.getByLabel('To', { exact: true });
  }

  get addressError(): Locator {
    return this.root.getByTestId('error-target');
  }

  get error(): Locator {
    return this.root.getByTestId('new-session-error');
  }

  stream(label: string): Locator {
    return this.root.getByRole('checkbox', { name: label });
  }

  /** Chooses the account by its address (when given), types the address and presses Enter, as a keyboard user would. */
  async startWithEnter(values: { to: string; fromAddress?: string }): Promise<void> {
    if (values.fromAddress !== undefined) {
      const option = this.account.locator('option', { hasText: `(${values.fromAddress})` });
      await this.account.selectOption((await option.getAttribute('value')) ?? '');
    }
    await this.address.fill(values.to);
    await this.address.press('Enter');
  }
}
