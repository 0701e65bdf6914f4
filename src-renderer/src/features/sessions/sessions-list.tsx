import { useMemo } from 'react';
import { useSessionsMirror } from '../../bridge/bridge-context';
import { isLive, peerName, sessionsForList } from '../../stores/session-selectors';
import { useUiStore } from '../../stores/ui-store';
import { describeSession } from './session-status';

/** Every session of this run, live ones first; choosing one shows it in the main pane. */
export function SessionsList() {
  const sessions = useSessionsMirror((state) => state.sessions);
  const ordered = useMemo(() => sessionsForList(sessions), [sessions]);
  const view = useUiStore((state) => state.mainView);
  const showSession = useUiStore((state) => state.showSession);
  return (
    <section className="sidebar-section" aria-labelledby="sidebar-sessions-heading">
      <h2 id="sidebar-sessions-heading" className="sidebar-heading">
        Sessions
      </h2>
      {ordered.length === 0 ? <p className="muted">No sessions yet.</p> : null}
      <ul className="sidebar-list" data-testid="sessions-list">
        {ordered.map((session) => {
          const status = describeSession(session);
          const selected = view.kind === 'session' && view.id === session.id;
          return (
            <li key={session.id}>
              <button
                type="button"
                className="session-item"
                data-testid="session-item"
                data-session-id={session.id}
                data-phase={status.phase}
                data-live={isLive(session)}
                aria-current={selected ? 'page' : undefined}
                onClick={() => showSession(session.id)}
              >
                <span className="session-item-peer">{peerName(session)}</span>
                <span className="session-item-state">
                  {session.direction === 'incoming' ? 'Incoming · ' : 'Outgoing · '}
                  {status.label}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
