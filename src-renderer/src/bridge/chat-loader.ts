import type { AccountId, ChatMessageView, EventEnvelope, HistoryMarkReadResult } from '../../../src-shared';
import { withOpened, withLoading, withPage, withPageError, withPagesRead, INITIAL_PAGES_STATE, isOpen } from '../stores/conversation-pages-store';
import { withConversationMessages, withConversationRead, withConversationsPage } from '../stores/conversations-store';
import type { MirrorStores } from '../stores/mirror-stores';
import type { AdapterHandle } from './adapter-handle';
import type { ClientResult } from './client-result';

/** How far "open at this message" pages back before it settles for the conversation alone. */
const MAX_PAGES_TO_FIND = 40;
/** Events kept while a conversation list request is out (more than this in one round trip: the list is refetched). */
const MAX_BUFFERED = 500;

/**
 * What components may ask of the chat mirror. Each call asks main and writes what main answered; nothing is
 * written before main has spoken (DESIGN.md "State flow").
 */
export interface ChatActions {
  /** Fetches the older conversations after those listed. */
  loadMoreConversations(): Promise<void>;
  /** Opens a conversation: its newest page, then (with `focusMessageId`) older pages until that message is in. */
  open(accountId: AccountId, conversation: string, focusMessageId?: string): Promise<void>;
  /** Fetches the next older page of the open conversation (no-op while one is out or none is left). */
  loadOlder(): Promise<void>;
  close(accountId: AccountId, conversation: string): void;
  /** `history.markRead`; on success the conversation's unread count and messages follow. */
  markRead(accountId: AccountId, conversation: string): Promise<ClientResult<HistoryMarkReadResult>>;
}

export interface ChatLoader {
  readonly actions: ChatActions;
  /** Every event the bridge applied, after it applied it. */
  observe(event: EventEnvelope): void;
  /** The mirror holds a fresh snapshot: the lists that are not part of it are fetched again. */
  resynced(): void;
}

/** The bridge's half of the conversation mirror: the `history.*` requests and how their answers are written. */
export function createChatLoader(commands: Pick<AdapterHandle, 'invoke'>, stores: MirrorStores): ChatLoader {
  let openToken = 0;
  let listRequest = 0;
  // Messages that changed while a conversation list request was out, replayed over its answer (the answer may
  // predate them). Replaying is idempotent: a message the answer already holds as last, or older, changes nothing.
  let buffered: ChatMessageView[] | null = null;

  async function loadConversations(append: boolean): Promise<void> {
    const before = append ? stores.conversations.getState().next : null;
    if (append && before === null) return;
    const request = ++listRequest;
    buffered = [];
    const result = await commands.invoke('history.conversations', { accountId: null, before });
    if (request !== listRequest) return;
    const replay = buffered;
    buffered = null;
    if (!result.ok || result.value === null || !Array.isArray(result.value.conversations)) return;
    const page = result.value;
    stores.conversations.setState((state) => withConversationMessages(withConversationsPage(state, page, append), replay ?? [], true), true);
    if (replay === null) void loadConversations(false);
  }

  async function loadPage(older: boolean): Promise<boolean> {
    const state = stores.conversationPages.getState();
    const open = state.open;
    if (open === null || (older && (state.loading || state.next === null))) return false;
    const token = openToken;
    stores.conversationPages.setState(withLoading, true);
    const result = await commands.invoke('history.page', { accountId: open.accountId, remote: open.conversation, before: older ? state.next : null });
    if (token !== openToken) return false;
    if (!result.ok || result.value === null || !Array.isArray(result.value.messages)) {
      const reason = result.ok ? 'main answered without messages' : result.error.message;
      stores.conversationPages.setState((current) => withPageError(current, `The messages could not be loaded: ${reason}`), true);
      return false;
    }
    const page = result.value;
    stores.conversationPages.setState((current) => withPage(current, page, older), true);
    return true;
  }

  const actions: ChatActions = {
    loadMoreConversations: () => loadConversations(true),
    async open(accountId, conversation, focusMessageId) {
      openToken += 1;
      const token = openToken;
      stores.conversationPages.setState(withOpened({ accountId, conversation }), true);
      if (!(await loadPage(false))) return;
      for (let pages = 0; focusMessageId !== undefined && pages < MAX_PAGES_TO_FIND && token === openToken; pages += 1) {
        const state = stores.conversationPages.getState();
        if (state.messages.some((message) => message.id === focusMessageId) || state.next === null) return;
        if (!(await loadPage(true))) return;
      }
    },
    async loadOlder() {
      await loadPage(true);
    },
    close(accountId, conversation) {
      if (!isOpen(stores.conversationPages.getState(), accountId, conversation)) return;
      openToken += 1;
      stores.conversationPages.setState(INITIAL_PAGES_STATE, true);
    },
    async markRead(accountId, conversation) {
      const result = await commands.invoke('history.markRead', accountId, conversation);
      if (result.ok) {
        stores.conversations.setState((state) => withConversationRead(state, accountId, conversation), true);
        stores.conversationPages.setState((state) => withPagesRead(state, accountId, conversation), true);
      }
      return result;
    },
  };

  return {
    actions,
    observe(event) {
      if (event.name !== 'chat.messageChanged' || buffered === null) return;
      if (buffered.length < MAX_BUFFERED) buffered.push(event.payload as ChatMessageView);
      else buffered = null;
    },
    resynced() {
      void loadConversations(false);
      if (stores.conversationPages.getState().open !== null) void loadPage(false);
    },
  };
}
