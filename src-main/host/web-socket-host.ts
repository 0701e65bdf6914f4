import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WEB_SOCKET_PATH } from '../../src-shared';
import type { IpcCore } from '../services/ipc/ipc-core';
import { createAccessToken } from './access-token';
import { contentSecurityPolicy, SECURITY_HEADERS } from './content-security-policy';
import { startDevRenderer, type DevRenderer } from './dev-renderer';
import { IpcSocketServer } from './ipc-socket-server';
import { createStaticHandler } from './static-files';

/** Loopback only: the host must never be reachable from another machine. */
export const HOST_ADDRESS = '127.0.0.1';

export interface WebSocketHostOptions {
  readonly core: IpcCore;
  /** 0 (the default) lets the OS choose. */
  readonly port?: number;
  /** The built renderer (out/renderer). Ignored with `dev`. */
  readonly rendererDir?: string;
  /** Serve the renderer sources through Vite in middleware mode (same origin, hot reload). */
  readonly dev?: boolean;
  /** Largest accepted IPC frame in bytes. */
  readonly maxPayloadBytes?: number;
  /** Unsent bytes after which a client that stopped reading is dropped. */
  readonly maxBufferedBytes?: number;
}

export interface WebSocketHost {
  /** The page URL with the token in the fragment (never sent to the server in page requests or logs). */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The loopback adapter: one HTTP server on 127.0.0.1 that serves the renderer and accepts the renderer's
 * IPC WebSocket at `/ipc`, so page and socket share one origin.
 */
export async function startWebSocketHost(options: WebSocketHostOptions): Promise<WebSocketHost> {
  const token = createAccessToken();
  let port = 0;
  const origin = (): string => `http://${HOST_ADDRESS}:${port}`;
  const dev = options.dev === true;
  const headers = (): Record<string, string> => ({
    ...SECURITY_HEADERS,
    'Content-Security-Policy': contentSecurityPolicy({ dev, connectSources: [`ws://${HOST_ADDRESS}:${port}`] }),
  });

  const server = createServer();
  const sockets = new IpcSocketServer({
    core: options.core,
    token,
    allowedOrigin: origin,
    ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
    ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
  });
  let devRenderer: DevRenderer | undefined;
  try {
    devRenderer = dev ? await startDevRenderer(server) : undefined;
  } catch (error) {
    await sockets.close();
    throw error;
  }
  const serveStatic = createStaticHandler(options.rendererDir ?? '', headers);

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // DNS rebinding: a foreign name resolving to 127.0.0.1 must not get the page either.
    if (!isOwnHost(request.headers.host, port)) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('421\n');
      return;
    }
    if (devRenderer === undefined) {
      void serveStatic(request, response).catch(() => response.destroy());
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers(), Allow: 'GET, HEAD' }).end();
      return;
    }
    for (const [name, value] of Object.entries(headers())) response.setHeader(name, value);
    devRenderer.handle(request, response);
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?', 1)[0];
    if (path === WEB_SOCKET_PATH) {
      sockets.handleUpgrade(request, socket, head);
      return;
    }
    // In dev, Vite's hot-reload socket listens on the same server; it takes its own upgrades.
    if (devRenderer?.ownsUpgrade(request) === true) return;
    socket.once('finish', () => socket.destroy());
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port ?? 0, host: HOST_ADDRESS, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await sockets.close();
    await devRenderer?.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin()}/#token=${token}`,
    token,
    port,
    close: () => (closing ??= closeAll(server, sockets, devRenderer)),
  };
}

function isOwnHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `${HOST_ADDRESS}:${port}` || hostHeader === `localhost:${port}`;
}

async function closeAll(server: Server, sockets: IpcSocketServer, devRenderer: DevRenderer | undefined): Promise<void> {
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  await sockets.close();
  await devRenderer?.close();
  server.closeAllConnections();
  await serverClosed;
}
