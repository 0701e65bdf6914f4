import { connect, type Socket } from 'node:net';
import { DesktopSharingError } from './desktop-sharing-error';

/** Where the sharing side finds its RFB server: x11vnc it started, or a server the user configured. */
export interface RfbServerEndpoint {
  readonly host: string;
  readonly port: number;
  /** For VNC Authentication (RFC 6143 §7.2.2); only its first 8 characters count. */
  readonly password?: string;
}

export const DEFAULT_RFB_CONNECT_TIMEOUT_MS = 10_000;

/** Opens the TCP connection to an RFB server; rejects with `rfb-server-unreachable`. */
export function connectRfbServer(endpoint: RfbServerEndpoint, timeoutMs = DEFAULT_RFB_CONNECT_TIMEOUT_MS): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    const fail = (message: string, cause?: unknown): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new DesktopSharingError('rfb-server-unreachable', `cannot reach the VNC server at ${endpoint.host}:${endpoint.port}: ${message}`, { cause }));
    };
    const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('error', (error) => fail(error.message, error));
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // RFB has many small messages (pointer events, incremental updates): no Nagle delay.
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
