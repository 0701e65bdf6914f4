import { describe, expect, it } from 'vitest';
import { completeTarget, targetProblem } from './session-target';

describe('completeTarget', () => {
  it('keeps addresses and URIs, and gives a bare name the account’s domain', () => {
    expect(completeTarget(' bob@parley.test ', 'alice@parley.test')).toBe('bob@parley.test');
    expect(completeTarget('sip:bob@parley.test', 'alice@x.org')).toBe('sip:bob@parley.test');
    expect(completeTarget('bob', 'alice@parley.test')).toBe('bob@parley.test');
    expect(completeTarget('sip:bob', 'alice@parley.test')).toBe('sip:bob@parley.test');
    expect(completeTarget('', 'alice@parley.test')).toBe('');
  });
});

describe('targetProblem', () => {
  it('accepts user@domain and sip: URIs', () => {
    expect(targetProblem('bob@parley.test')).toBeNull();
    expect(targetProblem('sips:bob@parley.test;transport=tcp')).toBeNull();
  });

  it.each([
    ['', /Enter the address/],
    ['bob smith@x.org', /no spaces/],
    ['@x.org', /such as bob@example.com/],
    ['sip:@x.org', /such as bob@example.com/],
    ['bob@', /such as bob@example.com/],
    ['bob@x@y', /such as bob@example.com/],
  ])('refuses %j with a message saying what to type', (target, message) => {
    expect(targetProblem(target)).toMatch(message);
  });
});
