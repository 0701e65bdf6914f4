import type { Locator, Page } from '@playwright/test';

/** The history search results in the main pane. */
export class SearchResultsPage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('search-results');
  }

  get status(): Locator {
    return this.root.getByTestId('search-status');
  }

  get results(): Locator {
    return this.root.getByTestId('search-result');
  }

  get matches(): Locator {
    return this.root.locator('mark');
  }

  /** Moves from the search box to the first result with Arrow Down and opens it with Enter, as a keyboard user would. */
  async openFirstWithKeyboard(): Promise<void> {
    await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
  }
}
