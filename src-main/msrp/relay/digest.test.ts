import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MsrpError } from '../errors';
import { buildDigestAuthorization, digestUriModes, parseDigestChallenge } from './digest';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

describe('digest (RFC 2617)', () => {
  // RFC 2617 §3.5 example.
  const rfcChallenge = parseDigestChallenge(
    'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  );

  it('parses the RFC 2617 challenge', () => {
    expect(rfcChallenge).toEqual({
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      qop: ['auth', 'auth-int'],
      stale: false,
    });
  });

  it('computes the RFC 2617 §3.5 response', () => {
    const value = buildDigestAuthorization(rfcChallenge, { username: 'Mufasa', password: 'Circle Of Life' }, {
      method: 'GET', uri: '/dir/index.html', uriMode: 'include', cnonce: '0a4f113b', nonceCount: 1,
    });
    expect(value).toBe(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001, ' +
        'cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
  });

  it('omits uri= but still hashes over the relay URI, and tolerates an absent opaque', () => {
    const challenge = parseDigestChallenge('Digest realm="relay.test",nonce="abc",qop=auth');
    const uri = 'msrps://relay.test:2855;tcp';
    const value = buildDigestAuthorization(challenge, { username: 'alice', password: 'pw' }, {
      method: 'AUTH', uri, uriMode: 'omit', cnonce: 'c1', nonceCount: 1,
    });
    const expected = md5(`${md5('alice:relay.test:pw')}:abc:00000001:c1:auth:${md5(`AUTH:${uri}`)}`);
    expect(value).not.toMatch(/uri=/);
    expect(value).not.toMatch(/opaque/);
    expect(value).toContain(`response="${expected}"`);
  });

  it('uses the RFC 2069 form without qop and keeps algorithm and stale', () => {
    const challenge = parseDigestChallenge('Digest realm="r", nonce="n", algorithm=MD5, stale=TRUE');
    expect(challenge.stale).toBe(true);
    const value = buildDigestAuthorization(challenge, { username: 'u', password: 'p' }, { method: 'AUTH', uri: 'x', uriMode: 'include' });
    expect(value).toContain(`response="${md5(`${md5('u:r:p')}:n:${md5('AUTH:x')}`)}"`);
    expect(value).toContain('algorithm=MD5');
    expect(value).not.toContain('qop');
  });

  it('quotes and unquotes escaped characters', () => {
    const challenge = parseDigestChallenge('Digest realm="a \\"b\\"", nonce="n,1", qop="auth"');
    expect(challenge.realm).toBe('a "b"');
    expect(challenge.nonce).toBe('n,1');
    const value = buildDigestAuthorization(challenge, { username: 'u', password: 'p' }, { method: 'AUTH', uri: 'x', uriMode: 'include', cnonce: 'c' });
    expect(value).toContain('realm="a \\"b\\""');
  });

  it('draws a fresh cnonce when none is injected', () => {
    const challenge = parseDigestChallenge('Digest realm="r", nonce="n", qop=auth');
    const a = buildDigestAuthorization(challenge, { username: 'u', password: 'p' }, { method: 'AUTH', uri: 'x', uriMode: 'include' });
    const b = buildDigestAuthorization(challenge, { username: 'u', password: 'p' }, { method: 'AUTH', uri: 'x', uriMode: 'include' });
    expect(/cnonce="([0-9a-f]{32})"/.exec(a)?.[1]).not.toBe(/cnonce="([0-9a-f]{32})"/.exec(b)?.[1]);
  });

  it('refuses what it cannot answer', () => {
    expect(() => parseDigestChallenge('Basic realm="x"')).toThrow(MsrpError);
    expect(() => parseDigestChallenge('Basic realm="x"')).toThrow(expect.objectContaining({ code: 'msrp-auth-failed' }));
    expect(() => parseDigestChallenge('Digest realm="x"')).toThrow(/nonce/);
    expect(() => parseDigestChallenge('Digest realm="x", nonce="y", algorithm=SHA-256')).toThrow(/algorithm/);
    const intOnly = parseDigestChallenge('Digest realm="x", nonce="y", qop="auth-int"');
    expect(() => buildDigestAuthorization(intOnly, { username: 'u', password: 'p' }, { method: 'AUTH', uri: 'x', uriMode: 'include' })).toThrow(/qop/);
  });

  it('lists the uri= variants to try per policy', () => {
    expect(digestUriModes('adaptive')).toEqual(['include', 'omit']);
    expect(digestUriModes('omit')).toEqual(['omit']);
    expect(digestUriModes('include')).toEqual(['include']);
  });
});
