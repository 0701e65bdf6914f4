import { describe, expect, it } from 'vitest';
import { CliUsageError, integerOption, parseArguments } from './cli-arguments';

const spec = { send: { flags: ['tls'], values: ['to-path', 'count'] } };

describe('parseArguments', () => {
  it('reads values and flags', () => {
    const parsed = parseArguments(['send', '--tls', '--to-path', 'msrp://a:1/x;tcp', '--count', '3'], spec);
    expect(parsed.flags.has('tls')).toBe(true);
    expect(parsed.values.get('to-path')).toBe('msrp://a:1/x;tcp');
    expect(integerOption(parsed, 'count', 1)).toBe(3);
  });

  it('refuses unknown commands, options, stray words and missing values', () => {
    expect(() => parseArguments(['fly'], spec)).toThrow(CliUsageError);
    expect(() => parseArguments(['send', '--nope'], spec)).toThrow(/unknown option/);
    expect(() => parseArguments(['send', 'word'], spec)).toThrow(/unexpected/);
    expect(() => parseArguments(['send', '--count'], spec)).toThrow(/needs a value/);
    expect(() => integerOption(parseArguments(['send', '--count', '-1'], spec), 'count', 1)).toThrow(/non-negative/);
  });
});
