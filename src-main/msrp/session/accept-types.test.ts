import { describe, expect, it } from 'vitest';
import { AcceptTypes } from './accept-types';

describe('AcceptTypes', () => {
  it('accepts everything with *', () => {
    expect(new AcceptTypes(['*']).accepts('application/x-anything')).toBe(true);
  });

  it('matches type/* and exact types case-insensitively, ignoring parameters', () => {
    const accept = new AcceptTypes(['text/*', 'Message/CPIM']);
    expect(accept.accepts('text/plain;charset=UTF-8')).toBe(true);
    expect(accept.accepts('TEXT/HTML')).toBe(true);
    expect(accept.accepts('message/cpim')).toBe(true);
    expect(accept.accepts('message/imdn+xml')).toBe(false);
    expect(accept.accepts('image/png')).toBe(false);
    expect(accept.accepts('text')).toBe(false);
  });

  it('accepts nothing with an empty list', () => {
    expect(new AcceptTypes([]).accepts('text/plain')).toBe(false);
  });
});
