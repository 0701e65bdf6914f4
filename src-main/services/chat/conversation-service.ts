import type {
  AccountId,
  ChatComposingEvent,
  ChatMessageView,
  ConversationsPage,
  ConversationsQuery,
  HistoryMarkReadResult,
  HistoryPageQuery,
  HistoryPageView,
} from '../../../src-shared';
import { TypedEmitter, type Disposable, type Logger } from '../../common';
import type { IncomingPagerMessage } from '../../sip';
import { ComposingIndicator, createImdnMessageId, type ComposingIndicatorOptions, type RemoteComposing } from '../chat-formats';
import { UnavailableError } from '../errors';
import { normalizeConversationKey, type DeliveryState, type HistoryMessage, type HistoryStore, type NewHistoryMessage } from '../history';
import { DEFAULT_CHAT_WRAPPED_TYPES, decodeChatPayload, type ChatDelivery, type ImdnRequestInfo } from '../streams';
import { toChatMessageView, toConversationView, toSipAddress } from './chat-message-view';
import { LiveChatStreams, type ChatSessionSource, type LiveChat } from './live-chat-streams';
import { PagerChat, type PagerPort } from './pager-chat';

export interface ConversationServiceOptions {
  readonly history: HistoryStore;
  readonly sessions: ChatSessionSource;
  readonly pager: PagerPort;
  readonly logger: Logger;
  /** Wrap pager messages in CPIM with IMDN requests (the SIP SIMPLE client's default). Default true. */
  readonly pagerCpim?: boolean;
  /** RFC 3994 timers of pager-mode conversations. */
  readonly composing?: ComposingIndicatorOptions;
}

export interface ConversationServiceEvents {
  [name: string]: unknown;
  messageChanged: ChatMessageView;
  composing: ChatComposingEvent;
}

/** A display notification we owe (RFC 5438 §7.1.1): sent when the user reads the conversation. */
interface OwedDisplay {
  readonly request: ImdnRequestInfo;
  readonly remoteUri: string;
  /** The stream it came on, when it came by MSRP (the notification goes back the same way while it lives). */
  readonly chat: LiveChat | undefined;
}

interface PagerParty {
  readonly indicator: ComposingIndicator;
  remoteUri: string;
}

const PAGE_SIZE = 50;
const SEARCH_LIMIT = 100;

/**
 * One conversation per (account, remote party), whatever carried its messages: the live MSRP chat stream of a
 * session with that party when there is one, else pager-mode SIP MESSAGE (RFC 3428) — the user never chooses.
 * Every message in and out goes into the HistoryStore with each delivery state it reaches; IMDN display
 * notifications the peer asked for are sent when the user reads; is-composing runs both ways on either path.
 */
export class ConversationService implements Disposable {
  readonly #history: HistoryStore;
  readonly #logger: Logger;
  readonly #pager: PagerChat;
  readonly #live: LiveChatStreams;
  readonly #events = new TypedEmitter<ConversationServiceEvents>({ onListenerError: (error, name) => this.#logger.error('Chat listener failed', { name, error }) });
  readonly #owedDisplays = new Map<string, Map<string, OwedDisplay>>();
  readonly #pagerParties = new Map<string, PagerParty>();
  readonly #composingOptions: ComposingIndicatorOptions | undefined;
  #disposed = false;

  constructor(options: ConversationServiceOptions) {
    this.#history = options.history;
    this.#logger = options.logger;
    this.#composingOptions = options.composing;
    this.#pager = new PagerChat(options.pager, options.logger, options.pagerCpim ?? true);
    this.#live = new LiveChatStreams(
      options.sessions,
      {
        outgoing: (chat, message) => {
          // Messages sent through chat.send (by session) are stored here; ours were stored before sending.
          if (this.#history.get(message.messageId) !== undefined) return;
          this.#store({ id: message.messageId, messageId: message.messageId, accountId: chat.accountId, remoteUri: chat.remoteUri, direction: 'out', contentType: message.contentType, text: message.text, timestamp: message.time, path: 'msrp' });
        },
        incoming: (chat, incoming) => {
          const stored = this.#store({
            accountId: chat.accountId,
            remoteUri: chat.remoteUri,
            remoteDisplayName: incoming.remoteDisplayName,
            messageId: incoming.message.messageId,
            direction: 'in',
            contentType: incoming.message.contentType,
            text: incoming.message.text,
            timestamp: incoming.message.time,
            path: 'msrp',
          });
          if (stored !== undefined && incoming.imdn?.notifications.includes('display') === true) this.#oweDisplay(chat.accountId, chat.key, stored.id, { request: incoming.imdn, remoteUri: chat.remoteUri, chat });
        },
        delivery: (chat, delivery) => this.#delivered(chat.accountId, delivery),
        composing: (chat, composing) => this.#emitComposing(chat.accountId, chat.key, chat.remoteUri, composing),
      },
      options.logger,
    );
  }

  on<K extends keyof ConversationServiceEvents>(name: K, listener: (payload: ConversationServiceEvents[K]) => void): Disposable {
    return this.#events.on(name, listener);
  }

  /** Sends over the live chat stream with the party, else by MESSAGE. Returns the stored message's id. */
  sendMessage(accountId: AccountId, remote: string, text: string): { messageId: string } {
    const key = normalizeConversationKey(remote);
    const remoteUri = toSipAddress(remote);
    const messageId = createImdnMessageId();
    const chat = this.#live.liveFor(accountId, key);
    if (chat !== undefined) {
      this.#store({ id: messageId, messageId, accountId, remoteUri: chat.remoteUri, direction: 'out', contentType: 'text/plain', text, timestamp: Date.now(), path: 'msrp' }, true);
      chat.stream.send(text, { messageId });
      return { messageId };
    }
    const local = this.#pager.localIdentity(accountId);
    if (local === undefined) throw new UnavailableError('That account is not enabled, or is not a SIP account.');
    const time = Date.now();
    this.#store({ id: messageId, messageId, accountId, remoteUri, direction: 'out', contentType: 'text/plain', text, timestamp: time, path: 'sip-message' }, true);
    this.#pagerParty(accountId, key, remoteUri).indicator.messageSent();
    void this.#pager.sendText(accountId, key, local, remoteUri, messageId, text, time).then((result) => {
      if (this.#disposed) return;
      this.#delivered(accountId, { messageId, state: result.ok ? 'sent' : 'failed', code: result.code, reason: result.ok ? null : result.reason || 'the MESSAGE was refused' });
    });
    return { messageId };
  }

  /** RFC 3994 §3.2: the user typed (true) or cleared the input (false). */
  setComposing(accountId: AccountId, remote: string, composing: boolean): void {
    const key = normalizeConversationKey(remote);
    const chat = this.#live.liveFor(accountId, key);
    if (chat !== undefined) return chat.stream.setComposing(composing);
    const party = this.#pagerParty(accountId, key, toSipAddress(remote));
    if (composing) party.indicator.composing();
    else party.indicator.cleared();
  }

  /** A MESSAGE that reached one of the accounts (already answered 200 by the SIP layer). */
  handlePagerMessage(accountId: AccountId, message: IncomingPagerMessage): void {
    if (this.#disposed) return;
    const key = normalizeConversationKey(message.from);
    const decoded = decodeChatPayload(message.contentTypeHeader || message.contentType, Buffer.from(message.body, 'utf8'), DEFAULT_CHAT_WRAPPED_TYPES, message.receivedAt);
    switch (decoded.kind) {
      case 'text': {
        this.#pagerParty(accountId, key, message.from).indicator.messageReceived();
        const stored = this.#store({
          accountId,
          remoteUri: message.from,
          remoteDisplayName: message.fromDisplayName ?? decoded.from?.displayName ?? null,
          messageId: decoded.imdn?.messageId ?? null,
          direction: 'in',
          contentType: decoded.contentType,
          text: decoded.text,
          timestamp: decoded.time,
          path: 'sip-message',
        });
        const imdn = decoded.imdn;
        const local = this.#pager.localIdentity(accountId);
        if (imdn === undefined || stored === undefined || local === undefined) return;
        if (imdn.notifications.includes('positive-delivery')) this.#pager.sendNotification(accountId, local, message.from, 'delivered', imdn);
        if (imdn.notifications.includes('display')) this.#oweDisplay(accountId, key, stored.id, { request: imdn, remoteUri: message.from, chat: undefined });
        return;
      }
      case 'composing':
        this.#pagerParty(accountId, key, message.from).indicator.received(decoded.composing);
        return;
      case 'notification': {
        const n = decoded.notification;
        const state: DeliveryState | undefined =
          n.kind === 'delivery' ? (n.status === 'delivered' ? 'delivered' : 'failed') : n.kind === 'display' && n.status === 'displayed' ? 'displayed' : undefined;
        if (state !== undefined) this.#delivered(accountId, { messageId: n.messageId, state: state as ChatDelivery['state'], code: null, reason: state === 'failed' ? `IMDN ${n.kind} ${n.status}` : null });
        return;
      }
      case 'ignored':
        this.#logger.info('Ignoring a MESSAGE', { from: message.from, reason: decoded.reason });
    }
  }

  conversations(query: ConversationsQuery): ConversationsPage {
    const summaries = this.#history.listConversations({ ...(query.accountId === null ? {} : { accountId: query.accountId }), before: query.before, limit: PAGE_SIZE });
    const conversations = summaries.map((summary) => toConversationView(summary, this.#live.liveFor(summary.accountId, summary.conversation) !== undefined));
    const last = summaries.at(-1)?.lastMessage;
    return { conversations, next: summaries.length === PAGE_SIZE && last !== undefined ? { timestamp: last.timestamp, id: last.id } : null };
  }

  page(query: HistoryPageQuery): HistoryPageView {
    const page = this.#history.page(query.accountId, query.remote, { limit: PAGE_SIZE, before: query.before });
    return { messages: page.messages.map(toChatMessageView), next: page.next };
  }

  search(text: string): ChatMessageView[] {
    return this.#history.search(text, { limit: SEARCH_LIMIT }).map(toChatMessageView);
  }

  /** Marks the conversation read and sends the display notifications its messages asked for (RFC 5438 §7.1.1). */
  markRead(accountId: AccountId, remote: string): HistoryMarkReadResult {
    const key = normalizeConversationKey(remote);
    const marked = this.#history.markRead(accountId, key);
    const owed = this.#owedDisplays.get(`${accountId} ${key}`);
    this.#owedDisplays.delete(`${accountId} ${key}`);
    const local = this.#pager.localIdentity(accountId);
    for (const display of owed?.values() ?? []) {
      const live = display.chat !== undefined && display.chat.stream.canSend ? display.chat : this.#live.liveFor(accountId, key);
      if (live?.stream.notifyDisplayed(display.request) === true) continue;
      if (local !== undefined) this.#pager.sendNotification(accountId, local, display.remoteUri, 'displayed', display.request);
    }
    return { marked };
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#live.dispose();
    for (const party of this.#pagerParties.values()) party.indicator.dispose();
    this.#pagerParties.clear();
    this.#events.dispose();
  }

  #store(input: NewHistoryMessage, rethrow = false): HistoryMessage | undefined {
    try {
      const stored = this.#history.insert(input);
      this.#events.emit('messageChanged', toChatMessageView(stored));
      return stored;
    } catch (error) {
      // A message we send must not go out unrecorded; one that arrived is logged and still shown by chat.message.
      if (rethrow) throw error;
      this.#logger.error('A chat message could not be stored', { error });
      return undefined;
    }
  }

  #delivered(accountId: AccountId, delivery: ChatDelivery): void {
    try {
      const update = this.#history.updateStateByMessageId(accountId, delivery.messageId, delivery.state, { code: delivery.code, reason: delivery.reason });
      if (update?.changed === true) this.#events.emit('messageChanged', toChatMessageView(update.message));
    } catch (error) {
      this.#logger.error('A delivery state could not be stored', { error, messageId: delivery.messageId });
    }
  }

  #oweDisplay(accountId: AccountId, key: string, id: string, display: OwedDisplay): void {
    const party = `${accountId} ${key}`;
    let owed = this.#owedDisplays.get(party);
    if (owed === undefined) this.#owedDisplays.set(party, (owed = new Map()));
    owed.set(id, display);
  }

  #pagerParty(accountId: AccountId, key: string, remoteUri: string): PagerParty {
    const id = `${accountId} ${key}`;
    let party = this.#pagerParties.get(id);
    if (party === undefined) {
      const indicator = new ComposingIndicator(this.#composingOptions);
      const created: PagerParty = { indicator, remoteUri };
      indicator.on('send', (composing) => {
        const local = this.#pager.localIdentity(accountId);
        if (local !== undefined) this.#pager.sendComposing(accountId, key, local, created.remoteUri, composing);
      });
      indicator.on('remote', (remote) => this.#emitComposing(accountId, key, created.remoteUri, remote));
      this.#pagerParties.set(id, (party = created));
    }
    party.remoteUri = remoteUri;
    return party;
  }

  #emitComposing(accountId: AccountId, conversation: string, remoteUri: string, composing: RemoteComposing): void {
    this.#events.emit('composing', { accountId, conversation, remoteUri, state: composing.state });
  }
}
