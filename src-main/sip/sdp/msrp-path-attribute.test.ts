import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPathAttribute, msrpUriParts, parsePathAttribute } from './msrp-path-attribute';
import { SdpError } from './sdp-error';

describe('a=path', () => {
  it('splits relay and own URIs, keeping base64 session ids with "/" and "="', () => {
    expect(parsePathAttribute('msrps://relay.example.net:2855/Wq9Zr2x+Jk/=tls;tcp  msrps://192.0.2.10:2855/bcd2;tcp')).toEqual([
      'msrps://relay.example.net:2855/Wq9Zr2x+Jk/=tls;tcp',
      'msrps://192.0.2.10:2855/bcd2;tcp',
    ]);
  });

  it('reads scheme, host, port and transport', () => {
    expect(msrpUriParts('MSRPS://[2001:db8::1]:2856/abc;TCP;foo=bar')).toEqual({ scheme: 'msrps', host: '[2001:db8::1]', port: 2856, transport: 'tcp' });
    expect(msrpUriParts('msrp://bob@host.example;tcp')).toEqual({ scheme: 'msrp', host: 'host.example', port: undefined, transport: 'tcp' });
  });

  it.each([
    ['empty', ''],
    ['sip URI', 'sip:alice@example.com'],
    ['no transport', 'msrp://192.0.2.1:2855/abc'],
    ['port out of range', 'msrp://192.0.2.1:70000/abc;tcp'],
    ['bad session id', 'msrp://192.0.2.1:2855/a?b;tcp'],
  ])('refuses %s', (_name, value) => {
    expect(() => parsePathAttribute(value)).toThrowError(SdpError);
  });

  const uriArb = fc
    .record({
      tls: fc.boolean(),
      host: fc.oneof(fc.ipV4(), fc.domain()),
      port: fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
      session: fc.stringMatching(/^[A-Za-z0-9\-._~+=/]{1,24}$/),
    })
    .map(({ tls, host, port, session }) => `${tls ? 'msrps' : 'msrp'}://${host}${port === undefined ? '' : `:${port}`}/${session};tcp`);

  it('format → parse is the identity for any path', () => {
    fc.assert(
      fc.property(fc.array(uriArb, { minLength: 1, maxLength: 4 }), (path) => {
        expect(parsePathAttribute(formatPathAttribute(path))).toEqual(path);
      }),
      { numRuns: 300 },
    );
  });
});
