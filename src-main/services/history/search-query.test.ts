import { describe, expect, it } from 'vitest';
import { toFtsQuery, toLikePattern } from './search-query';

describe('search queries', () => {
  it('quotes every word, ANDs them and makes the last a prefix', () => {
    expect(toFtsQuery('  hello   wor ')).toBe('"hello" "wor"*');
    expect(toFtsQuery('say "hi" OR NOT x*')).toBe('"say" """hi""" "OR" "NOT" "x*"*');
    expect(toFtsQuery('   ')).toBeNull();
  });

  it('escapes LIKE wildcards for the fallback', () => {
    expect(toLikePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
    expect(toLikePattern(' ')).toBeNull();
  });
});
