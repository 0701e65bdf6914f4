import { describe, expect, it } from 'vitest';
import { parseSessionDescription } from './parse-session-description';
import { SdpError } from './sdp-error';
import { serializeSessionDescription } from './serialize-session-description';
import { ALL_OFFERS, CHAT_OFFER, MIXED_OFFER, crlf } from './test-support/blink-offers';

function expectSdpError(run: () => unknown, code: string, status = 400): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SdpError);
    expect((error as SdpError).code).toBe(code);
    expect((error as SdpError).status).toBe(status);
    return;
  }
  throw new Error(`expected SdpError ${code}`);
}

const HEAD = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0'];

describe('parseSessionDescription', () => {
  it.each(Object.entries(ALL_OFFERS))('round-trips %s exactly', (_name, body) => {
    const parsed = parseSessionDescription(body);
    const text = serializeSessionDescription(parsed);
    // The fixtures are in canonical order, so the text itself survives, not only the model.
    expect(text).toBe(body);
    expect(parseSessionDescription(text)).toEqual(parsed);
  });

  it('reads the session and media fields', () => {
    const sdp = parseSessionDescription(MIXED_OFFER);
    expect(sdp.origin).toEqual({ username: '-', sessionId: '3802927512', sessionVersion: '3802927512', netType: 'IN', addrType: 'IP4', address: '192.0.2.10' });
    expect(sdp.sessionName).toBe('Blink 5.6.0 (Linux)');
    expect(sdp.media.map((m) => [m.media, m.port, m.proto, m.formats.join(' ')])).toEqual([
      ['audio', 50000, 'RTP/AVP', '0 8 101'],
      ['message', 2855, 'TCP/TLS/MSRP', '*'],
      ['message', 2855, 'TCP/TLS/MSRP', '*'],
      ['application', 2855, 'TCP/TLS/MSRP', '*'],
    ]);
    expect(sdp.media[2]?.attributes.find((a) => a.name === 'x-file-offset')).toEqual({ name: 'x-file-offset', value: undefined });
    expect(sdp.media[0]?.attributes.map((a) => a.name)).toEqual(['rtcp', 'rtpmap', 'rtpmap', 'rtpmap', 'fmtp', 'sendrecv']);
  });

  it('tolerates bare LF, a missing final line end and trailing empty lines', () => {
    const lf = CHAT_OFFER.replace(/\r\n/g, '\n');
    expect(parseSessionDescription(lf)).toEqual(parseSessionDescription(CHAT_OFFER));
    expect(parseSessionDescription(lf.slice(0, -1))).toEqual(parseSessionDescription(CHAT_OFFER));
    expect(parseSessionDescription(`${CHAT_OFFER}\r\n\r\n`)).toEqual(parseSessionDescription(CHAT_OFFER));
  });

  it('accepts UTF-8 bytes and refuses invalid UTF-8', () => {
    const body = crlf([...HEAD.slice(0, 2), 's=Café ☕', 't=0 0']);
    expect(parseSessionDescription(new TextEncoder().encode(body)).sessionName).toBe('Café ☕');
    const bytes = new TextEncoder().encode(body);
    bytes[bytes.indexOf(0xc3)] = 0xff;
    expectSdpError(() => parseSessionDescription(bytes), 'sdp/bad-encoding');
  });

  it('keeps unknown attributes, r=, b=, k= and several c= in order', () => {
    const body = crlf([
      'v=0',
      'o=alice 2890844526 2890842807 IN IP4 198.51.100.1',
      's= ',
      'i=info',
      'u=http://example.com/',
      'e=alice@example.com',
      'p=+1 555 0100',
      'b=AS:64',
      't=2873397496 2873404696',
      'r=604800 3600 0 90000',
      'z=2882844526 -1h',
      'k=prompt',
      'a=x-unknown:some value',
      'a=recvonly',
      'm=video 51372/2 RTP/AVP 99',
      'i=video',
      'c=IN IP4 233.252.0.1/127',
      'c=IN IP4 233.252.0.2/127',
      'b=AS:128',
      'k=prompt',
      'a=rtpmap:99 h263-1998/90000',
      'a=empty:',
    ]);
    const sdp = parseSessionDescription(body);
    expect(sdp.timings).toEqual([{ start: '2873397496', stop: '2873404696', repeats: ['604800 3600 0 90000'] }]);
    expect(sdp.media[0]?.portCount).toBe(2);
    expect(sdp.media[0]?.connections.map((c) => c.address)).toEqual(['233.252.0.1/127', '233.252.0.2/127']);
    expect(sdp.media[0]?.attributes).toEqual([
      { name: 'rtpmap', value: '99 h263-1998/90000' },
      { name: 'empty', value: '' },
    ]);
    expect(serializeSessionDescription(sdp)).toBe(body);
  });

  it('normalizes a session section written out of grammar order', () => {
    const body = crlf(['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0', 'c=IN IP4 192.0.2.1', 'a=tool:x']);
    const text = serializeSessionDescription(parseSessionDescription(body));
    expect(text).toBe(crlf(['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'a=tool:x']));
  });

  describe('refuses malformed bodies with 400', () => {
    const cases: [string, string, string][] = [
      ['empty body', '', 'sdp/missing-line'],
      ['missing v=', crlf(HEAD.slice(1)), 'sdp/bad-version'],
      ['v=1', crlf(['v=1', ...HEAD.slice(1)]), 'sdp/bad-version'],
      ['o= with 5 fields', crlf(['v=0', 'o=- 1 1 IN IP4', 's=-', 't=0 0']), 'sdp/bad-origin'],
      ['o= with letters in sess-id', crlf(['v=0', 'o=- abc 1 IN IP4 192.0.2.1', 's=-', 't=0 0']), 'sdp/bad-origin'],
      ['missing s=', crlf(['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 't=0 0']), 'sdp/missing-line'],
      ['empty s=', crlf(['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=', 't=0 0']), 'sdp/malformed-line'],
      ['missing t=', crlf(HEAD.slice(0, 3)), 'sdp/missing-line'],
      ['bad t=', crlf([...HEAD.slice(0, 3), 't=now 0']), 'sdp/bad-timing'],
      ['r= before t=', crlf([...HEAD.slice(0, 3), 'r=1 2 3', 't=0 0']), 'sdp/misplaced-line'],
      ['space around =', crlf([...HEAD, 'a =x']), 'sdp/malformed-line'],
      ['uppercase type', crlf([...HEAD, 'A=x']), 'sdp/malformed-line'],
      ['unknown type letter', crlf([...HEAD, 'x=1']), 'sdp/unknown-line-type'],
      ['t= in a media section', crlf([...HEAD, 'm=message 9 TCP/MSRP *', 't=0 0']), 'sdp/misplaced-line'],
      ['two session c=', crlf([...HEAD, 'c=IN IP4 192.0.2.1', 'c=IN IP4 192.0.2.2']), 'sdp/misplaced-line'],
      ['c= with 2 fields', crlf([...HEAD, 'c=IN IP4']), 'sdp/bad-connection'],
      ['m= without format', crlf([...HEAD, 'm=message 9 TCP/MSRP']), 'sdp/bad-media-line'],
      ['m= port 65536', crlf([...HEAD, 'm=message 65536 TCP/MSRP *']), 'sdp/bad-media-line'],
      ['m= port 999999', crlf([...HEAD, 'm=message 999999 TCP/MSRP *']), 'sdp/bad-media-line'],
      ['m= negative port', crlf([...HEAD, 'm=message -1 TCP/MSRP *']), 'sdp/bad-media-line'],
      ['m= port range past 65535', crlf([...HEAD, 'm=audio 65535/2 RTP/AVP 0']), 'sdp/bad-media-line'],
      ['m= port count 0', crlf([...HEAD, 'm=audio 5000/0 RTP/AVP 0']), 'sdp/bad-media-line'],
      ['m= double space', crlf([...HEAD, 'm=message  9 TCP/MSRP *']), 'sdp/bad-media-line'],
      ['m= bad proto', crlf([...HEAD, 'm=message 9 TCP//MSRP *']), 'sdp/bad-media-line'],
      ['attribute name with space', crlf([...HEAD, 'a=bad name:x']), 'sdp/bad-attribute'],
      ['bare CR inside a line', `${crlf(HEAD)}a=x\ry\r\n`, 'sdp/malformed-line'],
      ['NUL', `${crlf(HEAD)}a=x\0\r\n`, 'sdp/malformed-line'],
      ['blank line in the middle', `${crlf(HEAD.slice(0, 2))}\r\n${crlf(HEAD.slice(2))}`, 'sdp/malformed-line'],
      ['a second i= in a media section', crlf([...HEAD, 'm=message 9 TCP/MSRP *', 'i=a', 'i=b']), 'sdp/misplaced-line'],
    ];
    it.each(cases)('%s', (_name, body, code) => {
      expectSdpError(() => parseSessionDescription(body), code);
    });
  });

  it('enforces the size, line and media limits', () => {
    const huge = crlf([...HEAD, `a=x:${'a'.repeat(70_000)}`]);
    expectSdpError(() => parseSessionDescription(huge), 'sdp/too-large');
    expectSdpError(() => parseSessionDescription(new Uint8Array(70_000)), 'sdp/too-large');
    // Multi-byte characters count in octets, not UTF-16 units.
    const wide = crlf([...HEAD, `a=x:${'€'.repeat(30_000)}`]);
    expect(wide.length).toBeLessThan(65_536);
    expectSdpError(() => parseSessionDescription(wide), 'sdp/too-large');
    const many = crlf([...HEAD, ...Array.from({ length: 1_100 }, () => 'a=x')]);
    expectSdpError(() => parseSessionDescription(many), 'sdp/too-many-lines');
    expect(parseSessionDescription(crlf([...HEAD, 'a=x', 'a=y']), { maxLines: 6 }).attributes).toHaveLength(2);
    expectSdpError(() => parseSessionDescription(crlf([...HEAD, 'a=x', 'a=y', 'a=z']), { maxLines: 6 }), 'sdp/too-many-lines');
    const media = crlf([...HEAD, ...Array.from({ length: 3 }, () => 'm=message 9 TCP/MSRP *')]);
    expect(parseSessionDescription(media, { maxMediaSections: 3 }).media).toHaveLength(3);
    expectSdpError(() => parseSessionDescription(media, { maxMediaSections: 2 }), 'sdp/too-many-lines');
  });
});
