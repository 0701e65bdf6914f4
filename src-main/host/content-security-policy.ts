/**
 * The renderer's Content Security Policy, one definition for both adapters: the Electron shell sets it on
 * every response (session.webRequest), the WebSocket host sends it with every file it serves. This file
 * imports nothing so the shell can use it without pulling in the host.
 */
export interface ContentSecurityPolicyOptions {
  /**
   * Extra `connect-src` sources: the WebSocket host adds its own `ws://127.0.0.1:<port>` because older
   * engines do not let `'self'` match the `ws:` scheme.
   */
  readonly connectSources?: readonly string[];
  /**
   * Development only: Vite's dev server injects inline module scripts (React refresh preamble) and
   * `<style>` elements for CSS, so inline scripts and styles must be allowed. Never in a build.
   */
  readonly dev?: boolean;
}

export function contentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const inline = options.dev === true ? " 'unsafe-inline'" : '';
  const connect = ["'self'", ...(options.connectSources ?? [])].join(' ');
  return [
    "default-src 'none'",
    `script-src 'self'${inline}`,
    `style-src 'self'${inline}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every response of the renderer carries besides the CSP (the host sends them; Electron adds the CSP). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
};
