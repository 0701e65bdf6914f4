import { describe, expect, it } from 'vitest';
import { decodeCpim, encodeCpim } from './cpim';

describe('CPIM (RFC 3862)', () => {
  it('round-trips identities, time, content type and a UTF-8 body', () => {
    const time = Date.UTC(2024, 4, 1, 12, 30, 0);
    const encoded = encodeCpim({ from: 'sip:alice@example.com', to: 'sip:bob@example.com', time, contentType: 'text/plain', body: Buffer.from('héllo\r\n\r\nworld') });
    expect(encoded.toString('utf8')).toContain('DateTime: 2024-05-01T12:30:00.000Z\r\n\r\nContent-Type: text/plain\r\n\r\n');
    const decoded = decodeCpim(encoded);
    expect(decoded).toMatchObject({ from: 'sip:alice@example.com', to: 'sip:bob@example.com', time, contentType: 'text/plain' });
    // A blank line inside the body belongs to the body: only the first two separate headers.
    expect(decoded?.body.toString('utf8')).toBe('héllo\r\n\r\nworld');
  });

  it('escapes control characters in header values and reads them back', () => {
    const encoded = encodeCpim({ from: 'sip:a\nb@example.com', to: 'sip:c@example.com', time: 0, contentType: 'text/plain', body: Buffer.alloc(0) });
    expect(encoded.toString('utf8').split('\r\n')[0]).toBe('From: <sip:a\\u000ab@example.com>');
    expect(decodeCpim(encoded)?.from).toBe('sip:a\nb@example.com');
  });

  it('reads a display name form and refuses a body without both header blocks', () => {
    const text = 'From: "Alice" <sip:alice@example.com>\r\nDateTime: nonsense\r\n\r\nContent-Type: text/html\r\n\r\n<b>x</b>';
    expect(decodeCpim(Buffer.from(text))).toMatchObject({ from: 'sip:alice@example.com', time: undefined, contentType: 'text/html' });
    expect(decodeCpim(Buffer.from('From: <sip:a@b>\r\n\r\nno second block'))).toBeUndefined();
  });
});
