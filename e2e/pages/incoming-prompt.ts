import type { Locator, Page } from '@playwright/test';

/** The modal prompt for an incoming session. */
export class IncomingPrompt {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('incoming-prompt');
  }

  get title(): Locator {
    return this.root.getByRole('heading');
  }

  get caller(): Locator {
    return this.root.getByTestId('incoming-caller');
  }

  get offeredStreams(): Locator {
    return this.root.getByTestId('incoming-streams');
  }

  get acceptButton(): Locator {
    return this.root.getByTestId('accept-session');
  }

  /** The element that has focus, when it is inside the prompt (none otherwise). */
  get focusedInside(): Locator {
    return this.root.locator(':focus');
  }

  /** Answers with the prompt's one-key shortcuts: A accept, B busy, D decline. */
  async pressShortcut(answer: 'accept' | 'busy' | 'decline'): Promise<void> {
    await this.page.keyboard.press(answer === 'accept' ? 'a' : answer === 'busy' ? 'b' : 'd');
  }
}
