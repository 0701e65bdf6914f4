import type { Locator, Page } from '@playwright/test';
import { AccountFormPage, type AccountInput } from './account-form';

/** The renderer's accounts area: first-run screen, account list, and the form. */
export class AccountsPage {
  readonly form: AccountFormPage;

  constructor(readonly page: Page) {
    this.form = new AccountFormPage(page);
  }

  /** Opens the page and waits until the mirror holds the core's first snapshot. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByTestId('loading').waitFor({ state: 'detached' });
  }

  get firstRun(): Locator {
    return this.page.getByTestId('first-run');
  }

  get list(): Locator {
    return this.page.getByTestId('accounts-list');
  }

  get rows(): Locator {
    return this.list.getByTestId('account-row');
  }

  row(address: string): Locator {
    return this.list.locator(`[data-testid="account-row"][data-account-address="${address}"]`);
  }

  lanRow(): Locator {
    return this.list.locator('[data-testid="account-row"][data-account-kind="lan"]');
  }

  registrationBadge(address: string): Locator {
    return this.row(address).getByTestId('registration-badge');
  }

  /**
   * Everything the page shows or holds as text: the serialized DOM plus the live values of form controls
   * (typed values are properties, not attributes, so the HTML alone would miss them).
   */
  async everythingOnPage(): Promise<string> {
    const html = await this.page.content();
    const values = await this.page.locator('input, textarea, select').evaluateAll((controls) =>
      controls.map((control) => (control as HTMLInputElement).value),
    );
    return [html, ...values].join('\n');
  }

  async useLanOnly(): Promise<void> {
    await this.page.getByRole('button', { name: 'Use LAN only' }).click();
  }

  /** Adds an account through the form (open on the welcome screen, or opened here) and waits for its row. */
  async add(values: AccountInput): Promise<void> {
    if ((await this.form.root.count()) === 0) await this.startAdding();
    await this.form.fill(values);
    await this.form.submit();
    await this.row(values.address).waitFor();
  }

  /** Opens the account's form, replaces the password, saves. */
  async changePassword(address: string, password: string): Promise<void> {
    await this.edit(address);
    await this.form.password.fill(password);
    await this.form.submit();
    await this.form.root.waitFor({ state: 'detached' });
  }

  async startAdding(): Promise<void> {
    await this.page.getByTestId('add-account').click();
  }

  async edit(address: string): Promise<void> {
    await this.row(address).getByTestId('edit-account').click();
  }

  get deleteDialog(): Locator {
    return this.page.getByTestId('delete-dialog');
  }

  /** Opens the delete confirmation for an account, without confirming. */
  async askDelete(address: string): Promise<void> {
    await this.row(address).getByTestId('delete-account').click();
  }

  async confirmDelete(): Promise<void> {
    await this.deleteDialog.getByTestId('confirm-delete').click();
  }

  async renameLan(name: string): Promise<void> {
    await this.lanRow().getByTestId('rename-lan').click();
    const form = this.lanRow().getByTestId('lan-name-form');
    await form.getByLabel('Name shown on the local network').fill(name);
    await form.getByRole('button', { name: 'Save name' }).click();
  }
}
