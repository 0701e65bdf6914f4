import { describe, expect, it } from 'vitest';
import { formatCpimAddress, parseCpimAddress } from './cpim-address';

describe('CPIM addresses (RFC 3862 §4.1–4.3)', () => {
  it('reads quoted, unquoted and absent display names, and bare URIs', () => {
    expect(parseCpimAddress('"Alice \\"A\\" Smith" <sip:alice@example.com>')).toEqual({ displayName: 'Alice "A" Smith', uri: 'sip:alice@example.com' });
    expect(parseCpimAddress('Alice Smith <sip:alice@example.com>')).toEqual({ displayName: 'Alice Smith', uri: 'sip:alice@example.com' });
    expect(parseCpimAddress('<im:bob@example.com>')).toEqual({ uri: 'im:bob@example.com' });
    expect(parseCpimAddress(' sip:bob@example.com ')).toEqual({ uri: 'sip:bob@example.com' });
  });

  it('refuses addresses without a usable URI', () => {
    for (const bad of ['', 'Bob <>', 'Bob sip:bob@x', '"Bob <sip:b@x>', '"Bob" x <sip:b@x>', 'Bob <sip:a@x> <sip:b@x>']) {
      expect(() => parseCpimAddress(bad), bad).toThrow(expect.objectContaining({ code: 'chat-format-malformed' }));
    }
  });

  it('writes names so that quotes, backslashes and line breaks survive', () => {
    const address = { displayName: 'A "q" \\ b\r\nc', uri: 'sip:a@b' };
    expect(formatCpimAddress(address)).toBe('"A \\"q\\" \\\\ b\\u000d\\u000ac" <sip:a@b>');
    expect(parseCpimAddress(formatCpimAddress(address))).toEqual(address);
    expect(formatCpimAddress({ uri: 'sip:a@b', displayName: '' })).toBe('<sip:a@b>');
  });
});
