import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeCpimHeaderValue, unescapeCpimHeaderValue } from './cpim-escape';

describe('CPIM header value escaping (RFC 3862 §3.1)', () => {
  it('writes control characters as \\uXXXX and the backslash as \\\\, like the SIP SIMPLE client', () => {
    expect(escapeCpimHeaderValue('a\r\nb\tc\u007f')).toBe('a\\u000d\\u000ab\\u0009c\\u007f');
    expect(escapeCpimHeaderValue('C:\\x')).toBe('C:\\\\x');
    expect(escapeCpimHeaderValue('plain ünïcödé 😀')).toBe('plain ünïcödé 😀');
  });

  it('writes lone surrogates as escapes so that every string survives UTF-8', () => {
    expect(escapeCpimHeaderValue('x\ud800y')).toBe('x\\ud800y');
    expect(escapeCpimHeaderValue('\udc00')).toBe('\\udc00');
  });

  it('reads every escape of the grammar, and keeps unknown ones literally', () => {
    expect(unescapeCpimHeaderValue('\\u0041\\b\\t\\n\\r\\"\\\'\\\\')).toBe('A\b\t\n\r"\'\\');
    expect(unescapeCpimHeaderValue('C:\\users\\x')).toBe('C:\\users\\x');
    expect(unescapeCpimHeaderValue('\\u12')).toBe('\\u12');
    expect(unescapeCpimHeaderValue('end\\')).toBe('end\\');
    expect(unescapeCpimHeaderValue('\\U0041')).toBe('\\U0041');
  });

  it('round-trips any string, and the escaped form never holds a control character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = escapeCpimHeaderValue(value);
        expect(escaped).not.toMatch(/[\u0000-\u001f\u007f]/);
        expect(unescapeCpimHeaderValue(escaped)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips strings rich in backslashes and escape look-alikes', () => {
    const piece = fc.constantFrom('\\', 'u', '0', '0a', '\\u0041', '"', '\n', '\r', 'x', '\ud83d', '\ude00');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const value = pieces.join('');
        expect(unescapeCpimHeaderValue(escapeCpimHeaderValue(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});
