import { describe, expect, it } from 'vitest';
import { chatStream, sessionView } from '../../test-support/fixtures';
import { describeSession, describeStream, failureAdvice } from './session-status';

describe('describeSession', () => {
  it('words the live states', () => {
    expect(describeSession(sessionView({ state: 'calling' }))).toMatchObject({ phase: 'calling', label: 'Calling…', detail: 'Waiting for Bob to answer.' });
    expect(describeSession(sessionView({ state: 'incoming', direction: 'incoming' }))).toMatchObject({ phase: 'incoming' });
    expect(describeSession(sessionView({ state: 'accepting' })).phase).toBe('connecting');
    expect(describeSession(sessionView({ state: 'established' }))).toMatchObject({ phase: 'established', label: 'Established' });
    expect(describeSession(sessionView({ state: 'proposing' })).phase).toBe('updating');
    expect(describeSession(sessionView({ state: 'terminating' })).label).toBe('Ending…');
  });

  it('says who ended an established session', () => {
    expect(describeSession(sessionView({ state: 'terminated', endedBy: 'local' }))).toMatchObject({ phase: 'ended', label: 'Ended by you' });
    expect(describeSession(sessionView({ state: 'terminated', endedBy: 'remote' })).label).toBe('Ended by Bob');
  });

  it('tells a cancel or a local refusal from a failure', () => {
    const cancelled = sessionView({ state: 'terminated', failure: { originator: 'local', code: 487, reason: 'Request Terminated' } });
    expect(describeSession(cancelled)).toMatchObject({ phase: 'ended', label: 'Cancelled by you' });
    const missed = sessionView({ state: 'terminated', direction: 'incoming', failure: { originator: 'remote', code: 487, reason: '' } });
    expect(describeSession(missed)).toMatchObject({ label: 'Cancelled by Bob', detail: 'Missed: Bob hung up before you answered.' });
    const busy = sessionView({ state: 'terminated', direction: 'incoming', failure: { originator: 'local', code: 486, reason: 'Busy Here' } });
    expect(describeSession(busy).label).toBe('You answered busy');
  });

  it('shows the code, the reason and what to do when the other side refuses', () => {
    const refused = sessionView({ state: 'terminated', failure: { originator: 'remote', code: 486, reason: 'Busy Here' } });
    expect(describeSession(refused)).toEqual({ phase: 'failed', label: 'Failed: 486 Busy Here', detail: 'Bob is busy. Try again later.' });
    const media = sessionView({ state: 'terminated', failure: { originator: 'local', code: 0, reason: 'MSRP setup failed: relay refused' } });
    expect(describeSession(media).label).toBe('Failed: MSRP setup failed: relay refused');
    expect(describeSession(media).detail).toMatch(/MSRP relay settings/);
  });

  it('has advice for the common final responses and none for unknown ones', () => {
    expect(failureAdvice(404, 'Bob')).toMatch(/check the address/);
    expect(failureAdvice(480, 'Bob')).toMatch(/not online/);
    expect(failureAdvice(603, 'Bob')).toBe('Bob declined the session.');
    expect(failureAdvice(488, 'Bob')).toMatch(/cannot take the streams/);
    expect(failureAdvice(407, 'Bob')).toMatch(/password/);
    expect(failureAdvice(503, 'Bob')).toMatch(/server had a problem/);
    expect(failureAdvice(499, 'Bob')).toBeNull();
  });
});

describe('describeStream', () => {
  it('words each stream state, with the failure reason', () => {
    expect(describeStream(chatStream('a', 'starting'))).toBe('Connecting…');
    expect(describeStream(chatStream('a', 'started'))).toBe('Connected');
    expect(describeStream(chatStream('a', 'ended'))).toBe('Closed');
    expect(describeStream({ ...chatStream('a', 'failed'), failure: 'refused by the peer' })).toBe('Failed: refused by the peer');
  });
});
