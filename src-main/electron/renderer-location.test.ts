import { describe, expect, it } from 'vitest';
import { fileRendererLocation, isRendererUrl, rendererConnectSources, rendererLocationFor } from './renderer-location';

const built = fileRendererLocation('/opt/Parley/resources/app.asar/out/renderer/index.html');
const dev = rendererLocationFor({ isPackaged: false, devServerUrl: 'http://localhost:5173/', indexHtmlPath: '/x/index.html' });

describe('rendererLocationFor', () => {
  it('uses the dev server only when unpackaged and on loopback', () => {
    expect(dev).toEqual({ kind: 'dev', url: 'http://localhost:5173/' });
    expect(rendererLocationFor({ isPackaged: true, devServerUrl: 'http://localhost:5173/', indexHtmlPath: '/x/index.html' }).kind).toBe('file');
    expect(rendererLocationFor({ isPackaged: false, devServerUrl: 'http://evil.example:5173/', indexHtmlPath: '/x/index.html' }).kind).toBe('file');
    expect(rendererLocationFor({ isPackaged: false, devServerUrl: undefined, indexHtmlPath: '/x/index.html' })).toEqual(
      fileRendererLocation('/x/index.html'),
    );
  });
});

describe('isRendererUrl', () => {
  it('accepts exactly the built index.html, with any query or fragment', () => {
    expect(isRendererUrl(built.url, built)).toBe(true);
    expect(isRendererUrl(`${built.url}#/accounts`, built)).toBe(true);
    expect(isRendererUrl('file:///opt/Parley/resources/app.asar/out/renderer/other.html', built)).toBe(false);
    expect(isRendererUrl('file:///etc/passwd', built)).toBe(false);
    expect(isRendererUrl('file://evil-host/opt/Parley/resources/app.asar/out/renderer/index.html', built)).toBe(false);
    expect(isRendererUrl('https://opt/Parley/resources/app.asar/out/renderer/index.html', built)).toBe(false);
    expect(isRendererUrl('not a url', built)).toBe(false);
  });

  it('accepts the dev server origin only', () => {
    expect(isRendererUrl('http://localhost:5173/src/x.html', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });

  it('adds the dev server hot-reload socket to connect-src, nothing for files', () => {
    expect(rendererConnectSources(dev)).toEqual(['ws://localhost:5173']);
    expect(rendererConnectSources(built)).toEqual([]);
  });
});
