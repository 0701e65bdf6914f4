import { describe, expect, it } from 'vitest';
import { parseRawSipHead } from './raw-sip-message';
import { fixIncomingResponse, fixOutgoing, stampIncomingRequest } from './via-contact-fixups';

const placeholder = 'k3j9x2.invalid';
const local = { host: '127.0.0.1', port: 40123 };

const request = [
  'REGISTER sip:127.0.0.1 SIP/2.0',
  `Via: SIP/2.0/TCP ${placeholder};branch=z9hG4bK776`,
  'From: <sip:alice@127.0.0.1>;tag=1',
  'To: <sip:alice@127.0.0.1>',
  `Contact: <sip:abc@${placeholder};transport=tcp>;expires=60`,
  'CSeq: 1 REGISTER',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('fixOutgoing', () => {
  it('puts the local socket and rport into the top Via and the Contact (RFC 3581 §3)', () => {
    const out = fixOutgoing(request, placeholder, local);
    expect(out).toContain('Via: SIP/2.0/TCP 127.0.0.1:40123;branch=z9hG4bK776;rport\r\n');
    expect(out).toContain('Contact: <sip:abc@127.0.0.1:40123;transport=tcp>;expires=60');
    expect(out).not.toContain(placeholder);
  });

  it('leaves responses (their Vias are the requester’s) untouched', () => {
    const response = `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa\r\nContent-Length: 0\r\n\r\n`;
    expect(fixOutgoing(response, placeholder, local)).toBe(response);
  });
});

describe('fixIncomingResponse', () => {
  const response = (sentBy: string): string =>
    `SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP ${sentBy};branch=z9hG4bK776;rport=40123;received=127.0.0.1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n`;

  it('puts the placeholder back without a port', () => {
    const out = fixIncomingResponse(response('127.0.0.1:40123'), placeholder, local);
    expect(parseRawSipHead(out ?? '')?.topVia).toMatchObject({ host: placeholder, port: undefined, branch: 'z9hG4bK776', rport: 40123 });
  });

  it('discards a response whose sent-by is not ours (RFC 3261 §18.1.2)', () => {
    expect(fixIncomingResponse(response('127.0.0.1:40124'), placeholder, local)).toBeUndefined();
    expect(fixIncomingResponse(response('10.1.1.1:40123'), placeholder, local)).toBeUndefined();
  });
});

describe('stampIncomingRequest', () => {
  it('adds received and fills rport from the source (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
    const incoming = `MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bKx;rport\r\nContent-Length: 0\r\n\r\n`;
    const via = parseRawSipHead(stampIncomingRequest(incoming, { host: '127.0.0.1', port: 5099 }))?.topVia;
    expect(via).toMatchObject({ host: 'proxy.example.com', port: 5060, received: '127.0.0.1', rport: 5099 });
  });
});
