import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MsrpHeaderError } from '../../errors';
import { arbitraryUri } from '../test-support/arbitraries';
import { ByteRangeHeader, type ByteRange } from './byte-range';
import { ContentDispositionHeader } from './content-disposition';
import { ContentTypeHeader, mediaTypeEssence } from './content-type';
import { AuthenticationInfoHeader, AuthorizationHeader, WwwAuthenticateHeader } from './digest-headers';
import { ExpiresHeader, MaxExpiresHeader, MinExpiresHeader } from './expires';
import type { HeaderCodec } from './header-codec';
import { KNOWN_HEADERS } from './known-headers';
import { FromPathHeader, ToPathHeader, UsePathHeader } from './path-headers';
import { FailureReportHeader, SuccessReportHeader } from './report-headers';
import { StatusHeader, statusValue as status } from './status';
import { ContentDescriptionHeader, ContentIdHeader, MessageIdHeader } from './text-headers';

function rejects(codec: HeaderCodec<unknown>, values: string[]): void {
  for (const value of values) {
    let caught: unknown;
    try {
      codec.decode(value);
    } catch (error) {
      caught = error;
    }
    expect(caught, `${codec.name}: ${value}`).toBeInstanceOf(MsrpHeaderError);
    expect(caught).toMatchObject({ header: codec.name, status: 400, code: 'msrp-invalid-header' });
  }
}

describe('path headers (RFC 4975 §9, RFC 4976 §5.2)', () => {
  it('decode and encode To-Path, From-Path and Use-Path', () => {
    const text = 'msrps://relay.example.com:2855/r1;tcp msrp://bob.example.com:8888/9di4eae923wzd;tcp';
    for (const codec of [ToPathHeader, FromPathHeader, UsePathHeader]) {
      const path = codec.decode(text);
      expect(path.map((u) => u.sessionId)).toEqual(['r1', '9di4eae923wzd']);
      expect(codec.encode(path)).toBe(text);
      expect(Object.isFrozen(path)).toBe(true);
    }
    rejects(ToPathHeader, ['', 'msrp://h:1/s', 'sip:bob@example.com']);
  });
});

describe('Byte-Range (RFC 4975 §9, §7.1.1)', () => {
  it('decodes numbers and "*" both ways', () => {
    expect(ByteRangeHeader.decode('1-25/25')).toEqual({ start: 1, end: 25, total: 25 });
    expect(ByteRangeHeader.decode('65537-*/1048576')).toEqual({ start: 65537, end: '*', total: 1048576 });
    expect(ByteRangeHeader.decode('1-*/*')).toEqual({ start: 1, end: '*', total: '*' });
    expect(ByteRangeHeader.decode('1-0/0')).toEqual({ start: 1, end: 0, total: 0 });
    expect(ByteRangeHeader.encode({ start: 874, end: '*', total: 2000 })).toBe('874-*/2000');
  });
  it('refuses malformed ranges', () => {
    rejects(ByteRangeHeader, ['', '0-1/1', '1-2', '1--2/3', 'a-1/1', '*-1/1', '1-2/3/4', '99999999999999999-1/1', '1 - 2 / 3']);
  });
  it('round-trips', () => {
    const side = fc.oneof(fc.constant('*' as const), fc.nat());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), side, side, (start, end, total) => {
        const range: ByteRange = { start, end, total };
        expect(ByteRangeHeader.decode(ByteRangeHeader.encode(range))).toEqual(range);
      }),
    );
  });
});

describe('Status (RFC 4975 §9)', () => {
  it('decodes namespace, code and optional comment', () => {
    expect(StatusHeader.decode('000 200 OK')).toEqual({ namespace: '000', code: 200, comment: 'OK' });
    expect(StatusHeader.decode('000 413')).toEqual({ namespace: '000', code: 413, comment: undefined });
    expect(StatusHeader.decode('000 481 Session does not exist')).toMatchObject({ comment: 'Session does not exist' });
    expect(StatusHeader.encode(status(200, 'OK'))).toBe('000 200 OK');
    expect(StatusHeader.encode(status(8))).toBe('000 008');
    rejects(StatusHeader, ['200 OK', '000 20', '000 2000', 'abc 200', '']);
  });
  it('round-trips', () => {
    const comment = fc.option(fc.string({ unit: fc.constantFrom('a', 'Z', ' ', 'é', '-'), minLength: 1 }).filter((c) => c.trim() === c), { nil: undefined });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), comment, (code, text) => {
        expect(StatusHeader.decode(StatusHeader.encode(status(code, text)))).toEqual(status(code, text));
      }),
    );
  });
});

describe('Success-Report and Failure-Report (RFC 4975 §7.1.2)', () => {
  it('accept their values case-insensitively and refuse others', () => {
    expect(SuccessReportHeader.decode('yes')).toBe('yes');
    expect(SuccessReportHeader.decode('No')).toBe('no');
    expect(FailureReportHeader.decode('partial')).toBe('partial');
    expect(FailureReportHeader.encode('no')).toBe('no');
    rejects(SuccessReportHeader, ['partial', 'true', '']);
    rejects(FailureReportHeader, ['maybe', '']);
  });
});

describe('Expires, Min-Expires, Max-Expires (RFC 4976 §7)', () => {
  it('decode and encode seconds', () => {
    for (const codec of [ExpiresHeader, MinExpiresHeader, MaxExpiresHeader]) {
      expect(codec.decode('900')).toBe(900);
      expect(codec.decode('0')).toBe(0);
      expect(codec.encode(3600)).toBe('3600');
      rejects(codec, ['-1', '1.5', 'abc', '', '99999999999']);
    }
  });
});

describe('Message-ID, Content-ID, Content-Description', () => {
  it('keep their text', () => {
    expect(MessageIdHeader.decode('87652491')).toBe('87652491');
    expect(MessageIdHeader.decode('a.b-c+d%e=f')).toBe('a.b-c+d%e=f');
    expect(MessageIdHeader.encode('x1')).toBe('x1');
    rejects(MessageIdHeader, ['', 'a b', 'a/b', 'x'.repeat(257)]);
    expect(ContentIdHeader.decode('<part1@example.com>')).toBe('<part1@example.com>');
    expect(ContentDescriptionHeader.decode('Grüße, a file')).toBe('Grüße, a file');
    expect(ContentDescriptionHeader.encode('x y')).toBe('x y');
  });
});

describe('Content-Type (RFC 4975 §9 media-type)', () => {
  it('decodes type, subtype and parameters, quoted or not', () => {
    const value = ContentTypeHeader.decode('Text/Plain; charset=UTF-8;name="a \\"b\\"; c"');
    expect(value.type).toBe('text');
    expect(mediaTypeEssence(value)).toBe('text/plain');
    expect([...value.params]).toEqual([['charset', 'UTF-8'], ['name', 'a "b"; c']]);
    expect(ContentTypeHeader.encode(value)).toBe('text/plain;charset=UTF-8;name="a \\"b\\"; c"');
    expect(ContentTypeHeader.decode('message/cpim').params.size).toBe(0);
    rejects(ContentTypeHeader, ['', 'text', 'text/', '/plain', 'text/plain;charset', 'text/plain;a="unterminated', 'te xt/plain']);
  });
  it('round-trips', () => {
    const mimeToken = fc.string({ unit: fc.constantFrom('a', 'z', '0', '-', '+', '.'), minLength: 1, maxLength: 6 });
    const paramValue = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', ';', ',', '=', 'é'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(mimeToken, mimeToken, fc.uniqueArray(fc.tuple(mimeToken, paramValue), { selector: (p) => p[0], maxLength: 3 }), (type, subtype, params) => {
        const value = { type, subtype, params: new Map(params) };
        expect(ContentTypeHeader.decode(ContentTypeHeader.encode(value))).toEqual(value);
      }),
    );
  });
});

describe('Content-Disposition (RFC 2183)', () => {
  it('decodes disposition and parameters both ways', () => {
    const value = ContentDispositionHeader.decode('Attachment; filename="my file.txt"; size=1024');
    expect(value.disposition).toBe('attachment');
    expect(value.params.get('filename')).toBe('my file.txt');
    expect(ContentDispositionHeader.encode(value)).toBe('attachment; filename="my file.txt"; size=1024');
    expect(ContentDispositionHeader.decode(ContentDispositionHeader.encode(value))).toEqual(value);
    expect(ContentDispositionHeader.decode('inline').params.size).toBe(0);
    rejects(ContentDispositionHeader, ['', '; filename=x', 'attachment; filename', 'attachment; filename="x']);
  });
});

describe('digest headers (RFC 4976 §5.2, RFC 2617)', () => {
  it('decode a challenge without opaque, with escapes in quoted-strings', () => {
    const value = WwwAuthenticateHeader.decode('Digest realm="a \\"quoted\\" realm", NONCE="dcd98b", qop="auth,auth-int", stale=FALSE');
    expect(value.scheme).toBe('Digest');
    expect(value.params.get('realm')).toBe('a "quoted" realm');
    expect(value.params.get('nonce')).toBe('dcd98b');
    expect(value.params.get('qop')).toBe('auth,auth-int');
    expect(value.params.has('opaque')).toBe(false);
    expect(WwwAuthenticateHeader.encode(value)).toBe('Digest realm="a \\"quoted\\" realm", nonce="dcd98b", qop="auth,auth-int", stale=FALSE');
  });
  it('encode Authorization with qop and nc unquoted and the rest quoted', () => {
    const params = new Map([['username', 'alice'], ['realm', 'example.com'], ['nonce', 'n1'], ['uri', 'msrps://relay.example.com:2855;tcp'], ['response', 'abc'], ['qop', 'auth'], ['nc', '00000001'], ['cnonce', 'c1'], ['opaque', 'o1']]);
    const text = AuthorizationHeader.encode({ scheme: 'Digest', params });
    expect(text).toBe('Digest username="alice", realm="example.com", nonce="n1", uri="msrps://relay.example.com:2855;tcp", response="abc", qop=auth, nc=00000001, cnonce="c1", opaque="o1"');
    expect(AuthorizationHeader.decode(text)).toEqual({ scheme: 'Digest', params });
  });
  it('decode Authentication-Info without a scheme', () => {
    const value = AuthenticationInfoHeader.decode('nextnonce="a2b3", qop=auth, rspauth="deadbeef", cnonce="0a4f", nc=00000001');
    expect(value.get('rspauth')).toBe('deadbeef');
    expect(AuthenticationInfoHeader.encode(value)).toBe('nextnonce="a2b3", qop=auth, rspauth="deadbeef", cnonce="0a4f", nc=00000001');
  });
  it('refuse malformed parameter lists', () => {
    rejects(WwwAuthenticateHeader, ['', 'Digest realm="x', 'Digest realm=', 'Digest realm="a" nonce="b"', 'Digest ,']);
    rejects(AuthenticationInfoHeader, ['nextnonce', 'a="b",,c="d"']);
  });
  it('round-trip arbitrary values', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'b', 'n', 'c', '-'), minLength: 1, maxLength: 6 });
    const value = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', ',', '=', ':', '/'), maxLength: 8 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, value), { selector: (p) => p[0], minLength: 1, maxLength: 4 }), (params) => {
        const digest = { scheme: 'Digest', params: new Map(params) };
        expect(WwwAuthenticateHeader.decode(WwwAuthenticateHeader.encode(digest))).toEqual(digest);
        expect(AuthorizationHeader.decode(AuthorizationHeader.encode(digest))).toEqual(digest);
        expect(AuthenticationInfoHeader.decode(AuthenticationInfoHeader.encode(digest.params))).toEqual(digest.params);
      }),
    );
  });
});

describe('KNOWN_HEADERS', () => {
  it('types every header RFC 4975/4976 define, by lowercase name', () => {
    expect([...KNOWN_HEADERS.values()].map((c) => c.name).sort()).toEqual(
      ['Authentication-Info', 'Authorization', 'Byte-Range', 'Content-Description', 'Content-Disposition', 'Content-ID', 'Content-Type', 'Expires', 'Failure-Report', 'From-Path', 'Max-Expires', 'Message-ID', 'Min-Expires', 'Status', 'Success-Report', 'To-Path', 'Use-Path', 'WWW-Authenticate'].sort(),
    );
    expect(KNOWN_HEADERS.get('byte-range')).toBe(ByteRangeHeader);
  });

  it('path headers round-trip arbitrary paths', () => {
    fc.assert(
      fc.property(fc.array(arbitraryUri, { minLength: 1, maxLength: 3 }), (path) => {
        expect(ToPathHeader.decode(ToPathHeader.encode(path)).map(String)).toEqual(path.map(String));
      }),
      { numRuns: 300 },
    );
  });
});
