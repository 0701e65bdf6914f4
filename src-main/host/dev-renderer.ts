import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DevRenderer {
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** True for Vite's own hot-reload socket upgrades, which Vite answers on the shared server. */
  ownsUpgrade(request: IncomingMessage): boolean;
  close(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG_FILE = fileURLToPath(new URL('../../electron.vite.config.ts', import.meta.url));
const VITE_SOCKET_PROTOCOLS = new Set(['vite-hmr', 'vite-ping']);

/**
 * Vite in middleware mode inside the host's own HTTP server: one origin for page, hot reload and IPC. The
 * renderer's Vite settings come from the renderer section of electron.vite.config.ts, so the desktop build
 * and the web dev server cannot drift apart. Vite is loaded only here, never in a production host.
 */
export async function startDevRenderer(server: Server): Promise<DevRenderer> {
  const [{ createServer }, { loadConfigFromFile }] = await Promise.all([import('vite'), import('electron-vite')]);
  const loaded = await loadConfigFromFile({ command: 'serve', mode: 'development' }, CONFIG_FILE, REPO_ROOT, 'warn', true);
  const { build: _build, root, ...renderer } = loaded.config.renderer ?? {};
  const vite = await createServer({
    ...renderer,
    configFile: false,
    root: resolve(REPO_ROOT, root ?? 'src-renderer'),
    appType: 'spa',
    server: { ...renderer.server, middlewareMode: true, hmr: { server } },
  });
  return {
    handle: (request, response) => {
      vite.middlewares(request, response, () => {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404\n');
      });
    },
    ownsUpgrade: (request) => {
      const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((value) => value.trim());
      return protocols.some((protocol) => VITE_SOCKET_PROTOCOLS.has(protocol));
    },
    close: () => vite.close(),
  };
}
