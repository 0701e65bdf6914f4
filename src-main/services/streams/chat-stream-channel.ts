import type { Disposable, Logger } from '../../common';
import type { MsrpSession, ReceivedMessage, ResponseEvent } from '../../msrp';
import type { ChatTypeNegotiation } from '../../sip/sdp';
import {
  CPIM_CONTENT_TYPE,
  ISCOMPOSING_CONTENT_TYPE,
  createImdnMessageId,
  formatCpim,
  formatIsComposing,
  imdnNotificationMessage,
  localDateTime,
  type CpimAddress,
  type ImdnNotification,
  type IsComposing,
} from '../chat-formats';
import { chatSendMode, decodeChatPayload, wrapCpim } from './chat-stream-payload';
import type { ChatDelivery, ChatIncoming, ImdnRequestInfo } from './chat-stream-types';

export interface ChatStreamChannelConfig {
  readonly negotiation: ChatTypeNegotiation | undefined;
  readonly local: CpimAddress;
  readonly remote: CpimAddress;
  /** What we take inside CPIM. */
  readonly acceptWrappedTypes: readonly string[];
  readonly reportTimeoutMs: number;
  readonly requestDisplayNotifications: boolean;
  readonly logger?: Logger | undefined;
}

export interface ChatStreamChannelHooks {
  onDelivery(delivery: ChatDelivery): void;
  onText(incoming: ChatIncoming): void;
  onComposing(composing: IsComposing): void;
}

interface Pending {
  state: 'sending' | 'sent';
  timer: NodeJS.Timeout | undefined;
}

const TEXT_PLAIN = 'text/plain';
const TEXT_CONTENT_TYPE = 'text/plain;charset=utf-8';

/**
 * The chat protocol over one bound MsrpSession: text out (CPIM-wrapped when negotiated, with an IMDN request;
 * bare otherwise), its delivery state from transaction responses and Success-Report REPORTs (RFC 4975 §7.1.2),
 * payloads in (text, is-composing, IMDN notifications), and the notifications we owe the peer. It holds no
 * queue and no composing timers: ChatStream does, so the same channel serves tests and benchmarks on two bare
 * MsrpSessions.
 */
export class ChatStreamChannel implements Disposable {
  readonly #msrp: MsrpSession;
  readonly #config: ChatStreamChannelConfig;
  readonly #hooks: ChatStreamChannelHooks;
  readonly #pending = new Map<string, Pending>();
  readonly #subscriptions: Disposable[];
  #closed = false;

  constructor(msrp: MsrpSession, config: ChatStreamChannelConfig, hooks: ChatStreamChannelHooks) {
    this.#msrp = msrp;
    this.#config = config;
    this.#hooks = hooks;
    this.#subscriptions = [
      msrp.on('message', (received) => this.#receive(received)),
      msrp.on('response', (response) => this.#response(response)),
      msrp.on('delivered', ({ messageId }) => this.#settle(messageId, { messageId, state: 'delivered', code: 200, reason: null })),
      msrp.on('failed', ({ messageId, code, reason }) =>
        // Code 0: the connection closed with the message outstanding.
        this.#settle(messageId, { messageId, state: 'failed', code, reason: code === 0 ? 'stream ended' : reason }),
      ),
    ];
  }

  /** Whether text can go to the peer at all (its accept-types, RFC 4975 §8.6). */
  get canSendText(): boolean {
    return chatSendMode(this.#config.negotiation, TEXT_PLAIN) !== 'refused';
  }

  /**
   * Sends one text message with Success-Report and Failure-Report `yes`; the delivery state comes through
   * `onDelivery`. Text the peer does not accept fails at once with 415 (it would answer so).
   */
  sendText(messageId: string, text: string, time: number): void {
    const mode = chatSendMode(this.#config.negotiation, TEXT_PLAIN);
    if (mode === 'refused') {
      this.#hooks.onDelivery({ messageId, state: 'failed', code: 415, reason: 'the peer does not accept text messages (a=accept-types)' });
      return;
    }
    const body =
      mode === 'cpim'
        ? wrapCpim({
            from: this.#config.local,
            to: this.#config.remote,
            time,
            contentType: TEXT_CONTENT_TYPE,
            body: text,
            // RFC 5438 §6.2: delivery is proven by the Success-Report; display only IMDN can tell.
            ...(this.#config.requestDisplayNotifications ? { imdn: { messageId, notifications: ['display'] } } : {}),
          })
        : Buffer.from(text, 'utf8');
    this.#pending.set(messageId, { state: 'sending', timer: undefined });
    try {
      this.#msrp.sendMessage(body, { messageId, contentType: mode === 'cpim' ? CPIM_CONTENT_TYPE : TEXT_CONTENT_TYPE, successReport: 'yes', failureReport: 'yes' });
    } catch {
      this.#settle(messageId, { messageId, state: 'failed', code: 0, reason: 'stream ended' });
    }
  }

  /** An isComposing message (RFC 3994) with both reports `no` (the interop notes); false when the peer does not take it. */
  sendComposing(composing: IsComposing, time = Date.now()): boolean {
    const mode = chatSendMode(this.#config.negotiation, ISCOMPOSING_CONTENT_TYPE);
    if (mode === 'refused' || this.#closed) return false;
    const xml = formatIsComposing(composing);
    const body = mode === 'cpim' ? wrapCpim({ from: this.#config.local, to: this.#config.remote, time, contentType: ISCOMPOSING_CONTENT_TYPE, body: xml }) : xml;
    return this.#fireAndForget(body, mode === 'cpim' ? CPIM_CONTENT_TYPE : ISCOMPOSING_CONTENT_TYPE);
  }

  /**
   * An IMDN notification for a message the peer sent with a request (RFC 5438 §7.1.1.1): inside CPIM, both
   * reports `no`. False when CPIM is not in use on this stream (the caller may send it by SIP MESSAGE).
   */
  sendNotification(kind: 'delivered' | 'displayed', request: ImdnRequestInfo, time = Date.now()): boolean {
    if (this.#closed || this.#config.negotiation?.cpim === false) return false;
    const common = { messageId: request.messageId, dateTime: request.dateTime, recipientUri: this.#config.local.uri };
    const notification: ImdnNotification =
      kind === 'delivered' ? { ...common, kind: 'delivery', status: 'delivered' } : { ...common, kind: 'display', status: 'displayed' };
    const body = formatCpim(
      imdnNotificationMessage({ from: this.#config.local, to: this.#config.remote, messageId: createImdnMessageId(), dateTime: localDateTime(time), notification }),
    );
    return this.#fireAndForget(body, CPIM_CONTENT_TYPE);
  }

  /** The stream ends: every message still waiting fails with "stream ended" (code 0). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
    for (const messageId of [...this.#pending.keys()]) this.#settle(messageId, { messageId, state: 'failed', code: 0, reason: 'stream ended' });
  }

  dispose(): void {
    this.close();
  }

  #fireAndForget(body: Buffer, contentType: string): boolean {
    try {
      this.#msrp.sendMessage(body, { contentType, successReport: 'no', failureReport: 'no' });
      return true;
    } catch {
      return false;
    }
  }

  #response(response: ResponseEvent): void {
    const id = response.messageId;
    const pending = id === undefined ? undefined : this.#pending.get(id);
    // Error responses come as `failed` too; only the 200 matters here (RFC 4975 §7.2: the next hop took it).
    if (id === undefined || pending === undefined || pending.state !== 'sending' || response.code < 200 || response.code >= 300) return;
    pending.state = 'sent';
    this.#hooks.onDelivery({ messageId: id, state: 'sent', code: response.code, reason: null });
    pending.timer = setTimeout(() => {
      pending.timer = undefined;
      this.#settle(id, { messageId: id, state: 'failed', code: 408, reason: 'no delivery report from the peer' });
    }, this.#config.reportTimeoutMs);
  }

  #settle(messageId: string, delivery: ChatDelivery): void {
    const pending = this.#pending.get(messageId);
    if (pending === undefined) return;
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    this.#pending.delete(messageId);
    this.#hooks.onDelivery(delivery);
  }

  #receive(received: ReceivedMessage): void {
    const decoded = decodeChatPayload(received.contentType ?? TEXT_PLAIN, received.body, this.#config.acceptWrappedTypes, Date.now());
    switch (decoded.kind) {
      case 'text': {
        this.#hooks.onText({
          message: { messageId: received.messageId, direction: 'incoming', contentType: decoded.contentType, text: decoded.text, time: decoded.time },
          remoteUri: this.#config.remote.uri,
          remoteDisplayName: decoded.from?.displayName ?? this.#config.remote.displayName ?? null,
          imdn: decoded.imdn,
        });
        // RFC 5438 §7.1.1: a positive-delivery request is answered as soon as the message is ours.
        if (decoded.imdn?.notifications.includes('positive-delivery') === true) this.sendNotification('delivered', decoded.imdn);
        return;
      }
      case 'composing':
        this.#hooks.onComposing(decoded.composing);
        return;
      case 'notification':
        this.#notification(decoded.notification);
        return;
      case 'ignored':
        this.#config.logger?.info('Ignoring a chat payload', { messageId: received.messageId, reason: decoded.reason });
    }
  }

  /** RFC 5438 §7.2.1: delivered/displayed move the state on; a negative delivery notification fails the message. */
  #notification(notification: ImdnNotification): void {
    const messageId = notification.messageId;
    if (notification.kind === 'delivery') {
      if (notification.status === 'delivered') this.#settleOrForward({ messageId, state: 'delivered', code: null, reason: null });
      else this.#settleOrForward({ messageId, state: 'failed', code: null, reason: `IMDN delivery ${notification.status}` });
    } else if (notification.kind === 'display' && notification.status === 'displayed') {
      this.#settleOrForward({ messageId, state: 'displayed', code: null, reason: null });
    }
  }

  /** A notification may come for a message no longer pending here (already delivered): the history still moves on. */
  #settleOrForward(delivery: ChatDelivery): void {
    if (this.#pending.has(delivery.messageId)) this.#settle(delivery.messageId, delivery);
    else this.#hooks.onDelivery(delivery);
  }
}
