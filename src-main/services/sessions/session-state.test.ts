import { describe, expect, it } from 'vitest';
import { InvariantError } from '../errors';
import { SessionState, assertSessionTransition, canMoveSession } from './session-state';

describe('session state guard', () => {
  it('allows the seed life cycle of an outgoing and an incoming session', () => {
    const outgoing = [SessionState.Null, SessionState.Calling, SessionState.Established, SessionState.Proposing, SessionState.Established, SessionState.Terminating, SessionState.Terminated];
    const incoming = [SessionState.Null, SessionState.Incoming, SessionState.Accepting, SessionState.Established, SessionState.Proposed, SessionState.Established, SessionState.Terminated];
    for (const path of [outgoing, incoming]) {
      for (let index = 1; index < path.length; index += 1) expect(canMoveSession(path[index - 1]!, path[index]!)).toBe(true);
    }
  });

  it('refuses moves out of TERMINATED and shortcuts the seed does not have', () => {
    for (const to of Object.values(SessionState)) expect(canMoveSession(SessionState.Terminated, to)).toBe(false);
    expect(canMoveSession(SessionState.Calling, SessionState.Proposing)).toBe(false);
    expect(canMoveSession(SessionState.Incoming, SessionState.Established)).toBe(false);
    expect(() => assertSessionTransition(SessionState.Null, SessionState.Established)).toThrow(InvariantError);
  });
});
