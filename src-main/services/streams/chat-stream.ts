import type { Disposable, Listener } from '../../common';
import { TypedEmitter } from '../../common';
import type { MsrpSession, MsrpSessionOptions } from '../../msrp';
import type { AcceptedStream, LocalStreamSpec } from '../../sip/sdp';
import { ComposingIndicator, createImdnMessageId } from '../chat-formats';
import { normalizeConversationKey } from '../history';
import { ChatStreamChannel } from './chat-stream-channel';
import { ChatStreamError } from './chat-stream-error';
import {
  DEFAULT_CHAT_ACCEPT_TYPES,
  DEFAULT_CHAT_REPORT_TIMEOUT_MS,
  DEFAULT_CHAT_RESPONSE_TIMEOUT_MS,
  DEFAULT_CHAT_WRAPPED_TYPES,
  type ChatStreamEvents,
  type ChatStreamMessage,
  type ChatStreamOptions,
  type ImdnRequestInfo,
} from './chat-stream-types';
import { MediaStreamState } from './media-stream-state';
import { MsrpStreamBase } from './msrp-stream-base';

export interface ChatSendOptions {
  /** Our id for the message (also its MSRP and IMDN Message-ID); default a fresh one. */
  readonly messageId?: string;
  /**
   * RFC 3862 §4.2 To: a private message to one participant of a multi-party chat. On a one-to-one stream only
   * the peer itself is a valid recipient; anyone else is refused (no chat room support).
   */
  readonly recipient?: string;
}

/**
 * The seed's ChatStream: text both ways over one MSRP session, wrapped in CPIM (RFC 3862) when both sides list
 * message/cpim (RFC 4975 §8.6), bare otherwise. Messages sent before the stream starts are queued and go out
 * when it does; each outgoing message reports sent → delivered | failed (and displayed, by IMDN) through
 * `delivery`; those still waiting when the stream ends fail with "stream ended". Is-composing (RFC 3994) runs
 * both ways through a ComposingIndicator.
 */
export class ChatStream extends MsrpStreamBase {
  readonly type = 'chat' as const;
  readonly #chat = new TypedEmitter<ChatStreamEvents>();
  readonly #options: ChatStreamOptions;
  readonly #composing: ComposingIndicator;
  readonly #queue: ChatStreamMessage[] = [];
  #channel: ChatStreamChannel | undefined;
  #finished = false;

  constructor(options: ChatStreamOptions = {}) {
    super('chat');
    this.#options = options;
    this.#composing = new ComposingIndicator(options.composing);
    this.#composing.on('send', (message) => this.#channel?.sendComposing(message));
    this.#composing.on('remote', (remote) => this.#chat.emit('composing', remote));
    this.on('stateChanged', ({ state }) => {
      if (state === MediaStreamState.Ended || state === MediaStreamState.Failed) this.#finish();
    });
  }

  onChat<K extends keyof ChatStreamEvents>(name: K, listener: Listener<ChatStreamEvents[K]>): Disposable {
    return this.#chat.on(name, listener);
  }

  /** True while a message sent now goes out (started) or waits for the start (not yet started). */
  get canSend(): boolean {
    return !this.#finished && !this.isFinal && this.state !== MediaStreamState.Ending;
  }

  /**
   * Sends text, or queues it until the stream starts. Returns the message at once; its delivery comes as
   * `delivery` events. Throws ChatStreamError when the stream is over or the recipient is not the peer.
   */
  send(text: string, options: ChatSendOptions = {}): ChatStreamMessage {
    if (!this.canSend) throw new ChatStreamError('chat-stream-ended', 'The chat stream has ended.');
    if (options.recipient !== undefined && this.#hasContext() && normalizeConversationKey(options.recipient) !== normalizeConversationKey(this.context.remoteIdentity)) {
      throw new ChatStreamError('chat-private-unsupported', 'Private messages need a multi-party chat; this chat has one participant.');
    }
    const message: ChatStreamMessage = {
      messageId: options.messageId ?? createImdnMessageId(),
      direction: 'outgoing',
      contentType: 'text/plain',
      text,
      time: Date.now(),
    };
    this.#chat.emit('message', message);
    this.#composing.messageSent();
    if (this.#channel === undefined) this.#queue.push(message);
    else this.#channel.sendText(message.messageId, text, message.time);
    return message;
  }

  /** The local user typed (true) or cleared the input (false): RFC 3994 §3.2 via the ComposingIndicator. */
  setComposing(composing: boolean): void {
    if (composing) this.#composing.composing();
    else this.#composing.cleared();
  }

  /** Sends the IMDN display notification the peer asked for; false when it cannot go on this stream. */
  notifyDisplayed(request: ImdnRequestInfo): boolean {
    return this.#channel?.sendNotification('displayed', request) ?? false;
  }

  protected override acceptTypes(): readonly string[] {
    return this.#options.acceptTypes ?? DEFAULT_CHAT_ACCEPT_TYPES;
  }

  override localSpec(): LocalStreamSpec {
    return { ...super.localSpec(), acceptWrappedTypes: this.#options.acceptWrappedTypes ?? DEFAULT_CHAT_WRAPPED_TYPES };
  }

  protected override sessionOptions(accepted: AcceptedStream): MsrpSessionOptions {
    return { ...super.sessionOptions(accepted), responseTimeoutMs: this.#options.responseTimeoutMs ?? DEFAULT_CHAT_RESPONSE_TIMEOUT_MS };
  }

  protected override onStarted(msrp: MsrpSession, accepted: AcceptedStream): void {
    const context = this.context;
    this.#channel = new ChatStreamChannel(
      msrp,
      {
        negotiation: accepted.chat,
        local: { uri: context.localIdentity },
        remote: { uri: context.remoteIdentity },
        acceptWrappedTypes: this.#options.acceptWrappedTypes ?? DEFAULT_CHAT_WRAPPED_TYPES,
        reportTimeoutMs: this.#options.reportTimeoutMs ?? DEFAULT_CHAT_REPORT_TIMEOUT_MS,
        requestDisplayNotifications: this.#options.requestDisplayNotifications ?? true,
        logger: context.logger,
      },
      {
        onDelivery: (delivery) => this.#chat.emit('delivery', delivery),
        onText: (incoming) => {
          this.#composing.messageReceived();
          this.#chat.emit('message', incoming.message);
          this.#chat.emit('incoming', incoming);
        },
        onComposing: (composing) => this.#composing.received(composing),
      },
    );
    // Queued before the start: out now, in order.
    for (const message of this.#queue.splice(0)) this.#channel.sendText(message.messageId, message.text, message.time);
  }

  protected override onReleased(): void {
    this.#finish();
  }

  override dispose(): void {
    this.#finish();
    super.dispose();
    this.#chat.dispose();
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#channel?.close();
    this.#channel = undefined;
    this.#composing.dispose();
    for (const message of this.#queue.splice(0)) {
      this.#chat.emit('delivery', { messageId: message.messageId, state: 'failed', code: 0, reason: 'stream ended' });
    }
  }

  #hasContext(): boolean {
    try {
      return this.context !== undefined;
    } catch {
      return false;
    }
  }
}
