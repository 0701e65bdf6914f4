import { describe, expect, it } from 'vitest';
import type { SetupRole } from './msrp-media-description';
import { SdpError } from './sdp-error';
import { ACTPASS_ANSWER, answerSetup, resolveOfferSetup } from './setup-role';

describe('answerSetup (RFC 6135 §4.1 table, answerer side)', () => {
  it.each([
    [undefined, 'passive', 'passive', 'remote'],
    [undefined, 'active', 'passive', 'remote'],
    ['active', 'active', 'passive', 'remote'],
    ['passive', 'passive', 'active', 'local'],
    ['actpass', 'passive', 'passive', 'remote'],
    ['actpass', 'active', 'active', 'local'],
    ['holdconn', 'active', 'holdconn', 'none'],
  ] as const)('offer %s, actpass answer %s → we are %s, %s connects', (offered, preference, local, connector) => {
    const outcome = answerSetup(offered, preference);
    expect(outcome.localSetup).toBe(local);
    expect(outcome.connector).toBe(connector);
    // Exactly one end is active, or both hold.
    expect(outcome.remoteSetup).toBe(local === 'holdconn' ? 'holdconn' : local === 'active' ? 'passive' : 'active');
  });

  it('answers actpass passive behind a relay and active when direct', () => {
    expect(answerSetup('actpass', ACTPASS_ANSWER.relay).localSetup).toBe('passive');
    expect(answerSetup('actpass', ACTPASS_ANSWER.direct).localSetup).toBe('active');
  });
});

describe('resolveOfferSetup (offerer side)', () => {
  it.each([
    ['actpass', 'active', 'passive', 'remote'],
    ['actpass', 'passive', 'active', 'local'],
    ['actpass', undefined, 'active', 'local'],
    ['actpass', 'holdconn', 'holdconn', 'none'],
    ['active', 'passive', 'active', 'local'],
    ['passive', 'active', 'passive', 'remote'],
    ['active', undefined, 'active', 'local'],
    [undefined, undefined, 'active', 'local'],
    ['holdconn', 'holdconn', 'holdconn', 'none'],
  ] as const)('offered %s, answered %s → we are %s, %s connects', (offered, answered, local, connector) => {
    expect(resolveOfferSetup(offered, answered)).toMatchObject({ localSetup: local, connector });
  });

  it.each([
    ['actpass', 'actpass'],
    ['active', 'active'],
    ['passive', 'passive'],
    ['passive', undefined],
    ['holdconn', 'active'],
  ] as const)('refuses offered %s answered %s with 488', (offered, answered) => {
    expect(() => resolveOfferSetup(offered, answered)).toThrowError(SdpError);
    try {
      resolveOfferSetup(offered, answered);
    } catch (error) {
      expect([(error as SdpError).code, (error as SdpError).status]).toEqual(['sdp/setup-conflict', 488]);
    }
  });

  it('agrees with the answerer: whatever we answer, the offerer resolves to the same connector', () => {
    const offers: (SetupRole | undefined)[] = [undefined, 'active', 'passive', 'actpass', 'holdconn'];
    for (const offered of offers) {
      for (const preference of ['active', 'passive'] as const) {
        const answer = answerSetup(offered, preference);
        const offerer = resolveOfferSetup(offered, answer.localSetup);
        const mirrored = { local: 'remote', remote: 'local', none: 'none' } as const;
        expect(offerer.connector).toBe(mirrored[answer.connector]);
      }
    }
  });
});
