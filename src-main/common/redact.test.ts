import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretKey, redactString, redactValue } from './redact';

describe('redaction', () => {
  it.each(['password', 'Password', 'relayPassword', 'passwd', 'passphrase', 'secret', 'clientSecret', 'token', 'accessToken', 'authorization', 'Proxy-Authorization', 'apiKey', 'api_key', 'credentials'])(
    '%s is a secret key',
    (key) => {
      expect(isSecretKey(key)).toBe(true);
    },
  );

  it.each(['address', 'displayName', 'host', 'port', 'username', 'passage'])('%s is not a secret key', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });

  it('redacts header values in SIP and MSRP text, line by line, any case', () => {
    const sip = 'REGISTER sip:example.com SIP/2.0\r\nauthorization: Digest response="x1"\r\nVia: SIP/2.0/TLS a\r\n';
    expect(redactString(sip)).toBe(`REGISTER sip:example.com SIP/2.0\r\nauthorization: ${REDACTED}\r\nVia: SIP/2.0/TLS a\r\n`);
    const msrp = 'MSRP a AUTH\r\nProxy-Authorization:Digest nonce="n", response="r"\r\n-------a$\r\n';
    expect(redactString(msrp)).not.toContain('response="r"');
    expect(redactString('X-Authorization-Hint: keep')).toBe('X-Authorization-Hint: keep');
  });

  it('copies deep, cyclic and odd values safely', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(redactValue(cyclic)).toEqual({ name: 'a', self: '[circular]' });
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let index = 0; index < 20; index += 1) deep = deep.next = {} as Record<string, unknown>;
    expect(JSON.stringify(redactValue(root))).toContain('[too deep]');
    expect(redactValue(new Uint8Array(5))).toBe('[5 bytes]');
    expect(redactValue(10n)).toBe('10n');
    expect(redactValue({ token: '' })).toEqual({ token: '' });
    const list = redactValue(Array.from({ length: 150 }, (_, index) => index)) as unknown[];
    expect(list).toHaveLength(101);
  });

  it('does not mutate its input', () => {
    const input = { password: 'x', inner: { token: 'y' } };
    redactValue(input);
    expect(input).toEqual({ password: 'x', inner: { token: 'y' } });
  });
});
