import { request } from 'node:http';
import { WebSocket } from 'ws';
import { decodeFrame, type HostFrame } from '../../../src-shared';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw HTTP request: the path goes out exactly as given (no client-side `..` normalization). */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

export type UpgradeOutcome = { readonly kind: 'open'; readonly socket: WebSocket } | { readonly kind: 'refused'; readonly status: number };

/** Tries a WebSocket upgrade and reports the HTTP status when it is refused. */
export function tryConnect(url: string, origin: string | undefined): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.once('open', () => resolve({ kind: 'open', socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ kind: 'refused', status: response.statusCode ?? 0 });
      response.resume();
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

/** Collects every host frame a socket receives, and waits for particular ones. */
export class FrameCollector {
  readonly frames: HostFrame[] = [];
  #waiters: (() => void)[] = [];

  constructor(socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.frames.push(decodeFrame(data.toString('utf8')) as HostFrame);
      for (const waiter of this.#waiters.splice(0)) waiter();
    });
  }

  async waitFor(predicate: (frames: readonly HostFrame[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.frames)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${this.frames.length} frames`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  result(id: number): HostFrame | undefined {
    return this.frames.find((frame) => frame.type === 'result' && frame.id === id);
  }
}

export function waitForClose(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve({ code: 1006, reason: '' });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
  });
}
