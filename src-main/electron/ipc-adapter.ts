import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import type { EventEnvelope, Result } from '../../src-shared';
import { err } from '../../src-shared';
import type { Logger } from '../common';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../preload/channels';
import type { IpcCore } from '../services';
import { isRendererUrl, type RendererLocation } from './renderer-location';

/** The WebContents of windows the shell created itself; nothing else is ever trusted. */
export class TrustedWindows {
  readonly #contents = new Set<WebContents>();

  add(contents: WebContents): void {
    this.#contents.add(contents);
    contents.once('destroyed', () => this.#contents.delete(contents));
  }

  has(contents: WebContents): boolean {
    return this.#contents.has(contents);
  }

  all(): WebContents[] {
    return [...this.#contents].filter((contents) => !contents.isDestroyed());
  }
}

/**
 * A frame may talk to the core only when it is the top frame of one of our windows and shows our
 * renderer. `senderFrame` is null when the frame navigated away or was destroyed meanwhile.
 */
export function isTrustedFrame(
  contents: WebContents,
  frame: Pick<WebFrameMain, 'parent' | 'url'> | null,
  windows: TrustedWindows,
  location: RendererLocation,
): boolean {
  return frame !== null && frame.parent === null && windows.has(contents) && isRendererUrl(frame.url, location);
}

export interface ElectronIpcOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly core: IpcCore;
  readonly windows: TrustedWindows;
  readonly location: RendererLocation;
  readonly logger: Logger;
}

export interface ElectronIpc {
  dispose(): void;
}

/**
 * The Electron adapter: `parley:invoke` from trusted frames to the core, core events to trusted windows
 * on `parley:event`. Values pass through untouched; the core validates names and arguments.
 */
export function attachElectronIpc(options: ElectronIpcOptions): ElectronIpc {
  const { core, windows, location, logger } = options;
  options.ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, args: unknown): Promise<Result<unknown>> => {
    if (!isTrustedFrame(event.sender, event.senderFrame, windows, location)) {
      logger.warn('Refused an IPC call from an untrusted frame', { url: event.senderFrame?.url ?? null });
      // Nothing is thrown across IPC, not even to a frame we refuse (DESIGN.md "Errors").
      return err('forbidden', 'this frame may not call Parley');
    }
    try {
      return await core.invoke(name, args);
    } catch {
      return err('internal', 'the command failed unexpectedly');
    }
  });

  const unsubscribe = core.subscribe((envelope: EventEnvelope) => {
    for (const contents of windows.all()) {
      // The window may have been steered elsewhere (navigation is blocked, but check at the point of use).
      if (isRendererUrl(contents.mainFrame.url, location)) contents.send(EVENT_CHANNEL, envelope);
    }
  });

  let disposed = false;
  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribe();
      options.ipcMain.removeHandler(INVOKE_CHANNEL);
    },
  };
}
