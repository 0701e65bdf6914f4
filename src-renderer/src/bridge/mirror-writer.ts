import type { AppSnapshot, EventEnvelope, EventName, Events, SessionView } from '../../../src-shared';
import { publishConsoleEntries } from '../features/debug-console/console-feed';
import { publishOpenConversation } from '../features/main/open-conversation-feed';
import { accountsMirrorFrom } from '../stores/accounts-store';
import type { ConnectionState } from '../stores/app-store';
import type { MirrorStores } from '../stores/mirror-stores';
import { withChatMessage, withSessionView } from '../stores/sessions-store';
import { INITIAL_COMPOSING_STATE, withComposing, withComposingMessage } from '../stores/composing-store';
import { withPagesMessage } from '../stores/conversation-pages-store';
import { withConversationMessage } from '../stores/conversations-store';
import { withTransferView } from '../stores/transfers-store';

/** How each event changes the mirror. The compiler refuses an event without a case. */
const EVENT_APPLIERS: { readonly [N in EventName]: (stores: MirrorStores, payload: Events[N]) => void } = {
  'accounts.changed': (stores, payload) => stores.accounts.setState(accountsMirrorFrom(payload), true),
  'app.storageProblem': (stores, payload) =>
    stores.app.setState((state) => ({ storageProblems: [...state.storageProblems, payload] })),
  'sessions.changed': (stores, payload) => stores.sessions.setState((state) => withSessionView(state, payload), true),
  'chat.message': (stores, payload) => stores.sessions.setState((state) => withChatMessage(state, payload), true),
  // Stored messages: the conversation list, the open conversation's pages, and the end of the party's typing.
  'chat.messageChanged': (stores, payload) => {
    stores.conversations.setState((state) => withConversationMessage(state, payload), true);
    stores.conversationPages.setState((state) => withPagesMessage(state, payload), true);
    stores.composing.setState((state) => withComposingMessage(state, payload), true);
  },
  'chat.composing': (stores, payload) => stores.composing.setState((state) => withComposing(state, payload), true),
  // The list itself comes from `transfers.list` (transfers-loader.ts); each event is one transfer's whole view.
  'transfers.changed': (stores, payload) => stores.transfers.setState((state) => withTransferView(state, payload), true),
  // Viewer bytes go to the in-app viewer's channel, not to the mirror.
  'desktop.viewerData': () => undefined,
  'desktop.viewerClosed': () => undefined,
  // Debug-console batches are not mirrored: they go to the open console, if any (main keeps the ring).
  'console.entries': (_stores, payload) => publishConsoleEntries(payload),
  // LAN peers are shown by a later contacts view, which reads `lan.peers` and these events.
  'lan.peersChanged': () => undefined,
  // A request to the UI (a clicked desktop notification), not state: the main layout shows the conversation.
  'app.openConversation': (_stores, payload) => publishOpenConversation(payload),
};

/** The bridge's write access to the mirror stores; nothing else in the renderer holds it. */
export interface MirrorWriter {
  applySnapshot(snapshot: AppSnapshot): void;
  applyEvent(event: EventEnvelope): void;
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
    applyEvent(event) {
      const apply = EVENT_APPLIERS[event.name] as (stores: MirrorStores, payload: unknown) => void;
      apply(stores, event.payload);
      stores.app.setState({ seq: event.seq });
    },
    setConnection(state) {
      stores.app.setState({ connection: state });
    },
  };
}
