import type { Disposable, Listener } from '../../common';
import { TypedEmitter } from '../../common';
import type { MsrpSession, ReceivedMessage } from '../../msrp';
import { acceptsMediaType, type AcceptedStream, type ChatTypeNegotiation } from '../../sip/sdp';
import { UnavailableError } from '../errors';
import { decodeCpim, encodeCpim } from './cpim';
import { MsrpStreamBase } from './msrp-stream-base';

export interface ChatStreamMessage {
  readonly messageId: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly contentType: string;
  readonly text: string;
  readonly time: number;
}

export interface ChatStreamEvents {
  [name: string]: unknown;
  message: ChatStreamMessage;
}

const CPIM = 'message/cpim';
const TEXT = 'text/plain';

/**
 * The seed's ChatStream, minimal: text both ways over one MsrpSession, wrapped in CPIM (RFC 3862) when both
 * sides accept message/cpim (RFC 4975 §8.6, the SIP SIMPLE client's rule), bare text/plain otherwise.
 * Is-composing, IMDN, images and delivery state are later work.
 */
export class ChatStream extends MsrpStreamBase {
  readonly type = 'chat' as const;
  readonly #chat = new TypedEmitter<ChatStreamEvents>();
  #negotiation: ChatTypeNegotiation | undefined;
  #listener: Disposable | undefined;

  constructor() {
    super('chat');
  }

  onChat<K extends keyof ChatStreamEvents>(name: K, listener: Listener<ChatStreamEvents[K]>): Disposable {
    return this.#chat.on(name, listener);
  }

  /** Sends text; resolves with the Message-ID once queued (delivery is reported by REPORTs later). */
  send(text: string): ChatStreamMessage {
    const msrp = this.msrp;
    if (msrp === undefined) throw new UnavailableError('The chat stream is not connected.');
    const time = Date.now();
    const body = Buffer.from(text, 'utf8');
    const wrapped = this.#negotiation?.cpim ?? false;
    if (!wrapped && this.#negotiation !== undefined && !acceptsMediaType(this.#negotiation.sendBare, TEXT)) {
      throw new UnavailableError('The peer does not accept text messages on this stream.');
    }
    const outgoing = wrapped
      ? msrp.sendMessage(encodeCpim({ from: this.context.localIdentity, to: this.context.remoteIdentity, time, contentType: TEXT, body }), {
          contentType: CPIM,
        })
      : msrp.sendMessage(body, { contentType: TEXT });
    const message: ChatStreamMessage = { messageId: outgoing.messageId, direction: 'outgoing', contentType: TEXT, text, time };
    this.#chat.emit('message', message);
    return message;
  }

  protected override onStarted(msrp: MsrpSession, accepted: AcceptedStream): void {
    this.#negotiation = accepted.chat;
    this.#listener = msrp.on('message', (received) => this.#receive(received));
  }

  protected override onReleased(): void {
    this.#listener?.dispose();
    this.#listener = undefined;
  }

  override dispose(): void {
    super.dispose();
    this.#chat.dispose();
  }

  #receive(received: ReceivedMessage): void {
    const outer = (received.contentType ?? '').toLowerCase();
    let contentType = outer;
    let body = received.body;
    let time = Date.now();
    if (outer.startsWith(CPIM)) {
      const cpim = decodeCpim(received.body);
      if (cpim === undefined) {
        this.logger?.info('Ignoring a malformed CPIM chat message', { stream: this.id, messageId: received.messageId });
        return;
      }
      contentType = cpim.contentType.toLowerCase();
      body = cpim.body;
      time = cpim.time ?? time;
    }
    // Only text for now: is-composing and images are handled by the full chat stream (later).
    if (!contentType.startsWith('text/')) return;
    const bare = contentType.split(';')[0]?.trim() ?? TEXT;
    this.#chat.emit('message', { messageId: received.messageId, direction: 'incoming', contentType: bare, text: body.toString('utf8'), time });
  }
}
