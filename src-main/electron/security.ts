/**
 * The whole security baseline of the desktop shell, in one place (Electron's security checklist):
 * sandboxed, context-isolated renderers without Node; a CSP on every response; no navigation, no new
 * windows, no webviews; every permission denied except notifications.
 */
import type { App, Session, Shell, WebContents, WebPreferences } from 'electron';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../host/content-security-policy';
import { rendererConnectSources, type RendererLocation } from './renderer-location';

/** The only permission a Parley window may get (incoming message and call alerts). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

/** The CSP the shell puts on every response: the host's policy, relaxed only for the Vite dev server. */
export function shellContentSecurityPolicy(location: RendererLocation): string {
  return contentSecurityPolicy({ dev: location.kind === 'dev', connectSources: rendererConnectSources(location) });
}

/** CSP and security headers on every response, and the permission gate. */
export function secureSession(session: Session, location: RendererLocation): void {
  const policy = shellContentSecurityPolicy(location);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Drop whatever the server said about these; ours are the only ones that count.
      if (name.toLowerCase() === 'content-security-policy' || name.toLowerCase() in LOWER_SECURITY_HEADERS) continue;
      headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers[name] = [value];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}

const LOWER_SECURITY_HEADERS: Readonly<Record<string, true>> = Object.fromEntries(
  Object.keys(SECURITY_HEADERS).map((name) => [name.toLowerCase(), true]),
);

/** http(s) links leave the app for the system browser; nothing else is opened at all. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Locks down every WebContents the app ever creates, including ones we did not ask for. */
export function secureWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

/** Call before `ready`: sandbox every renderer, and secure each WebContents as it is created. */
export function secureApp(app: App, shell: Pick<Shell, 'openExternal'>): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, shell));
}
