import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { RendererLocation } from './renderer-location';
import { secureWebPreferences } from './security';

export type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export function createMainWindow(
  BrowserWindowCtor: BrowserWindowClass,
  options: { readonly preloadPath: string; readonly location: RendererLocation },
): BrowserWindow {
  const window = new BrowserWindowCtor({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    title: 'Parley',
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  const loading = options.location.kind === 'file' ? window.loadFile(options.location.filePath) : window.loadURL(options.location.url);
  // The shell logs failures from 'did-fail-load'; the promise only must not go unhandled.
  void loading.catch(() => undefined);
  return window;
}

/** Brings the window to the front, e.g. when a second launch hands over a link. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
