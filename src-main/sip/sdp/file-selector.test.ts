import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFileSelector, formatHashValue, parseFileSelector, type FileSelector } from './file-selector';
import { SdpError } from './sdp-error';
import { isByteString } from './sdp-grammar';

const SHA1 = '72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E';

describe('parseFileSelector', () => {
  it('reads the selector the SIP SIMPLE client writes', () => {
    expect(parseFileSelector(`name:"holiday photo.jpg" type:image/jpeg size:123456 hash:sha-1:${SHA1}`)).toEqual({
      name: 'holiday photo.jpg',
      type: { mediaType: 'image/jpeg', parameters: [] },
      size: 123456,
      hashes: [{ algorithm: 'sha-1', value: SHA1 }],
    });
  });

  it('decodes percent-encoded names as UTF-8 and keeps a stray % literally', () => {
    expect(parseFileSelector('name:"a%22b%25c%C3%A9.txt"').name).toBe('a"b%cé.txt');
    expect(parseFileSelector('name:"100%.txt"').name).toBe('100%.txt');
    expect(parseFileSelector('name:"50%4"').name).toBe('50%4');
  });

  it('reads type parameters and percent-decodes their values', () => {
    expect(parseFileSelector('type:text/plain;charset=UTF-8;name=a%20b').type).toEqual({
      mediaType: 'text/plain',
      parameters: [
        { name: 'charset', value: 'UTF-8' },
        { name: 'name', value: 'a b' },
      ],
    });
  });

  it('normalizes lowercase hash digits and the old sha1 spelling', () => {
    expect(parseFileSelector(`hash:sha1:${SHA1.toLowerCase()}`).hashes).toEqual([{ algorithm: 'sha-1', value: SHA1 }]);
  });

  it('accepts several hashes and runs of spaces, size 0', () => {
    const selector = parseFileSelector(`size:0  hash:sha-1:${SHA1} hash:sha-256:AB:CD`);
    expect(selector.size).toBe(0);
    expect(selector.hashes.map((h) => h.algorithm)).toEqual(['sha-1', 'sha-256']);
  });

  it.each([
    ['empty', ''],
    ['unquoted name', 'name:photo.jpg'],
    ['unterminated name', 'name:"photo.jpg'],
    ['empty name', 'name:""'],
    ['junk after the name', 'name:"a"b'],
    ['repeated name', 'name:"a" name:"b"'],
    ['negative size', 'size:-1'],
    ['size with letters', 'size:12k'],
    ['type without subtype', 'type:image'],
    ['type parameter without value', 'type:text/plain;charset'],
    ['short sha-1', 'hash:sha-1:AB:CD'],
    ['odd hex', 'hash:sha-1:ABC'],
    ['unknown selector', 'colour:red'],
    ['selector without colon', 'name'],
    ['invalid UTF-8 escape', 'name:"%FF%FE"'],
  ])('refuses %s with 400', (_name, value) => {
    expect(() => parseFileSelector(value)).toThrowError(SdpError);
    try {
      parseFileSelector(value);
    } catch (error) {
      expect((error as SdpError).code).toBe('sdp/bad-file-selector');
      expect((error as SdpError).status).toBe(400);
    }
  });
});

describe('formatFileSelector', () => {
  it('writes name, type, size and hash in the peers\' order, escaping what RFC 5547 §9 forbids', () => {
    const text = formatFileSelector({
      name: 'say "hi"\r\n100%.txt',
      type: { mediaType: 'text/plain', parameters: [{ name: 'charset', value: 'utf 8' }] },
      size: 42,
      hashes: [{ algorithm: 'sha-1', value: SHA1 }],
    });
    expect(text).toBe(`name:"say %22hi%22%0D%0A100%25.txt" type:text/plain;charset=utf%208 size:42 hash:sha-1:${SHA1}`);
  });

  it('formats digests as uppercase hex pairs', () => {
    expect(formatHashValue(new Uint8Array([0x0a, 0xff, 0x00]))).toBe('0A:FF:00');
  });

  it('refuses an empty name, a lone surrogate and a lowercase hash', () => {
    expect(() => formatFileSelector({ name: '', type: undefined, size: undefined, hashes: [] })).toThrowError(SdpError);
    expect(() => formatFileSelector({ name: 'a\uD800b', type: undefined, size: undefined, hashes: [] })).toThrowError(SdpError);
    expect(() => formatFileSelector({ name: 'a', type: undefined, size: undefined, hashes: [{ algorithm: 'sha-1', value: 'ab' }] })).toThrowError(SdpError);
  });
});

// Any code points, surrogate pairs included; lone surrogates are refused (tested above) so left out here.
const wellFormed = (text: string): boolean => !/[\uD800-\uDFFF]/u.test(text);
const nameArb = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter(wellFormed);
const tokenArb = fc.stringMatching(/^[A-Za-z0-9!#$&+\-.^_]{1,12}$/);
const selectorArb: fc.Arbitrary<FileSelector> = fc.record({
  name: fc.option(nameArb, { nil: undefined }),
  type: fc.option(
    fc.record({
      mediaType: fc.tuple(tokenArb, tokenArb).map(([a, b]) => `${a}/${b}`),
      parameters: fc.array(fc.record({ name: tokenArb, value: fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }).filter(wellFormed) }), {
        maxLength: 3,
      }),
    }),
    { nil: undefined },
  ),
  size: fc.option(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { nil: undefined }),
  hashes: fc.array(
    fc.uint8Array({ minLength: 20, maxLength: 20 }).map((digest) => ({ algorithm: 'sha-1', value: formatHashValue(digest) })),
    { maxLength: 2 },
  ),
});

describe('file-selector properties', () => {
  it('format → parse is the identity for any name, type, size and hash', () => {
    fc.assert(
      fc.property(
        selectorArb.filter((s) => s.name !== undefined || s.type !== undefined || s.size !== undefined || s.hashes.length > 0),
        (selector) => {
          const text = formatFileSelector(selector);
          // What goes on the wire never breaks the SDP line, whatever the name holds.
          expect(isByteString(text)).toBe(true);
          expect(parseFileSelector(text)).toEqual(selector);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an encoded name contains no raw quote, percent escape or control break', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        const text = formatFileSelector({ name, type: undefined, size: undefined, hashes: [] });
        const inner = text.slice('name:"'.length, -1);
        expect(inner).not.toMatch(/["\r\n\0]/);
        expect(inner.replace(/%[0-9A-F]{2}/g, '')).not.toContain('%');
      }),
      { numRuns: 500 },
    );
  });
});
