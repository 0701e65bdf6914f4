import { WEB_SOCKET_PATH } from '../../../src-shared';
import type { AdapterHandle } from './adapter-handle';
import { createElectronAdapter } from './adapters/electron-adapter';
import { createWebSocketAdapter } from './adapters/web-socket-adapter';
import { browserSocketFactory, timeoutScheduler, webSocketUrlFromLocation } from './adapters/web-socket-transport';
import { createBridge, type Bridge } from './bridge';

/** The desktop app's preload exposes `window.parley`; without it the page talks to the loopback host. */
export function pickAdapter(win: Window): AdapterHandle {
  if (win.parley !== undefined) return createElectronAdapter(win.parley);
  return createWebSocketAdapter({
    url: webSocketUrlFromLocation(win.location, WEB_SOCKET_PATH),
    createSocket: browserSocketFactory,
    schedule: timeoutScheduler,
  });
}

export function openBridge(win: Window): Bridge {
  return createBridge(pickAdapter(win));
}
