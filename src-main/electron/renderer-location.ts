import { pathToFileURL } from 'node:url';

/** Where the renderer comes from: the built index.html (production) or the electron-vite dev server. */
export type RendererLocation =
  | { readonly kind: 'file'; readonly filePath: string; readonly url: string }
  | { readonly kind: 'dev'; readonly url: string };

export function fileRendererLocation(filePath: string): RendererLocation {
  return { kind: 'file', filePath, url: pathToFileURL(filePath).href };
}

/**
 * The dev server URL that `electron-vite dev` passes in ELECTRON_RENDERER_URL, used only when the app is
 * not packaged and the URL is on loopback: a packaged app never loads code from a server.
 */
export function rendererLocationFor(options: {
  readonly isPackaged: boolean;
  readonly devServerUrl: string | undefined;
  readonly indexHtmlPath: string;
}): RendererLocation {
  const { devServerUrl } = options;
  if (!options.isPackaged && devServerUrl !== undefined && isLoopbackHttpUrl(devServerUrl)) {
    return { kind: 'dev', url: devServerUrl };
  }
  return fileRendererLocation(options.indexHtmlPath);
}

function isLoopbackHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/**
 * Whether `url` is our renderer's page: the very index.html file in production (file: URLs have no usable
 * origin, so the path is compared), the dev server's origin in dev. Query and fragment do not matter.
 */
export function isRendererUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(location.url);
  if (location.kind === 'file') return parsed.protocol === 'file:' && parsed.host === expected.host && parsed.pathname === expected.pathname;
  return parsed.origin === expected.origin;
}

/** `connect-src` additions: the dev server's hot-reload socket. */
export function rendererConnectSources(location: RendererLocation): string[] {
  if (location.kind === 'file') return [];
  const url = new URL(location.url);
  return [`ws://${url.host}`];
}
