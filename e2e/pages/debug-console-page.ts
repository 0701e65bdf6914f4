import type { Download, Locator, Page } from '@playwright/test';

export type ConsoleTabName = 'sip' | 'msrp' | 'notification' | 'log' | 'ladder';

/** The developer-mode debug console under the main layout: tabs, entries, ladder, export. */
export class DebugConsolePage {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('debug-console');
  }

  get toggle(): Locator {
    return this.page.getByTestId('debug-console-toggle');
  }

  async open(): Promise<void> {
    await this.toggle.click();
    await this.root.waitFor();
  }

  async showTab(tab: ConsoleTabName): Promise<void> {
    await this.root.getByTestId(`console-tab-${tab}`).click();
  }

  get entries(): Locator {
    return this.root.getByTestId('console-entry');
  }

  /** Entries of the shown tab by method and/or status and direction. */
  entry(match: { method?: string; status?: number; direction?: 'in' | 'out' }): Locator {
    let selector = '[data-testid="console-entry"]';
    if (match.method !== undefined) selector += `[data-method="${match.method}"]`;
    if (match.status !== undefined) selector += `[data-status="${match.status}"]`;
    if (match.direction !== undefined) selector += `[data-direction="${match.direction}"]`;
    return this.root.locator(selector);
  }

  get entryText(): Locator {
    return this.root.getByTestId('console-entry-text');
  }

  async filterText(text: string): Promise<void> {
    await this.root.getByTestId('console-filter-text').fill(text);
  }

  /** Picks the ladder's dialog whose title contains `text` (e.g. `INVITE`). */
  async chooseDialog(text: string): Promise<void> {
    const select = this.root.getByTestId('ladder-dialog');
    const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
    await select.selectOption(value ?? '');
  }

  get ladderRows(): Locator {
    return this.root.getByTestId('ladder-row');
  }

  /** Clicks Export and returns the downloaded file's text. */
  async exportText(): Promise<{ fileName: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.root.getByTestId('console-export').click()]);
    return { fileName: download.suggestedFilename(), text: await readDownload(download) };
  }
}

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
