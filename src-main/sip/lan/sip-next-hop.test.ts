import { describe, expect, it } from 'vitest';
import { parseRawSipHead } from '../raw-sip-message';
import { lanDestination, nextHopForRequest, requestUriOf, setTopViaTransport } from './sip-next-hop';

describe('LAN next hop (RFC 3261 §8.1.2, RFC 3263 §4)', () => {
  it('takes host, port and transport from an IP-literal URI, defaulting to UDP and 5060', () => {
    expect(lanDestination('sip:bob@192.0.2.5:5070;transport=TCP')).toEqual({ host: '192.0.2.5', port: 5070, transport: 'tcp' });
    expect(lanDestination('sip:192.0.2.5')).toEqual({ host: '192.0.2.5', port: 5060, transport: 'udp' });
    expect(lanDestination('sip:bob@[2001:db8::1]:5062;transport=udp')).toEqual({ host: '2001:db8::1', port: 5062, transport: 'udp' });
  });

  it('refuses what it cannot route without DNS or TLS', () => {
    expect(lanDestination('sip:bob@bob.local')).toBeUndefined();
    expect(lanDestination('sips:bob@192.0.2.5')).toBeUndefined();
    expect(lanDestination('sip:bob@192.0.2.5;transport=tls')).toBeUndefined();
    expect(lanDestination('sip:bob@192.0.2.5:99999')).toBeUndefined();
    expect(lanDestination('garbage')).toBeUndefined();
  });

  it('prefers the top Route over the Request-URI', () => {
    const text = 'MESSAGE sip:bob@192.0.2.5 SIP/2.0\r\nRoute: <sip:192.0.2.9:5080;transport=tcp;lr>\r\nVia: SIP/2.0/TCP x.invalid;branch=z9hG4bK1\r\n\r\n';
    const head = parseRawSipHead(text);
    expect(head).toBeDefined();
    expect(requestUriOf(text)).toBe('sip:bob@192.0.2.5');
    expect(nextHopForRequest(head!, requestUriOf(text)!)).toEqual({ host: '192.0.2.9', port: 5080, transport: 'tcp' });
  });

  it('rewrites only the top Via transport', () => {
    const text = 'MESSAGE sip:b@192.0.2.5 SIP/2.0\r\nVia: SIP/2.0/TCP x.invalid;branch=z9hG4bK1\r\nVia: SIP/2.0/TCP y;branch=z9hG4bK2\r\n\r\nVia: SIP/2.0/TCP body';
    const out = setTopViaTransport(text, 'UDP');
    expect(out).toBe(text.replace('SIP/2.0/TCP x.invalid', 'SIP/2.0/UDP x.invalid'));
    expect(setTopViaTransport('no via here\r\n\r\n', 'UDP')).toBe('no via here\r\n\r\n');
  });
});
