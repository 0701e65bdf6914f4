import { describe, expect, it } from 'vitest';
import { answerSetupRole, connectDirection, parseSetupRole, SetupRole } from './setup-role';

const { Active, Passive, ActPass, HoldConn } = SetupRole;

describe('RFC 6135 setup roles', () => {
  it('parses a=setup values and ignores unknown ones', () => {
    expect(parseSetupRole(' ActPass ')).toBe(ActPass);
    expect(parseSetupRole('passive')).toBe(Passive);
    expect(parseSetupRole('sideways')).toBeUndefined();
    expect(parseSetupRole(undefined)).toBeUndefined();
  });

  it.each([
    [undefined, Active, Passive],
    [Active, Active, Passive],
    [Passive, Passive, Active],
    [ActPass, Passive, Passive],
    [ActPass, Active, Active],
    [HoldConn, Active, HoldConn],
  ] as const)('answers offer %s (preference %s) with %s', (offered, preference, expected) => {
    expect(answerSetupRole(offered, preference)).toBe(expected);
  });

  it.each([
    // offered, answered, offerer does, answerer does
    [undefined, undefined, 'connect', 'accept'],
    [ActPass, undefined, 'connect', 'accept'],
    [ActPass, Passive, 'connect', 'accept'],
    [ActPass, Active, 'accept', 'connect'],
    [Active, Passive, 'connect', 'accept'],
    [Passive, Active, 'accept', 'connect'],
    [Passive, undefined, 'none', 'none'],
    [Active, Active, 'none', 'none'],
    [Passive, Passive, 'none', 'none'],
    [ActPass, ActPass, 'none', 'none'],
    [HoldConn, HoldConn, 'none', 'none'],
  ] as const)('offer %s / answer %s: offerer %s, answerer %s', (offered, answered, offerer, answerer) => {
    expect(connectDirection('offerer', offered, answered)).toBe(offerer);
    expect(connectDirection('answerer', offered, answered)).toBe(answerer);
  });

  it('agrees with its own answers: exactly one side connects for every valid offer', () => {
    for (const offered of [undefined, Active, Passive, ActPass]) {
      for (const preference of [Active, Passive] as const) {
        const answered = answerSetupRole(offered, preference);
        const sides = [connectDirection('offerer', offered, answered), connectDirection('answerer', offered, answered)];
        expect(sides.sort()).toEqual(['accept', 'connect']);
      }
    }
  });
});
