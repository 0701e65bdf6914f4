import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatFormatError } from './chat-format-error';
import { formatRfc3339, parseRfc3339 } from './rfc3339';

describe('RFC 3339 date-time', () => {
  it('reads offsets, Z, lowercase separators and fractions of any length', () => {
    expect(parseRfc3339('2008-04-04T12:16:49-05:00')).toEqual({ epochMs: Date.UTC(2008, 3, 4, 17, 16, 49), offsetMinutes: -300 });
    expect(parseRfc3339('2008-04-04t12:16:49.123456z')).toEqual({ epochMs: Date.UTC(2008, 3, 4, 12, 16, 49, 123), offsetMinutes: 0 });
    expect(parseRfc3339('2024-02-29T23:59:59+05:30').offsetMinutes).toBe(330);
    expect(parseRfc3339('0050-01-01T00:00:00Z').epochMs).toBe(Date.parse('0050-01-01T00:00:00Z'));
  });

  it('refuses missing offsets (unless told to assume UTC), impossible dates and garbage', () => {
    expect(() => parseRfc3339('2008-04-04T12:16:49')).toThrow(ChatFormatError);
    expect(parseRfc3339('2008-04-04T12:16:49', { assumeUtc: true }).epochMs).toBe(Date.UTC(2008, 3, 4, 12, 16, 49));
    for (const bad of ['2023-02-29T00:00:00Z', '2023-13-01T00:00:00Z', '2023-01-01T24:00:00Z', '2023-01-01T00:00:00+24:00', 'yesterday', '']) {
      expect(() => parseRfc3339(bad), bad).toThrow(expect.objectContaining({ code: 'chat-format-malformed', status: 400 }));
    }
  });

  it('writes the offset it is given and round-trips to the millisecond', () => {
    expect(formatRfc3339({ epochMs: Date.UTC(2025, 0, 2, 3, 4, 5, 6), offsetMinutes: 90 })).toBe('2025-01-02T04:34:05.006+01:30');
    expect(formatRfc3339(Date.UTC(2025, 0, 2, 3, 4, 5, 6))).toBe('2025-01-02T03:04:05.006Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 - 86400000 }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), (epochMs, offsetMinutes) => {
        expect(parseRfc3339(formatRfc3339({ epochMs, offsetMinutes }))).toEqual({ epochMs, offsetMinutes });
      }),
      { numRuns: 1000 },
    );
  });
});
