/**
 * The smallest socket surface the WebSocket adapter needs, so tests can drive it with a fake and the
 * adapter never touches browser event typings.
 */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  /** Called once per socket, also after a failed connection attempt (browsers fire close after error). */
  onClose(code: number, reason: string): void;
}

export interface SocketConnection {
  /** Returns false when the socket is not open and nothing was sent. */
  send(text: string): boolean;
  close(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketConnection;

/** Schedules `run` after `ms` milliseconds; returns a function that cancels it. */
export type Scheduler = (run: () => void, ms: number) => () => void;

export const browserSocketFactory: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.onOpen();
  socket.onmessage = (event) => handlers.onMessage(event.data);
  socket.onclose = (event) => handlers.onClose(event.code, event.reason);
  return {
    send(text) {
      if (socket.readyState !== WebSocket.OPEN) return false;
      socket.send(text);
      return true;
    },
    close: () => socket.close(1000, 'closed by the page'),
  };
};

export const timeoutScheduler: Scheduler = (run, ms) => {
  const handle = setTimeout(run, ms);
  return () => clearTimeout(handle);
};

/** ws://host/ipc?token=… for a page served at http://host/#token=… (see web-socket-protocol.ts). */
export function webSocketUrlFromLocation(location: Pick<Location, 'protocol' | 'host' | 'hash'>, path: string): string {
  // Not URLSearchParams: it would turn a '+' of a base64 token into a space.
  const pair = location.hash.replace(/^#/, '').split('&').find((part) => part.startsWith('token='));
  const token = pair === undefined ? '' : safeDecode(pair.slice('token='.length));
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}?token=${encodeURIComponent(token)}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
