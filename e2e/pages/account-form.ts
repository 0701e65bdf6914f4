import type { Locator, Page } from '@playwright/test';

export interface OutboundProxyInput {
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
}

/** An MSRP relay named by hand (RFC 4976), reached with the given transport. */
export interface MsrpRelayInput {
  readonly host: string;
  readonly port: number;
  readonly transport: 'tcp' | 'tls';
}

export interface MsrpInput {
  /** Absent: the relay is found automatically. */
  readonly relay?: MsrpRelayInput;
  readonly transport: 'tcp' | 'tls';
  readonly connectionModel: 'relay' | 'direct';
}

export interface AccountInput {
  readonly address: string;
  readonly displayName?: string;
  readonly password?: string;
  readonly outboundProxy?: OutboundProxyInput;
  readonly msrp?: MsrpInput;
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

  async setMsrp(msrp: MsrpInput): Promise<void> {
    await this.openAdvanced();
    if (msrp.relay === undefined) {
      await this.root.getByLabel('MSRP relay', { exact: true }).selectOption('auto');
    } else {
      await this.root.getByLabel('MSRP relay', { exact: true }).selectOption('manual');
      await this.root.getByLabel('Relay host').fill(msrp.relay.host);
      await this.root.getByLabel('Relay port').fill(String(msrp.relay.port));
      await this.root.getByLabel('Relay transport').selectOption(msrp.relay.transport);
    }
    await this.root.getByLabel('MSRP transport').selectOption(msrp.transport);
    await this.root.getByLabel('Connection model').selectOption(msrp.connectionModel);
  }

  async fill(values: AccountInput): Promise<void> {
    await this.address.fill(values.address);
    if (values.displayName !== undefined) await this.displayName.fill(values.displayName);
    if (values.password !== undefined) await this.password.fill(values.password);
    if (values.outboundProxy !== undefined) await this.setOutboundProxy(values.outboundProxy);
    if (values.msrp !== undefined) await this.setMsrp(values.msrp);
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
