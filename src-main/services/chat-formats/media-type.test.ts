import { describe, expect, it } from 'vitest';
import { isTextMediaType, parseMediaType } from './media-type';

describe('media types', () => {
  it('splits essence and parameters, lower-casing names and unquoting values', () => {
    expect(parseMediaType('Text/Plain; Charset="UTF-8"; format=flowed')).toEqual({ essence: 'text/plain', params: { charset: 'UTF-8', format: 'flowed' } });
    expect(parseMediaType('message/cpim')).toEqual({ essence: 'message/cpim', params: {} });
    expect(parseMediaType('a/b; x="semi;colon \\"q\\""').params.x).toBe('semi;colon "q"');
  });

  it('refuses what is not a media type', () => {
    for (const bad of ['', 'text', 'text/', '/plain', 'te xt/plain']) expect(() => parseMediaType(bad), bad).toThrow(expect.objectContaining({ code: 'chat-format-malformed' }));
  });

  it('calls text/* in UTF-8 or ASCII text, and nothing else', () => {
    expect(isTextMediaType(parseMediaType('text/plain'))).toBe(true);
    expect(isTextMediaType(parseMediaType('text/html;charset=utf-8'))).toBe(true);
    expect(isTextMediaType(parseMediaType('text/plain;charset=iso-8859-1'))).toBe(false);
    expect(isTextMediaType(parseMediaType('image/png'))).toBe(false);
  });
});
