import type { Locator, Page } from '@playwright/test';

export interface OutboundProxyInput {
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
}

/** The add/edit account form, found by its accessible labels and field test ids. */
export class AccountFormPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('account-form');
  }

  field(path: string): Locator {
    return this.root.getByTestId(`field-${path}`);
  }

  /** The message slot beside a field (`address`, `outboundProxy.port` …). */
  error(path: string): Locator {
    return this.root.getByTestId(`error-${path}`);
  }

  get summary(): Locator {
    return this.root.getByTestId('form-summary');
  }

  get passwordSavedHint(): Locator {
    return this.root.getByTestId('password-saved-hint');
  }

  get address(): Locator {
    return this.root.getByLabel('SIP address');
  }

  get displayName(): Locator {
    return this.root.getByLabel('Display name');
  }

  get password(): Locator {
    return this.root.getByLabel('Password', { exact: true });
  }

  async openAdvanced(): Promise<void> {
    const details = this.root.locator('details.advanced');
    if ((await details.getAttribute('open')) === null) await this.root.getByTestId('advanced-toggle').click();
  }

  async setOutboundProxy(proxy: OutboundProxyInput): Promise<void> {
    await this.openAdvanced();
    await this.root.getByLabel('Send requests through an outbound proxy').check();
    await this.root.getByLabel('Proxy host').fill(proxy.host);
    await this.root.getByLabel('Proxy port').fill(String(proxy.port));
    await this.root.getByLabel('Proxy transport').selectOption(proxy.transport);
  }

  async fill(values: { address: string; displayName?: string; password?: string; outboundProxy?: OutboundProxyInput }): Promise<void> {
    await this.address.fill(values.address);
    if (values.displayName !== undefined) await this.displayName.fill(values.displayName);
    if (values.password !== undefined) await this.password.fill(values.password);
    if (values.outboundProxy !== undefined) await this.setOutboundProxy(values.outboundProxy);
  }

  async submit(): Promise<void> {
    await this.root.getByTestId('save-account').click();
  }

  /**
   * Fills address, display name and password and submits with the keyboard alone: focus starts in the
   * address box, Tab moves on, Enter submits.
   */
  async fillAndSubmitWithKeyboard(values: { address: string; displayName: string; password: string }): Promise<void> {
    const keyboard = this.page.keyboard;
    await keyboard.type(values.address);
    await keyboard.press('Tab');
    await keyboard.type(values.displayName);
    await keyboard.press('Tab');
    await keyboard.type(values.password);
    await keyboard.press('Enter');
  }

  async cancelWithEscape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}
