import { WebSocket } from 'ws';
import {
  decodeFrame,
  encodeFrame,
  WEB_SOCKET_PATH,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EventName,
  type Events,
  type HostFrame,
} from '../../src-shared';

/**
 * A second client of the headless host's loopback WebSocket (the same token and Origin as the page), for
 * the console benchmark's setup only: adding the account, answering the session. It is closed before the
 * measured runs, so the host broadcasts to the page alone while they last.
 */
export class HostClient {
  readonly #pending = new Map<number, (frame: Extract<HostFrame, { type: 'result' }>) => void>();
  readonly #listeners = new Set<(name: EventName, payload: unknown) => void>();
  #nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const frame = decodeFrame(data.toString('utf8')) as HostFrame | undefined;
      if (frame?.type === 'result') {
        this.#pending.get(frame.id)?.(frame);
        this.#pending.delete(frame.id);
      } else if (frame?.type === 'event') {
        for (const listener of [...this.#listeners]) listener(frame.event.name, frame.event.payload);
      }
    });
  }

  /** `pageUrl`: the host's `PARLEY_URL` (`http://127.0.0.1:<port>/#token=<token>`). */
  static connect(pageUrl: string): Promise<HostClient> {
    const page = new URL(pageUrl);
    const token = new URLSearchParams(page.hash.slice(1)).get('token') ?? '';
    const url = `ws://${page.host}${WEB_SOCKET_PATH}?token=${encodeURIComponent(token)}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { origin: page.origin });
      socket.once('open', () => resolve(new HostClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Invokes a command on the host's core; throws with the error code and message when it fails. */
  invoke<N extends CommandName>(name: N, ...args: CommandArgs<N>): Promise<CommandResult<N>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (frame) => {
        if (frame.result.ok) resolve(frame.result.value as CommandResult<N>);
        else reject(new Error(`host: ${name} failed: ${frame.result.error.code}: ${frame.result.error.message}`));
      });
      this.socket.send(encodeFrame({ type: 'invoke', id, name, args }));
    });
  }

  /** Resolves with the first event of `name` from now on that satisfies `predicate`. */
  waitFor<N extends EventName>(name: N, predicate: (payload: Events[N]) => boolean, what: string, timeoutMs = 20_000): Promise<Events[N]> {
    return new Promise((resolve, reject) => {
      const listener = (eventName: EventName, payload: unknown): void => {
        if (eventName !== name || !predicate(payload as Events[N])) return;
        cleanup();
        resolve(payload as Events[N]);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`host: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
    });
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
