import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safePathSegments } from './static-files';
import { FakeIpcCore } from './test-support/fake-ipc-core';
import { rawRequest } from './test-support/host-clients';
import { startWebSocketHost, type WebSocketHost } from './web-socket-host';

describe('safePathSegments', () => {
  it.each([
    ['/', []],
    ['/index.html?x=1', ['index.html']],
    ['/assets//app.js', ['assets', 'app.js']],
    ['/./assets/a%20b.js#frag', ['assets', 'a b.js']],
  ])('accepts %s', (target, segments) => {
    expect(safePathSegments(target)).toEqual(segments);
  });

  it.each(['/../x', '/a/../../x', '/%2e%2e/x', '/%2E%2E%2Fx', '/a%2f..%2f..%2fx', '/..%5cx', '/a\\b', '/%00', '/%e0%a4%a', '/.env', 'x', ''])(
    'refuses %s',
    (target) => {
      expect(safePathSegments(target)).toBeUndefined();
    },
  );
});

describe('static serving through the host', () => {
  let base: string;
  let host: WebSocketHost;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'parley-static-'));
    const rendererDir = join(base, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
    writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(rendererDir, 'assets', 'font.woff2'), Buffer.from([1, 2]));
    writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
    symlinkSync(join(base, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
    host = await startWebSocketHost({ core: new FakeIpcCore(), rendererDir });
  });

  afterAll(async () => {
    await host.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, with the CSP and security headers', async () => {
    for (const path of ['/', '/accounts/edit']) {
      const response = await rawRequest(host.port, path);
      expect(response.status).toBe(200);
      expect(response.body).toContain('<title>Parley</title>');
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
      expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('sends the right MIME types', async () => {
    expect((await rawRequest(host.port, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await rawRequest(host.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await rawRequest(host.port, '/assets/font.woff2')).headers['content-type']).toBe('font/woff2');
  });

  it('answers HEAD with headers only', async () => {
    const response = await rawRequest(host.port, '/assets/app.js', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe('15');
    expect(response.body).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const response = await rawRequest(host.port, '/index.html', { method });
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET, HEAD');
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt', '/..%5csecret.txt'])(
    'refuses traversal %s without leaking the file',
    async (path) => {
      const response = await rawRequest(host.port, path);
      expect(response.status).toBe(400);
      expect(response.body).not.toContain('TOP SECRET');
    },
  );

  it('does not follow a symlink out of the renderer folder', async () => {
    const response = await rawRequest(host.port, '/assets/link.txt');
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('TOP SECRET');
  });

  it('answers 404 for a missing asset', async () => {
    expect((await rawRequest(host.port, '/assets/missing.js')).status).toBe(404);
  });
});
