import { describe, expect, it } from 'vitest';
import { parseRawSipHead, parseVia } from './raw-sip-message';

describe('parseRawSipHead', () => {
  it('reads start line, compact top Via with folding, and CSeq', () => {
    const head = parseRawSipHead('INVITE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP [2001:db8::1]:5062\r\n ;branch=z9hG4bKa;rport=1;received=10.0.0.1, SIP/2.0/TCP x\r\nCSeq: 7 INVITE\r\n\r\n');
    expect(head).toMatchObject({ kind: 'request', method: 'INVITE', cseqMethod: 'INVITE' });
    expect(head?.topVia).toEqual({ transport: 'UDP', host: '[2001:db8::1]', port: 5062, branch: 'z9hG4bKa', received: '10.0.0.1', rport: 1 });
  });

  it('returns undefined for anything that is not SIP, never throws', () => {
    for (const junk of ['', 'garbage', 'SIP/2.0 999x\r\n\r\n', 'GET / HTTP/1.1\r\n\r\n', 'OPTIONS a SIP/2.0\r\nno colon\r\n\r\n', '\u0000\u0001']) {
      expect(parseRawSipHead(junk)).toBeUndefined();
    }
    expect(parseVia('nonsense')).toBeUndefined();
  });
});
