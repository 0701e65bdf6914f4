import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { fileRendererLocation } from './renderer-location';
import { isExternalLink, secureWebContents, secureWebPreferences, shellContentSecurityPolicy } from './security';

describe('security baseline', () => {
  it('isolates, sandboxes and keeps Node out of every renderer', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });

  it('uses the strict CSP for the built renderer and relaxes inline code only for the dev server', () => {
    const built = shellContentSecurityPolicy(fileRendererLocation('/app/index.html'));
    expect(built).toContain("default-src 'none'");
    expect(built).not.toContain('unsafe');
    const dev = shellContentSecurityPolicy({ kind: 'dev', url: 'http://localhost:5173/' });
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).not.toContain('unsafe-eval');
  });

  it('opens only http(s) links externally', () => {
    expect(isExternalLink('https://example.org/')).toBe(true);
    expect(isExternalLink('http://example.org/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'sip:bob@example.org', 'nonsense']) {
      expect(isExternalLink(url)).toBe(false);
    }
  });

  it('blocks navigation, redirects, webviews and new windows on a WebContents', () => {
    const contents = Object.assign(new EventEmitter(), {
      handler: undefined as undefined | ((details: { url: string }) => { action: string }),
      setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
        this.handler = handler;
      },
    });
    const opened: string[] = [];
    secureWebContents(contents as unknown as WebContents, { openExternal: async (url) => void opened.push(url) });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(name, { preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    expect(contents.handler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.handler?.({ url: 'file:///x' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.org/']);
  });
});
