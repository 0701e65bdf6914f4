import { describe, expect, it } from 'vitest';
import { describeRegistration, registrationAdvice, registrationIsTimed } from './registration-status';

const NOW = 1_000_000;

describe('describeRegistration', () => {
  it('says Registered with the time left', () => {
    const status = describeRegistration({ state: 'registered', expiresAt: NOW + 299_500 }, true, NOW);
    expect(status).toMatchObject({ state: 'registered', tone: 'ok', label: 'Registered' });
    expect(status.advice).toBe('Expires in 5 min; renewed automatically.');
  });

  it('names the server code and reason of a failure and says to check the password for 403', () => {
    const status = describeRegistration({ state: 'failed', code: 403, reason: 'Wrong Password' }, true, NOW);
    expect(status.label).toBe('Registration failed: 403 Wrong Password');
    expect(status.tone).toBe('problem');
    expect(status.advice).toMatch(/^Check the password/);
  });

  it('gives advice that fits the code', () => {
    expect(registrationAdvice(401)).toMatch(/password/);
    expect(registrationAdvice(404)).toMatch(/check the SIP address/);
    expect(registrationAdvice(423)).toMatch(/registration interval/);
    expect(registrationAdvice(408)).toMatch(/outbound proxy and your network/);
    expect(registrationAdvice(500)).toMatch(/server has a problem/);
    expect(registrationAdvice(420)).toMatch(/ask your provider/);
  });

  it('words a failure without a response (code 0) without a bare 0', () => {
    expect(describeRegistration({ state: 'failed', code: 0, reason: 'connection refused' }, true, NOW).label).toBe('Registration failed: connection refused');
  });

  it('counts down to the next retry, with a label that does not tick', () => {
    const soon = describeRegistration({ state: 'retrying', retryAt: NOW + 12_000, reason: '503 Service Unavailable' }, true, NOW);
    const later = describeRegistration({ state: 'retrying', retryAt: NOW + 12_000, reason: '503 Service Unavailable' }, true, NOW + 5_000);
    expect(soon.label).toBe(later.label);
    expect(soon.advice).toContain('Retrying in 12 s.');
    expect(later.advice).toContain('Retrying in 7 s.');
    expect(soon.advice).toContain('Last attempt: 503 Service Unavailable.');
    expect(describeRegistration({ state: 'retrying', retryAt: NOW - 1, reason: '' }, true, NOW).advice).toMatch(/^Retrying now…/);
  });

  it('tells a disabled account, registration off, and the waiting states apart', () => {
    expect(describeRegistration({ state: 'registered', expiresAt: NOW }, false, NOW)).toMatchObject({ state: 'off', label: 'Account off' });
    expect(describeRegistration({ state: 'disabled' }, true, NOW)).toMatchObject({ state: 'disabled', label: 'Registration off' });
    expect(describeRegistration({ state: 'registering' }, true, NOW).label).toBe('Registering…');
    expect(describeRegistration({ state: 'unregistered' }, true, NOW).label).toBe('Not registered');
  });

  it('ticks only for states whose words depend on the clock', () => {
    expect(registrationIsTimed({ state: 'registered', expiresAt: NOW }, true)).toBe(true);
    expect(registrationIsTimed({ state: 'retrying', retryAt: NOW, reason: '' }, true)).toBe(true);
    expect(registrationIsTimed({ state: 'retrying', retryAt: NOW, reason: '' }, false)).toBe(false);
    expect(registrationIsTimed({ state: 'failed', code: 403, reason: '' }, true)).toBe(false);
  });
});
