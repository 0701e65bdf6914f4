import type { AppSnapshot, EventEnvelope, EventName, Events, SessionView } from '../../../src-shared';
import { accountsMirrorFrom } from '../stores/accounts-store';
import type { ConnectionState } from '../stores/app-store';
import type { MirrorStores } from '../stores/mirror-stores';
import { withChatMessage, withSessionView } from '../stores/sessions-store';

/** How each event changes the mirror. The compiler refuses an event without a case. */
const EVENT_APPLIERS: { readonly [N in EventName]: (stores: MirrorStores, payload: Events[N]) => void } = {
  'accounts.changed': (stores, payload) => stores.accounts.setState(accountsMirrorFrom(payload), true),
  'app.storageProblem': (stores, payload) =>
    stores.app.setState((state) => ({ storageProblems: [...state.storageProblems, payload] })),
  'sessions.changed': (stores, payload) => stores.sessions.setState((state) => withSessionView(state, payload), true),
  'chat.message': (stores, payload) => stores.sessions.setState((state) => withChatMessage(state, payload), true),
  // Stored messages and composing states are read by the conversation view through history.* commands (later).
  'chat.messageChanged': () => undefined,
  'chat.composing': () => undefined,
  // Viewer bytes go to the in-app viewer's channel, not to the mirror.
  'desktop.viewerData': () => undefined,
  'desktop.viewerClosed': () => undefined,
  // Transfers are shown by a transfers view that reads `transfers.list` and these events.
  'transfers.changed': () => undefined,
  // Console entries go to the debug console's own store while it is open.
  'console.entries': () => undefined,
  // LAN contacts are read by a contacts view through `lan.peers` and these events.
  'lan.peersChanged': () => undefined,
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
