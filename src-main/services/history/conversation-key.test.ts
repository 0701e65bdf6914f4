import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeConversationKey } from './conversation-key';

describe('normalizeConversationKey', () => {
  it('maps every form of one address to one key', () => {
    const forms = [
      'sip:alice@example.com',
      'SIP:alice@Example.COM',
      'sips:alice@example.com:5061;transport=tls',
      '"Alice" <sip:alice@example.com;gr=urn:uuid:1>',
      'Alice <sip:alice:secret@example.com?subject=x>',
      'alice@example.com',
      'alice@example.com:5060',
    ];
    for (const form of forms) expect(normalizeConversationKey(form), form).toBe('sip:alice@example.com');
  });

  it('keeps the user part case-sensitive (RFC 3261 §19.1.4) and handles hosts without users, IPv6, tel and other schemes', () => {
    expect(normalizeConversationKey('sip:Alice@example.com')).toBe('sip:Alice@example.com');
    expect(normalizeConversationKey('sip:example.com:5060')).toBe('sip:example.com');
    expect(normalizeConversationKey('example.com:5060')).toBe('sip:example.com');
    expect(normalizeConversationKey('sip:bob@[2001:DB8::1]:5070')).toBe('sip:bob@[2001:db8::1]');
    expect(normalizeConversationKey('tel:+1-212-555-0101;phone-context=x')).toBe('tel:+12125550101');
    expect(normalizeConversationKey('IM:bob@example.com')).toBe('im:bob@example.com');
  });

  it('is idempotent', () => {
    const address = fc
      .tuple(
        fc.constantFrom('sip:', 'SIPS:', '', 'tel:'),
        fc.stringMatching(/^[a-zA-Z0-9.+-]{0,8}$/),
        fc.stringMatching(/^[a-zA-Z0-9.-]{1,10}$/),
        fc.constantFrom('', ':5060', ';transport=tcp', '?x=y'),
      )
      .map(([scheme, user, host, tail]) => `${scheme}${user === '' ? '' : `${user}@`}${host}${tail}`);
    fc.assert(
      fc.property(address, (a) => {
        const key = normalizeConversationKey(a);
        expect(normalizeConversationKey(key)).toBe(key);
      }),
      { numRuns: 2000 },
    );
  });
});
