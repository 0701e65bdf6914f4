import type { Locator, Page } from '@playwright/test';

/** One conversation in the main pane: its messages (a virtualized list), typing indicator and composer. */
export class ConversationPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('conversation-pane');
  }

  get heading(): Locator {
    return this.root.getByRole('heading', { level: 1 });
  }

  get list(): Locator {
    return this.root.getByTestId('message-list');
  }

  get listStatus(): Locator {
    return this.root.getByTestId('message-list-status');
  }

  /** The message rows rendered now (the list renders only those in and near view). */
  get messages(): Locator {
    return this.list.getByTestId('message');
  }

  messagesFrom(direction: 'in' | 'out'): Locator {
    return this.list.locator(`[data-testid="message"][data-direction="${direction}"]`);
  }

  message(text: string | RegExp): Locator {
    return this.messages.filter({ hasText: text });
  }

  tick(text: string | RegExp): Locator {
    return this.message(text).getByTestId('delivery-tick');
  }

  links(text: string | RegExp): Locator {
    return this.message(text).getByTestId('message-link');
  }

  get daySeparators(): Locator {
    return this.list.getByTestId('day-separator');
  }

  get typing(): Locator {
    return this.root.getByTestId('typing-indicator');
  }

  get liveBadge(): Locator {
    return this.root.getByTestId('conversation-live');
  }

  get composer(): Locator {
    return this.root.getByTestId('conversation-input');
  }

  get error(): Locator {
    return this.root.getByTestId('conversation-error');
  }

  async type(text: string): Promise<void> {
    await this.composer.click();
    await this.page.keyboard.type(text);
  }

  /** Types the lines, Shift+Enter between them, and sends with Enter. */
  async send(...lines: string[]): Promise<void> {
    await this.composer.click();
    for (const [index, line] of lines.entries()) {
      if (index > 0) await this.page.keyboard.press('Shift+Enter');
      await this.page.keyboard.type(line);
    }
    await this.page.keyboard.press('Enter');
  }

  /** The button that appears over the list when messages arrived below where the user is reading. */
  get newMessagesButton(): Locator {
    return this.root.getByTestId('new-messages');
  }

  /** The newest message row (the list is oldest first). */
  get newestMessage(): Locator {
    return this.messages.last();
  }

  /** Scrolls the message list up by `pixels`, as a user turning the wheel to read back a little. */
  async scrollUpBy(pixels: number): Promise<void> {
    await this.list.hover();
    await this.page.mouse.wheel(0, -pixels);
  }

  /** How far the message list is scrolled from its top, in pixels. */
  scrollTop(): Promise<number> {
    return this.list.evaluate((element) => element.scrollTop);
  }

  /** Scrolls the message list to its top, as a user scrolling up to read older messages. */
  async scrollToTop(): Promise<void> {
    await this.list.evaluate((element) => {
      element.scrollTop = 0;
    });
  }
}
