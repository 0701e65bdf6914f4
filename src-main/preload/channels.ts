/**
 * The two Electron IPC channels, read by the preload and by the main-process adapter. Everything the
 * contract carries travels over these two; the names never reach the page.
 */
export const INVOKE_CHANNEL = 'parley:invoke';
export const EVENT_CHANNEL = 'parley:event';
