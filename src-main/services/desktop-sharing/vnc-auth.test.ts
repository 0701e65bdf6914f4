import { describe, expect, it } from 'vitest';
import { generateVncPassword, vncAuthResponse, vncKey } from './vnc-auth';

describe('VNC Authentication (RFC 6143 §7.2.2)', () => {
  it('reverses the bits of each password byte and zero-pads the key to 8 bytes', () => {
    expect(vncKey('\x01\x80\x0f').toString('hex')).toBe('8001f00000000000');
    expect(vncKey('abcdefghijk')).toHaveLength(8);
    expect(vncKey('abcdefgh').equals(vncKey('abcdefghXYZ'))).toBe(true);
  });

  it('encrypts the challenge with single DES: the FIPS 81 vector through the bit-reversed key', () => {
    // Key 0123456789ABCDEF is the bit-reversal of these password bytes; "Now is t" → 3FA40E8A984D4815.
    const password = Buffer.from('80c4a2e691d5b3f7', 'hex').toString('latin1');
    const challenge = Buffer.from('Now is tNow is t', 'latin1');
    expect(vncAuthResponse(challenge, password).toString('hex')).toBe('3fa40e8a984d4815'.repeat(2));
  });

  it('refuses a challenge that is not 16 bytes', () => {
    expect(() => vncAuthResponse(Buffer.alloc(8), 'x')).toThrow(RangeError);
  });

  it('makes 8-character passwords that differ', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => generateVncPassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z2-9]{8}$/);
  });
});
