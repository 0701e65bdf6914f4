import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The URL path as a list of safe segments, or undefined when it must be refused: undecodable escapes,
 * NUL, backslashes, `..` (raw or percent-encoded, since the decoding happens before the check) and dot
 * files. Working on the raw request target on purpose: a traversal attempt is refused, not normalized away.
 */
export function safePathSegments(requestTarget: string): string[] | undefined {
  const rawPath = requestTarget.split(/[?#]/, 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  return segments;
}

export type StaticHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Serves the built renderer read-only. `/` and extensionless paths (client-side routes) get index.html;
 * anything resolving outside `rootDir` (also through symlinks) is refused.
 */
export function createStaticHandler(rootDir: string, headers: () => Readonly<Record<string, string>>): StaticHandler {
  const realRoot = realpath(rootDir).catch(() => undefined);

  return async (request, response) => {
    const send = (status: number, extra: Record<string, string> = {}): void => {
      response.writeHead(status, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8', ...extra });
      response.end(request.method === 'HEAD' ? undefined : `${status}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(405, { Allow: 'GET, HEAD' });
      return;
    }
    const segments = safePathSegments(request.url ?? '');
    if (segments === undefined) {
      send(400);
      return;
    }
    const root = await realRoot;
    if (root === undefined) {
      send(404);
      return;
    }
    const last = segments.at(-1);
    const wantsPage = last === undefined || extname(last) === '';
    const candidate = wantsPage ? join(root, 'index.html') : join(root, ...segments);
    let filePath: string;
    let size: number;
    try {
      filePath = await realpath(candidate);
      const info = await stat(filePath);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      send(404);
      return;
    }
    if (!filePath.startsWith(root + sep)) {
      send(404);
      return;
    }
    response.writeHead(200, {
      ...headers(),
      'Content-Type': mimeTypeFor(filePath),
      'Content-Length': String(size),
      'Cache-Control': 'no-cache',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = createReadStream(filePath);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  };
}
