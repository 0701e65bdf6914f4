import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptsMediaType,
  chatSendMode,
  intersectMediaTypes,
  isMediaTypePattern,
  mediaTypeMatches,
  negotiateChatTypes,
} from './media-type-match';
import { DEFAULT_ACCEPT_TYPES, DEFAULT_CHAT_WRAPPED_TYPES } from './msrp-stream-role';

describe('accept-types matching (RFC 4975 §8.6)', () => {
  it.each([
    ['*', 'application/octet-stream', true],
    ['text/*', 'text/plain', true],
    ['text/*', 'TEXT/HTML', true],
    ['text/*', 'textual/plain', false],
    ['text/*', 'image/png', false],
    ['text/plain', 'Text/Plain', true],
    ['text/plain', 'text/plain;charset=utf-8', true],
    ['text/plain;charset=utf-8', 'text/plain', true],
    ['text/plain', 'text/html', false],
    ['message/cpim', 'message/cpim', true],
  ])('%s covers %s: %s', (pattern, type, expected) => {
    expect(mediaTypeMatches(pattern, type)).toBe(expected);
  });

  it('validates entries', () => {
    expect(['*', 'text/*', 'text/plain', 'text/plain;charset=UTF-8', 'application/im-iscomposing+xml'].every(isMediaTypePattern)).toBe(true);
    expect(['', 'text', 'text/', '/plain', 'te xt/plain', '**'].some(isMediaTypePattern)).toBe(false);
  });

  it('intersects to the narrower entry, without duplicates', () => {
    expect(intersectMediaTypes(['text/*', 'image/png'], ['text/plain', 'text/html', 'image/*'])).toEqual(['text/plain', 'text/html', 'image/png']);
    expect(intersectMediaTypes(['*'], ['message/cpim', 'text/*'])).toEqual(['message/cpim', 'text/*']);
    expect(intersectMediaTypes(['text/plain', 'TEXT/PLAIN'], ['text/*'])).toEqual(['text/plain']);
    expect(intersectMediaTypes(['application/x-rfb'], ['text/*'])).toEqual([]);
  });

  it('every type in an intersection is accepted by both lists', () => {
    const entry = fc.oneof(
      fc.constant('*'),
      fc.constantFrom('text', 'image', 'message', 'application').map((t) => `${t}/*`),
      fc.tuple(fc.constantFrom('text', 'image', 'message', 'application'), fc.constantFrom('plain', 'png', 'cpim', 'x-rfb')).map(([a, b]) => `${a}/${b}`),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), fc.array(entry, { maxLength: 5 }), (a, b) => {
        for (const common of intersectMediaTypes(a, b)) {
          if (common === '*' || common.endsWith('/*')) {
            // A wildcard survives only when both lists have a wildcard at least as wide.
            expect(a.some((p) => mediaTypeMatches(p, common))).toBe(true);
            expect(b.some((p) => mediaTypeMatches(p, common))).toBe(true);
          } else {
            expect(acceptsMediaType(a, common) && acceptsMediaType(b, common)).toBe(true);
          }
        }
      }),
    );
  });
});

describe('negotiateChatTypes', () => {
  const blink = { acceptTypes: DEFAULT_ACCEPT_TYPES.chat, acceptWrappedTypes: DEFAULT_CHAT_WRAPPED_TYPES };

  it('uses CPIM when both list message/cpim', () => {
    const result = negotiateChatTypes(blink, blink);
    expect(result.cpim).toBe(true);
    expect(result.usable).toBe(true);
    expect(chatSendMode(result, 'text/plain')).toBe('bare');
    expect(chatSendMode(result, 'application/pdf')).toBe('refused');
  });

  it('does not use CPIM when the peer lacks it', () => {
    const result = negotiateChatTypes(blink, { acceptTypes: ['text/plain'], acceptWrappedTypes: undefined });
    expect(result.cpim).toBe(false);
    expect(result.sendWrapped).toEqual([]);
    expect(chatSendMode(result, 'text/plain')).toBe('bare');
    expect(chatSendMode(result, 'image/png')).toBe('refused');
  });

  it('wraps what the peer accepts only inside CPIM', () => {
    const result = negotiateChatTypes(blink, { acceptTypes: ['message/cpim'], acceptWrappedTypes: ['text/plain', 'application/im-iscomposing+xml'] });
    expect(result.cpim).toBe(true);
    expect(chatSendMode(result, 'text/plain')).toBe('cpim');
    expect(chatSendMode(result, 'application/im-iscomposing+xml')).toBe('cpim');
    expect(chatSendMode(result, 'image/png')).toBe('refused');
  });

  it('falls back to accept-types inside CPIM when accept-wrapped-types is absent', () => {
    const result = negotiateChatTypes(blink, { acceptTypes: ['message/cpim', 'text/plain'], acceptWrappedTypes: undefined });
    expect(result.sendWrapped).toEqual(['text/plain']);
  });

  it('is unusable without a common type', () => {
    expect(negotiateChatTypes(blink, { acceptTypes: ['application/x-rfb'], acceptWrappedTypes: undefined }).usable).toBe(false);
  });
});
