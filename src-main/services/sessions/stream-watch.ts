import type { Disposable } from '../../common';
import { ChatStream, type ChatStreamMessage, type MsrpStreamBase } from '../streams';

export interface StreamWatchHandlers {
  onUpdate(stream: MsrpStreamBase): void;
  onChat(stream: ChatStream, message: ChatStreamMessage): void;
}

/**
 * Every stream a session ever had (running, refused, ended: the view shows their fate), with the session's
 * listeners on each; dispose() removes the listeners and disposes the streams.
 */
export class StreamWatch implements Disposable {
  readonly #handlers: StreamWatchHandlers;
  readonly #streams: MsrpStreamBase[] = [];
  readonly #subscriptions: Disposable[] = [];

  constructor(handlers: StreamWatchHandlers) {
    this.#handlers = handlers;
  }

  get all(): readonly MsrpStreamBase[] {
    return this.#streams;
  }

  add<T extends MsrpStreamBase>(stream: T): T {
    this.#streams.push(stream);
    this.#subscriptions.push(stream.on('stateChanged', () => this.#handlers.onUpdate(stream)));
    if (stream instanceof ChatStream) this.#subscriptions.push(stream.onChat('message', (message) => this.#handlers.onChat(stream, message)));
    this.#handlers.onUpdate(stream);
    return stream;
  }

  dispose(): void {
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
    for (const stream of this.#streams) stream.dispose();
  }
}
