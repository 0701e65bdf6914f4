import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MsrpUriError } from '../errors';
import { formatPath, parsePath, pathEquals } from './msrp-path';
import { generateSessionId, MsrpUri } from './msrp-uri';
import { arbitraryUri } from './test-support/arbitraries';

describe('MsrpUri.parse (RFC 4975 §9)', () => {
  it('reads every part', () => {
    const uri = MsrpUri.parse('msrps://alice%20x:pw@relay.example.com:2855/Ab+c=/d~e.f;tcp;foo=bar;flag');
    expect(uri).toMatchObject({ scheme: 'msrps', user: 'alice%20x:pw', host: 'relay.example.com', port: 2855, sessionId: 'Ab+c=/d~e.f', transport: 'tcp' });
    expect(uri.parameters).toEqual([{ name: 'foo', value: 'bar' }, { name: 'flag', value: undefined }]);
    expect(uri.parameter('FOO')).toBe('bar');
    expect(uri.parameter('flag')).toBeNull();
    expect(uri.parameter('none')).toBeUndefined();
    expect(uri.secure).toBe(true);
  });

  it('reads IPv4, IPv6 and reg-name hosts, with and without port and session-id', () => {
    expect(MsrpUri.parse('msrp://192.0.2.1:7777/abc;tcp')).toMatchObject({ host: '192.0.2.1', port: 7777, sessionId: 'abc' });
    const v6 = MsrpUri.parse('msrp://[2001:db8::7]:2855/s;tcp');
    expect(v6).toMatchObject({ host: '2001:db8::7', port: 2855, hostPart: '[2001:db8::7]' });
    expect(MsrpUri.parse('msrp://[::ffff:192.0.2.1];tcp')).toMatchObject({ host: '::ffff:192.0.2.1', port: undefined, sessionId: undefined });
    expect(MsrpUri.parse('msrp://relay.example.com;tcp')).toMatchObject({ host: 'relay.example.com', port: undefined, sessionId: undefined });
    expect(MsrpUri.parse('msrp://host:0/x;tcp').port).toBe(0);
  });

  it('accepts session-ids made of unreserved, "+", "=" and "/" (base64 ids)', () => {
    for (const id of ['iau39soe2843z', 'Zm9vYmFy/YmF6+cXV4=', 'a/b/c', '==', 'x-y_z.~']) {
      expect(MsrpUri.parse(`msrp://h:1/${id};tcp`).sessionId).toBe(id);
    }
  });

  it('reads the scheme case-insensitively and keeps the rest as written', () => {
    const uri = MsrpUri.parse('MSRP://Host.Example:1/SeSsIoN;TCP');
    expect(uri.toString()).toBe('msrp://Host.Example:1/SeSsIoN;TCP');
  });

  it('refuses what the grammar does not allow', () => {
    for (const bad of [
      'sip:alice@example.com',
      'http://h:1/s;tcp',
      'msrp://h:1/s',
      'msrp://h:1/s;',
      'msrp://h:99999/s;tcp',
      'msrp://h:/s;tcp',
      'msrp://h:1/s?x;tcp',
      'msrp://h:1/;tcp',
      'msrp://h:1/s s;tcp',
      'msrp://[2001:db8::zz]:1/s;tcp',
      'msrp://[2001:db8::1:1/s;tcp',
      'msrp://:1/s;tcp',
      'msrp://h:1/s;t-c-p',
      'msrp://h:1/s;tcp;a=b=c',
      'msrp://h:1x/s;tcp',
      'msrp://h:1/s;tcp;',
    ]) {
      expect(() => MsrpUri.parse(bad), bad).toThrow(MsrpUriError);
      expect(MsrpUri.tryParse(bad)).toBeUndefined();
    }
    try {
      MsrpUri.parse('msrp://h');
    } catch (error) {
      expect(error).toMatchObject({ code: 'msrp-invalid-uri', status: 400 });
    }
  });

  it('formats what it parsed, byte for byte', () => {
    for (const text of ['msrp://a@h:1/s;tcp', 'msrps://[::1]:2855/x=y;tcp;p=1;q', 'msrp://h;tcp', 'msrps://h/s;tcp']) {
      expect(MsrpUri.parse(text).toString()).toBe(text);
      expect(JSON.stringify(MsrpUri.parse(text))).toBe(JSON.stringify(text));
    }
  });
});

describe('MsrpUri construction and copies', () => {
  it('defaults to msrps and tcp, strips IPv6 brackets, and is frozen', () => {
    const uri = new MsrpUri({ host: '[::1]', port: 0, sessionId: generateSessionId() });
    expect(uri.toString()).toMatch(/^msrps:\/\/\[::1\]:0\/[A-Za-z0-9]{20};tcp$/);
    expect(Object.isFrozen(uri)).toBe(true);
  });

  it('with() replaces fields and removes them with undefined, leaving the original alone', () => {
    const uri = MsrpUri.parse('msrp://u@h:0/s;tcp;x=1');
    const bound = uri.with({ port: 40123 });
    expect(bound.toString()).toBe('msrp://u@h:40123/s;tcp;x=1');
    expect(uri.port).toBe(0);
    expect(uri.with({ user: undefined, sessionId: undefined, scheme: 'msrps' }).toString()).toBe('msrps://h:0;tcp;x=1');
    expect(() => uri.with({ port: 70000 })).toThrow(MsrpUriError);
  });

  it('refuses invalid parts given to the constructor', () => {
    expect(() => new MsrpUri({ host: 'a b' })).toThrow(MsrpUriError);
    expect(() => new MsrpUri({ host: 'h', sessionId: 'a;b' })).toThrow(MsrpUriError);
    expect(() => new MsrpUri({ host: 'h', transport: '' })).toThrow(MsrpUriError);
    expect(() => new MsrpUri({ host: 'h', parameters: [{ name: 'a b', value: undefined }] })).toThrow(MsrpUriError);
  });

  it('generates distinct session ids with at least 80 bits', () => {
    const ids = new Set(Array.from({ length: 1000 }, generateSessionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id.length * Math.log2(62)).toBeGreaterThanOrEqual(80);
  });
});

describe('MsrpUri.equals (RFC 4975 §6.1)', () => {
  const eq = (a: string, b: string): boolean => MsrpUri.parse(a).equals(MsrpUri.parse(b));

  it('compares scheme and host case-insensitively, session-id case-sensitively', () => {
    expect(eq('msrp://Host.EXAMPLE:1/abc;tcp', 'MSRP://host.example:1/abc;tcp')).toBe(true);
    expect(eq('msrp://h:1/abc;tcp', 'msrp://h:1/ABC;tcp')).toBe(false);
    expect(eq('msrp://h:1/abc;tcp', 'msrps://h:1/abc;tcp')).toBe(false);
  });

  it('ignores userinfo and other parameters, compares transport case-insensitively', () => {
    expect(eq('msrp://alice@h:1/s;tcp;x=1', 'msrp://bob@h:1/s;TCP')).toBe(true);
    expect(eq('msrp://h:1/s;tcp', 'msrp://h:1/s;sctp')).toBe(false);
  });

  it('never equates an explicit port with an absent one, nor a session-id with none', () => {
    expect(eq('msrp://h:2855/s;tcp', 'msrp://h/s;tcp')).toBe(false);
    expect(eq('msrp://h:1/s;tcp', 'msrp://h:2/s;tcp')).toBe(false);
    expect(eq('msrp://h:1;tcp', 'msrp://h:1/s;tcp')).toBe(false);
  });

  it('compares IPv6 addresses by value and percent-decodes unreserved characters in the host', () => {
    expect(eq('msrp://[2001:DB8:0:0::1]:1/s;tcp', 'msrp://[2001:db8::1]:1/s;tcp')).toBe(true);
    expect(eq('msrp://[2001:db8::1]:1/s;tcp', 'msrp://[2001:db8::2]:1/s;tcp')).toBe(false);
    expect(eq('msrp://%61lice.example:1/s;tcp', 'msrp://alice.example:1/s;tcp')).toBe(true);
  });

  it('has a comparisonKey that agrees with equals', () => {
    const texts = ['msrp://H:1/s;tcp', 'msrp://h:1/s;TCP', 'msrp://h:1/S;tcp', 'msrp://[::1]:1/s;tcp', 'msrp://[0::1]:1/s;tcp', 'msrps://h:1/s;tcp', 'msrp://h/s;tcp'];
    for (const a of texts) for (const b of texts) {
      const [x, y] = [MsrpUri.parse(a), MsrpUri.parse(b)];
      expect(x.comparisonKey === y.comparisonKey, `${a} ${b}`).toBe(x.equals(y));
    }
  });
});

describe('paths', () => {
  it('parses and formats space-separated paths', () => {
    const text = 'msrps://relay.example.com:2855/r1;tcp msrp://[::1]:7/s/1=;tcp';
    const path = parsePath(text);
    expect(path.map(String)).toEqual(['msrps://relay.example.com:2855/r1;tcp', 'msrp://[::1]:7/s/1=;tcp']);
    expect(formatPath(path)).toBe(text);
    expect(parsePath(`  ${text.replace(' ', ' \t ')} `).map(String)).toEqual(path.map(String));
    expect(pathEquals(path, parsePath(text.toUpperCase().replace('R1', 'r1').replace('/S/1=', '/s/1=')))).toBe(true);
    expect(pathEquals(path, path.slice(1))).toBe(false);
  });

  it('refuses empty paths and bad members', () => {
    expect(() => parsePath('  ')).toThrow(MsrpUriError);
    expect(() => parsePath('msrp://h:1/s;tcp nonsense')).toThrow(MsrpUriError);
    expect(() => formatPath([])).toThrow(MsrpUriError);
  });
});

describe('MsrpUri properties', () => {
  it('parse(format(uri)) equals uri and formats identically', () => {
    fc.assert(
      fc.property(arbitraryUri, (uri) => {
        const again = MsrpUri.parse(uri.toString());
        expect(again.toString()).toBe(uri.toString());
        expect(again.equals(uri)).toBe(true);
        expect(again).toEqual(uri);
      }),
      { numRuns: 2000 },
    );
  });

  it('paths round-trip', () => {
    fc.assert(
      fc.property(fc.array(arbitraryUri, { minLength: 1, maxLength: 4 }), (path) => {
        expect(pathEquals(parsePath(formatPath(path)), path)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but MsrpUriError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          MsrpUri.parse(`msrp://${text}`);
        } catch (error) {
          expect(error).toBeInstanceOf(MsrpUriError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
