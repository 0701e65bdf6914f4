import type { AccountId, SessionView } from '../../../src-shared';
import type { Disposable, Logger } from '../../common';
import { normalizeConversationKey } from '../history';
import { ChatStream, MediaStreamState, type ChatDelivery, type ChatIncoming, type ChatStreamMessage, type MsrpStreamBase } from '../streams';
import type { RemoteComposing } from '../chat-formats';

/** What the conversation service needs of the session manager (narrow, so tests can stand in for it). */
export interface ChatSessionSource {
  on(name: 'changed', listener: (view: SessionView) => void): Disposable;
  get(id: SessionView['id']): { readonly streams: readonly MsrpStreamBase[] };
}

/** One chat stream and the conversation it belongs to. */
export interface LiveChat {
  readonly accountId: AccountId;
  /** normalizeConversationKey of the remote party. */
  readonly key: string;
  readonly remoteUri: string;
  readonly stream: ChatStream;
}

export interface LiveChatHandlers {
  outgoing(chat: LiveChat, message: ChatStreamMessage): void;
  incoming(chat: LiveChat, incoming: ChatIncoming): void;
  delivery(chat: LiveChat, delivery: ChatDelivery): void;
  composing(chat: LiveChat, composing: RemoteComposing): void;
}

/**
 * Every chat stream of every session, by conversation (account × remote party): found on each session change,
 * listened to until it ends. `liveFor` answers "is there a stream to send this on?" — a started one first, else
 * one still starting (its ChatStream queues until the start).
 */
export class LiveChatStreams implements Disposable {
  readonly #sessions: ChatSessionSource;
  readonly #handlers: LiveChatHandlers;
  readonly #logger: Logger;
  readonly #chats = new Map<ChatStream, { chat: LiveChat; subscriptions: Disposable[] }>();
  readonly #subscription: Disposable;

  constructor(sessions: ChatSessionSource, handlers: LiveChatHandlers, logger: Logger) {
    this.#sessions = sessions;
    this.#handlers = handlers;
    this.#logger = logger;
    this.#subscription = sessions.on('changed', (view) => this.#scan(view));
  }

  liveFor(accountId: AccountId | string, key: string): LiveChat | undefined {
    let starting: LiveChat | undefined;
    for (const { chat } of this.#chats.values()) {
      if (chat.accountId !== accountId || chat.key !== key || !chat.stream.canSend) continue;
      if (chat.stream.state === MediaStreamState.Started) return chat;
      starting ??= chat;
    }
    return starting;
  }

  dispose(): void {
    this.#subscription.dispose();
    for (const entry of this.#chats.values()) for (const subscription of entry.subscriptions) subscription.dispose();
    this.#chats.clear();
  }

  #scan(view: SessionView): void {
    if (view.state === 'terminated') return;
    let streams: readonly MsrpStreamBase[];
    try {
      streams = this.#sessions.get(view.id).streams;
    } catch (error) {
      this.#logger.debug('Session gone before its streams were read', { error: String(error) });
      return;
    }
    for (const stream of streams) {
      if (stream instanceof ChatStream && !stream.isFinal && !this.#chats.has(stream)) this.#attach(stream, view);
    }
  }

  #attach(stream: ChatStream, view: SessionView): void {
    const chat: LiveChat = { accountId: view.accountId, key: normalizeConversationKey(view.remoteUri), remoteUri: view.remoteUri, stream };
    const handlers = this.#handlers;
    const subscriptions = [
      stream.onChat('message', (message) => {
        if (message.direction === 'outgoing') handlers.outgoing(chat, message);
      }),
      stream.onChat('incoming', (incoming) => handlers.incoming(chat, incoming)),
      stream.onChat('delivery', (delivery) => handlers.delivery(chat, delivery)),
      stream.onChat('composing', (composing) => handlers.composing(chat, composing)),
      stream.on('stateChanged', () => {
        if (!stream.isFinal) return;
        // Deliveries of the end ("stream ended") came first: the stream fails its pending messages before it moves.
        const entry = this.#chats.get(stream);
        this.#chats.delete(stream);
        for (const subscription of entry?.subscriptions ?? []) subscription.dispose();
      }),
    ];
    this.#chats.set(stream, { chat, subscriptions });
  }
}
