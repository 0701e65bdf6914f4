import type { Locator, Page } from '@playwright/test';

/** One session in the main pane: its state, streams, chat and End. */
export class SessionPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('session-pane');
  }

  get heading(): Locator {
    return this.root.getByRole('heading', { level: 1 });
  }

  /** The state in words ("Calling…", "Established", "Ended by you" …). */
  get state(): Locator {
    return this.root.getByTestId('session-state');
  }

  /** The phase behind the words, for checks that must not depend on the exact text. */
  get status(): Locator {
    return this.root.getByTestId('session-status');
  }

  get detail(): Locator {
    return this.root.getByTestId('session-detail');
  }

  get error(): Locator {
    return this.root.getByTestId('session-error');
  }

  get streams(): Locator {
    return this.root.getByTestId('stream-row');
  }

  streamStates(): Locator {
    return this.streams.getByTestId('stream-state');
  }

  get chatLines(): Locator {
    return this.root.getByTestId('chat-line');
  }

  chatLine(direction: 'incoming' | 'outgoing'): Locator {
    return this.root.locator(`[data-testid="chat-line"][data-direction="${direction}"]`);
  }

  get composer(): Locator {
    return this.root.getByTestId('chat-input');
  }

  get endButton(): Locator {
    return this.root.getByTestId('end-session');
  }

  /** Types the lines into the composer, Shift+Enter between them, and sends with Enter. */
  async sendLines(...lines: string[]): Promise<void> {
    await this.composer.click();
    for (const [index, line] of lines.entries()) {
      if (index > 0) await this.page.keyboard.press('Shift+Enter');
      await this.page.keyboard.type(line);
    }
    await this.page.keyboard.press('Enter');
  }

  async addChatStream(): Promise<void> {
    await this.root.getByTestId('add-chat-stream').click();
  }

  /** Removes the stream at this 1-based position in the list. */
  async removeStream(position: number): Promise<void> {
    await this.streams.nth(position - 1).getByTestId('remove-stream').click();
  }

  async end(): Promise<void> {
    await this.endButton.click();
  }
}
