import type { Locator, Page } from '@playwright/test';

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

/** A point of the remote screen as fractions of its width and height (0…1), so scaling does not matter. */
export interface ScreenPoint {
  readonly fx: number;
  readonly fy: number;
}

/**
 * Desktop sharing in the UI: the desktop option of the new-session form, the actions of a session, the
 * in-app viewer (noVNC's canvas, its controls and state), and the "sharing your screen" indicator.
 */
export class DesktopPage {
  readonly viewer: Locator;
  readonly indicator: Locator;
  readonly request: Locator;

  constructor(readonly page: Page) {
    this.viewer = page.getByTestId('desktop-viewer');
    this.indicator = page.getByTestId('sharing-indicator');
    this.request = page.getByTestId('sharing-request');
  }

  /** In the new-session form: desktop sharing only (no chat), with this role. */
  async chooseInNewSession(role: 'Request to view their screen' | 'Share my screen'): Promise<void> {
    const form = this.page.getByTestId('new-session-form');
    await form.getByRole('checkbox', { name: 'Chat' }).uncheck();
    await form.getByRole('checkbox', { name: 'Desktop sharing' }).check();
    await form.getByLabel('Whose screen').selectOption({ label: role });
  }

  /** The viewer's connection state in words ("Connecting to Bob’s screen…", "Viewing Bob’s screen" …). */
  get status(): Locator {
    return this.viewer.getByTestId('desktop-viewer-status');
  }

  /** noVNC's canvas: with "Scale to window" its box is exactly the scaled remote screen. */
  get canvas(): Locator {
    return this.viewer.getByTestId('desktop-viewer-screen').locator('canvas').first();
  }

  /** Where the remote screen sits; focused, it sends the keys to the remote computer. */
  get screen(): Locator {
    return this.viewer.getByTestId('desktop-viewer-screen');
  }

  control(name: 'Scale to window' | 'Full screen' | 'View only' | 'Send Ctrl+Alt+Del' | 'Stop viewing'): Locator {
    return this.viewer.getByRole('button', { name });
  }

  async stopViewing(): Promise<void> {
    await this.control('Stop viewing').click();
  }

  async stopSharing(): Promise<void> {
    await this.indicator.getByRole('button', { name: 'Stop sharing' }).click();
  }

  /**
   * The colours a user sees at these points: a screenshot of the canvas region (what the page painted,
   * after scaling), decoded by the browser's own PNG decoder.
   */
  async coloursAt(points: readonly ScreenPoint[]): Promise<Rgb[]> {
    const png = await this.canvas.screenshot({ animations: 'disabled', caret: 'hide' });
    return this.page.evaluate(
      async ({ base64, points: wanted }) => {
        const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        if (context === null) throw new Error('no 2d context');
        context.drawImage(bitmap, 0, 0);
        const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
        return wanted.map(({ fx, fy }) => {
          const x = Math.min(bitmap.width - 1, Math.floor(fx * bitmap.width));
          const y = Math.min(bitmap.height - 1, Math.floor(fy * bitmap.height));
          const at = (y * bitmap.width + x) * 4;
          return { r: pixels[at] ?? 0, g: pixels[at + 1] ?? 0, b: pixels[at + 2] ?? 0 };
        });
      },
      { base64: png.toString('base64'), points },
    );
  }
}

/** Within `tolerance` per channel (scaling and colour conversion may shift a value a little). */
export function closeTo(actual: Rgb, expected: Rgb, tolerance = 24): boolean {
  return Math.abs(actual.r - expected.r) <= tolerance && Math.abs(actual.g - expected.g) <= tolerance && Math.abs(actual.b - expected.b) <= tolerance;
}
