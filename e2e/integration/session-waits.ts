import type { SessionId, SessionView } from '../../src-shared';
import type { HeadlessCore } from '../peers/headless-core';

/** Waits on a core's sessions.changed events (past or future) for the session states the session tests step through. */

/** The session is established with exactly `count` started streams. */
export function streamsStarted(core: HeadlessCore, id: SessionId, count: number, timeoutMs?: number): Promise<SessionView> {
  return core.waitFor(
    'sessions.changed',
    (view) => view.id === id && view.state === 'established' && view.streams.filter((stream) => stream.state === 'started').length === count,
    `${count} started stream(s) in ${id}`,
    timeoutMs,
  );
}

export function terminated(core: HeadlessCore, id: SessionId): Promise<SessionView> {
  return core.waitFor('sessions.changed', (view) => view.id === id && view.state === 'terminated', `the end of ${id}`);
}
