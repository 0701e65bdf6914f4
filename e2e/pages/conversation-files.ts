import type { Locator, Page } from '@playwright/test';
import { recordTransferProgress, TransferItem } from './transfers-page';

/** A file for `dropFiles`: its name, type and bytes (base64, so it crosses into the page as text). */
export interface DroppedFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** The files part of an open conversation: its transfers, files on their way in, "Send files…", and the pane as a drop target. */
export class ConversationFiles {
  readonly pane: Locator;
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.pane = page.getByTestId('conversation-pane');
    this.root = page.getByTestId('conversation-files');
  }

  /** A transfer shown in the conversation, by file name. */
  transfer(name: string): TransferItem {
    return new TransferItem(this.root.getByTestId('transfer').filter({ has: this.page.getByTestId('transfer-name').getByText(name, { exact: true }) }));
  }

  get sendFilesButton(): Locator {
    return this.root.getByRole('button', { name: 'Send files…' });
  }

  get dropOverlay(): Locator {
    return this.pane.getByTestId('conversation-drop-overlay');
  }

  /**
   * Drags the files over the conversation and drops them, as a file manager does: the page gets a real
   * DataTransfer holding File objects (bytes and names, no paths, as in any browser window).
   */
  async dropFiles(files: readonly DroppedFile[], options: { readonly checkOverlay?: (overlay: Locator) => Promise<void> } = {}): Promise<void> {
    const encoded = files.map((file) => ({ name: file.name, type: file.type, base64: Buffer.from(file.bytes).toString('base64') }));
    const dataTransfer = await this.page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const file of list) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      return transfer;
    }, encoded);
    await this.pane.dispatchEvent('dragenter', { dataTransfer });
    await this.pane.dispatchEvent('dragover', { dataTransfer });
    if (options.checkOverlay !== undefined) await options.checkOverlay(this.dropOverlay);
    await this.pane.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }

  /** Chooses files in the system chooser behind "Send files…". */
  async pickFiles(paths: readonly string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.sendFilesButton.focus();
    await this.page.keyboard.press('Enter');
    await (await chooser).setFiles([...paths]);
  }

  /** Every value the named transfer's progress bar in the conversation shows from now on. */
  recordProgress(name: string): Promise<() => Promise<number[]>> {
    return recordTransferProgress(this.page, 'conversation-files', name);
  }
}
