import type { Locator, Page } from '@playwright/test';

/** One transfer row, wherever it is shown (the sidebar's offers or the transfers page). */
export class TransferItem {
  constructor(readonly root: Locator) {}

  get name(): Locator {
    return this.root.getByTestId('transfer-name');
  }

  get size(): Locator {
    return this.root.getByTestId('transfer-size');
  }

  get type(): Locator {
    return this.root.getByTestId('transfer-type');
  }

  /** The state in words ("Sending", "Received", "Declined" …). */
  get state(): Locator {
    return this.root.getByTestId('transfer-state');
  }

  get progress(): Locator {
    return this.root.getByRole('progressbar');
  }

  get path(): Locator {
    return this.root.getByTestId('transfer-path');
  }

  get acceptButton(): Locator {
    return this.root.getByRole('button', { name: /^Accept / });
  }

  get declineButton(): Locator {
    return this.root.getByRole('button', { name: /^Decline / });
  }

  get cancelButton(): Locator {
    return this.root.getByRole('button', { name: /^Cancel / });
  }
}

/** The sidebar's transfers section and the transfers page with its "Send files" form. */
export class TransfersPage {
  readonly sidebar: Locator;
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.sidebar = page.getByTestId('sidebar-transfers');
    this.root = page.getByTestId('transfers-page');
  }

  get heading(): Locator {
    return this.root.getByRole('heading', { level: 1 });
  }

  /** The screen-reader announcement of the newest offer. */
  get offerAnnouncement(): Locator {
    return this.sidebar.getByTestId('transfer-offer-announcement');
  }

  /** An incoming offer in the sidebar, by file name. */
  offer(name: string): TransferItem {
    return new TransferItem(this.sidebar.getByTestId('transfer-offers').getByTestId('transfer').filter({ has: this.page.getByTestId('transfer-name').getByText(name, { exact: true }) }));
  }

  /** A transfer on the transfers page, by file name. */
  transfer(name: string): TransferItem {
    return new TransferItem(this.root.getByTestId('transfer').filter({ has: this.page.getByTestId('transfer-name').getByText(name, { exact: true }) }));
  }

  get sendStatus(): Locator {
    return this.root.getByTestId('transfer-send-status');
  }

  get sendProblems(): Locator {
    return this.root.getByTestId('transfer-send-problems');
  }

  async open(): Promise<void> {
    await this.sidebar.getByTestId('show-transfers').click();
  }

  /** Fills "To" and the path box (one path per line) and presses Send. */
  async sendByPath(to: string, ...paths: string[]): Promise<void> {
    await this.root.getByLabel('To', { exact: true }).fill(to);
    await this.root.getByTestId('transfer-paths').fill(paths.join('\n'));
    await this.root.getByTestId('send-files').click();
  }

  /** Presses a button with the keyboard: focus, then Enter. */
  async pressWithKeyboard(button: Locator): Promise<void> {
    await button.focus();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Records every value the progress bar of the named transfer shows from now on (a MutationObserver in
   * the page), so a test can see the intermediate values however briefly each was shown.
   */
  async recordProgress(name: string): Promise<() => Promise<number[]>> {
    return recordTransferProgress(this.page, 'transfers-page', name);
  }
}

/**
 * Records every value the progress bar of the named transfer inside the element with test id `scope` shows
 * while the data moves (states transferring and completed) from now on (a MutationObserver in the page), so a test sees the intermediate values however briefly each
 * was shown.
 */
export async function recordTransferProgress(page: Page, scope: string, name: string): Promise<() => Promise<number[]>> {
  const key = `__parleyProgress_${scope}_${name.replace(/\W/g, '_')}`;
  await page.evaluate(
    ({ key, name, scope }) => {
      const seen: number[] = [];
      const record = () => {
        for (const item of document.querySelectorAll(`[data-testid="${scope}"] [data-testid="transfer"]`)) {
          if (item.querySelector('[data-testid="transfer-name"]')?.textContent !== name) continue;
          // The data phase only: while preparing, the same bar shows the hashing (which starts over at 0 after).
          if (item.getAttribute('data-state') !== 'transferring' && item.getAttribute('data-state') !== 'completed') continue;
          const value = item.querySelector('[role="progressbar"], progress')?.getAttribute('aria-valuenow');
          if (value !== null && value !== undefined && seen[seen.length - 1] !== Number(value)) seen.push(Number(value));
        }
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'data-state'] });
      record();
      (window as unknown as Record<string, number[]>)[key] = seen;
    },
    { key, name, scope },
  );
  return () => page.evaluate((key) => [...((window as unknown as Record<string, number[]>)[key] ?? [])], key);
}
