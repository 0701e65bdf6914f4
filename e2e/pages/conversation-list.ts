import type { Locator, Page } from '@playwright/test';

/** The sidebar's conversations and the history search box above them. */
export class ConversationList {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('sidebar');
  }

  get items(): Locator {
    return this.root.getByTestId('conversation-item');
  }

  /** The conversation with this party (`bob@parley.test` or `sip:bob@parley.test`). */
  item(address: string): Locator {
    const key = address.startsWith('sip:') ? address : `sip:${address}`;
    return this.root.locator(`[data-testid="conversation-item"][data-conversation="${key}"]`);
  }

  unreadBadge(address: string): Locator {
    return this.item(address).getByTestId('unread-badge');
  }

  preview(address: string): Locator {
    return this.item(address).getByTestId('conversation-preview');
  }

  liveDot(address: string): Locator {
    return this.item(address).getByTestId('conversation-live-dot');
  }

  async open(address: string): Promise<void> {
    await this.item(address).click();
  }

  get searchBox(): Locator {
    return this.root.getByRole('searchbox', { name: 'Search messages' });
  }

  /** Types into the search box; the results show in the main pane. */
  async search(text: string): Promise<void> {
    await this.searchBox.fill(text);
  }
}
