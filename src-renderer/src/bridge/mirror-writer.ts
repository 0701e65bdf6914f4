import type { AppSnapshot, ChatMessageView, EventEnvelope, EventName, Events, SessionView } from '../../../src-shared';
import { publishConsoleEntries } from '../features/debug-console/console-feed';
import { publishOpenConversation } from '../features/main/open-conversation-feed';
import { accountsMirrorFrom, type AccountsMirrorState } from '../stores/accounts-store';
import type { AppMirrorState, ConnectionState } from '../stores/app-store';
import type { MirrorStores } from '../stores/mirror-stores';
import { withChatMessage, withSessionView, type SessionsMirrorState } from '../stores/sessions-store';
import { INITIAL_COMPOSING_STATE, withComposing, withComposingMessage, type ComposingMirrorState } from '../stores/composing-store';
import { withPagesMessages } from '../stores/conversation-pages-store';
import { withConversationMessages } from '../stores/conversations-store';
import { withTransferView, type TransfersMirrorState } from '../stores/transfers-store';

/**
 * The mirror's states while a batch of events is folded into them: each store is written once per batch, so
 * its subscribers (selectors, React) run once per batch rather than once per event.
 */
interface MirrorDraft {
  accounts: AccountsMirrorState;
  app: AppMirrorState;
  sessions: SessionsMirrorState;
  composing: ComposingMirrorState;
  transfers: TransfersMirrorState;
  /**
   * Stored messages in event order. Only `chat.messageChanged` writes the conversation list and the open pages,
   * so merging them all at the end of the batch, in this order, equals applying them one by one.
   */
  readonly messages: ChatMessageView[];
}

/** How each event changes the mirror. The compiler refuses an event without a case. */
const EVENT_APPLIERS: { readonly [N in EventName]: (draft: MirrorDraft, payload: Events[N]) => void } = {
  'accounts.changed': (draft, payload) => {
    draft.accounts = accountsMirrorFrom(payload);
  },
  'app.storageProblem': (draft, payload) => {
    draft.app = { ...draft.app, storageProblems: [...draft.app.storageProblems, payload] };
  },
  'sessions.changed': (draft, payload) => {
    draft.sessions = withSessionView(draft.sessions, payload);
  },
  'chat.message': (draft, payload) => {
    draft.sessions = withChatMessage(draft.sessions, payload);
  },
  // Stored messages: the conversation list, the open conversation's pages, and the end of the party's typing.
  'chat.messageChanged': (draft, payload) => {
    draft.messages.push(payload);
    // In order with `chat.composing`: "typing" then a message is idle, a message then "typing" is typing.
    draft.composing = withComposingMessage(draft.composing, payload);
  },
  'chat.composing': (draft, payload) => {
    draft.composing = withComposing(draft.composing, payload);
  },
  // The list itself comes from `transfers.list` (transfers-loader.ts); each event is one transfer's whole view.
  'transfers.changed': (draft, payload) => {
    draft.transfers = withTransferView(draft.transfers, payload);
  },
  // Viewer bytes go to the in-app viewer's channel, not to the mirror.
  'desktop.viewerData': () => undefined,
  'desktop.viewerClosed': () => undefined,
  // Debug-console batches are not mirrored: they go to the open console, if any (main keeps the ring).
  'console.entries': (_draft, payload) => publishConsoleEntries(payload),
  // LAN peers are shown by a later contacts view, which reads `lan.peers` and these events.
  'lan.peersChanged': () => undefined,
  // A request to the UI (a clicked desktop notification), not state: the main layout shows the conversation.
  'app.openConversation': (_draft, payload) => publishOpenConversation(payload),
};

/** The bridge's write access to the mirror stores; nothing else in the renderer holds it. */
export interface MirrorWriter {
  applySnapshot(snapshot: AppSnapshot): void;
  /** Applies events in order (already sequenced: consecutive, newer than the mirror), one write per store. */
  applyEvents(events: readonly EventEnvelope[]): void;
  setConnection(state: ConnectionState): void;
}

export function createMirrorWriter(stores: MirrorStores): MirrorWriter {
  return {
    applySnapshot(snapshot) {
      stores.accounts.setState(accountsMirrorFrom(snapshot.accounts), true);
      stores.app.setState({ info: snapshot.app, storageProblems: snapshot.storageProblems, seq: snapshot.seq });
      // Chat lines are not in the snapshot (history is paged from main); keep those of sessions still known.
      stores.sessions.setState((state) => {
        const known = new Set(snapshot.sessions.map((session) => session.id));
        const chat = Object.fromEntries(Object.entries(state.chat).filter(([id]) => known.has(id as SessionView['id'])));
        return { sessions: snapshot.sessions, chat };
      }, true);
      // An idle sent while the channel was down is lost: nobody is shown typing on a stale word.
      stores.composing.setState(INITIAL_COMPOSING_STATE, true);
    },
    applyEvents(events) {
      const last = events.at(-1);
      if (last === undefined) return;
      const draft: MirrorDraft = {
        accounts: stores.accounts.getState(),
        app: stores.app.getState(),
        sessions: stores.sessions.getState(),
        composing: stores.composing.getState(),
        transfers: stores.transfers.getState(),
        messages: [],
      };
      for (const event of events) {
        const apply = EVENT_APPLIERS[event.name] as (draft: MirrorDraft, payload: unknown) => void;
        apply(draft, event.payload);
      }
      // zustand notifies only when the state object changed: a store no event touched stays quiet.
      stores.accounts.setState(draft.accounts, true);
      stores.sessions.setState(draft.sessions, true);
      stores.composing.setState(draft.composing, true);
      stores.transfers.setState(draft.transfers, true);
      if (draft.messages.length > 0) {
        stores.conversations.setState((state) => withConversationMessages(state, draft.messages), true);
        stores.conversationPages.setState((state) => withPagesMessages(state, draft.messages), true);
      }
      stores.app.setState({ ...draft.app, seq: last.seq }, true);
    },
    setConnection(state) {
      stores.app.setState({ connection: state });
    },
  };
}
