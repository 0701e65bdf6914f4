import { describe, expect, it } from 'vitest';
import { parseSessionDescription } from './parse-session-description';
import { readMsrpMedia } from './read-msrp-media';
import { SdpError } from './sdp-error';
import { serializeSessionDescription } from './serialize-session-description';
import type { MediaSection, SessionDescription } from './session-description';
import { ALL_OFFERS, CHAT_OFFER, DESKTOP_OFFER, FILE_PUSH_OFFER, MIXED_OFFER, SESSION_HEAD, crlf } from './test-support/blink-offers';
import { writeMsrpMedia } from './write-msrp-media';

function firstMedia(body: string): [MediaSection, SessionDescription] {
  const sdp = parseSessionDescription(body);
  return [sdp.media[0] as MediaSection, sdp];
}

function section(lines: readonly string[]): [MediaSection, SessionDescription] {
  return firstMedia(crlf([...SESSION_HEAD, ...lines]));
}

describe('readMsrpMedia', () => {
  it('reads a Blink chat stream', () => {
    const chat = readMsrpMedia(...firstMedia(CHAT_OFFER));
    expect(chat).toMatchObject({
      media: 'message',
      port: 2855,
      proto: 'TCP/TLS/MSRP',
      path: ['msrps://relay.example.net:2855/Wq9Zr2x+Jk/=tls;tcp', 'msrps://192.0.2.10:2855/bcd2c5e0a8f3b4c1d2e3;tcp'],
      acceptTypes: ['message/cpim', 'text/*', 'image/*', 'application/im-iscomposing+xml'],
      acceptWrappedTypes: ['text/*', 'image/*', 'application/im-iscomposing+xml'],
      setup: 'actpass',
      direction: 'sendrecv',
      file: undefined,
      chatroom: ['nickname private-messages com.ag-projects.zero-chatroom'],
      otherAttributes: [],
    });
  });

  it('reads a Blink file push with its RFC 5547 attributes and x-file-offset', () => {
    const file = readMsrpMedia(...firstMedia(FILE_PUSH_OFFER));
    expect(file.direction).toBe('sendonly');
    expect(file.file).toMatchObject({
      selector: { name: 'holiday photo.jpg', size: 123456, type: { mediaType: 'image/jpeg', parameters: [] } },
      transferId: '8c2f1c4e-3b5a-4d7e-9f10-2a3b4c5d6e7f',
      xFileOffset: true,
      range: undefined,
    });
  });

  it('reads desktop sharing with rfbsetup', () => {
    const desktop = readMsrpMedia(...firstMedia(DESKTOP_OFFER));
    expect([desktop.media, desktop.rfbSetup, desktop.acceptTypes]).toEqual(['application', 'active', ['application/x-rfb']]);
  });

  it('reads every other modelled attribute', () => {
    const [media, sdp] = section([
      'm=message 7777 TCP/MSRP *',
      'a=path:msrp://198.51.100.7:7777/s1;tcp',
      'a=accept-types:text/plain',
      'a=max-size:1048576',
      'a=setup:passive',
      'a=connection:new',
      'a=msrp-cema',
      'a=fingerprint:SHA-256 ab:cd:EF',
      'a=recvonly',
      'a=file-selector:name:"r.bin"',
      'a=file-disposition:attachment',
      'a=file-date:creation:"Mon, 1 Jan 2024 10:00:00 +0000" read:"Tue, 2 Jan 2024 10:00:00 +0000"',
      'a=file-icon:cid:icon@example.com',
      'a=file-range:1025-*',
      'a=nickname:bob',
      'a=x-vendor:42',
    ]);
    const desc = readMsrpMedia(media, sdp);
    expect(desc).toMatchObject({
      // No media-level c=: the session-level one is inherited (RFC 8866 §5.7).
      connection: { netType: 'IN', addrType: 'IP4', address: '192.0.2.10' },
      maxSize: 1048576,
      setup: 'passive',
      tcpConnection: 'new',
      cema: true,
      fingerprints: [{ hashFunction: 'sha-256', value: 'AB:CD:EF' }],
      direction: 'recvonly',
      nickname: ['bob'],
      otherAttributes: [{ name: 'x-vendor', value: '42' }],
    });
    expect(desc.file).toMatchObject({
      disposition: 'attachment',
      date: { creation: 'Mon, 1 Jan 2024 10:00:00 +0000', modification: undefined, read: 'Tue, 2 Jan 2024 10:00:00 +0000' },
      icon: 'cid:icon@example.com',
      range: { start: 1025, stop: '*' },
      xFileOffset: false,
    });
  });

  it('takes the session-level direction when the media has none', () => {
    const [media, sdp] = firstMedia(crlf([...SESSION_HEAD, 'a=inactive', 'm=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:*']));
    expect(readMsrpMedia(media, sdp).direction).toBe('inactive');
  });

  it('keeps file attributes without a file-selector as other attributes', () => {
    const [media, sdp] = section(['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:*', 'a=file-transfer-id:abc']);
    const desc = readMsrpMedia(media, sdp);
    expect(desc.file).toBeUndefined();
    expect(desc.otherAttributes).toEqual([{ name: 'file-transfer-id', value: 'abc' }]);
  });

  it('needs neither path nor accept-types on a port-0 stream', () => {
    const [media, sdp] = section(['m=message 0 TCP/MSRP *']);
    expect(readMsrpMedia(media, sdp)).toMatchObject({ port: 0, path: [], acceptTypes: [] });
  });

  it.each([
    ['audio', ['m=audio 5000 RTP/AVP 0'], 'sdp/not-msrp', 488],
    ['message over UDP', ['m=message 5000 UDP/MSRP *'], 'sdp/not-msrp', 488],
    ['no path', ['m=message 9 TCP/MSRP *', 'a=accept-types:*'], 'sdp/bad-path', 400],
    ['bad path', ['m=message 9 TCP/MSRP *', 'a=path:http://x/;tcp', 'a=accept-types:*'], 'sdp/bad-path', 400],
    ['two paths', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=path:msrp://h:9/t;tcp', 'a=accept-types:*'], 'sdp/bad-attribute', 400],
    ['no accept-types', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp'], 'sdp/bad-attribute', 400],
    ['bad accept-types', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:text'], 'sdp/bad-attribute', 400],
    ['bad setup', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:*', 'a=setup:both'], 'sdp/bad-attribute', 400],
    ['bad max-size', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:*', 'a=max-size:big'], 'sdp/bad-attribute', 400],
    ['two directions', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:*', 'a=sendonly', 'a=recvonly'], 'sdp/bad-direction', 400],
    ['bad rfbsetup', ['m=application 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:application/x-rfb', 'a=rfbsetup:both'], 'sdp/bad-attribute', 400],
    ['bad fingerprint', ['m=message 9 TCP/TLS/MSRP *', 'a=path:msrps://h:9/s;tcp', 'a=accept-types:*', 'a=fingerprint:sha-1 XYZ'], 'sdp/bad-attribute', 400],
    ['bad file-range', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:*', 'a=recvonly', 'a=file-selector:size:10', 'a=file-range:0-5'], 'sdp/bad-file-attribute', 400],
    ['bad file-transfer-id', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:*', 'a=sendonly', 'a=file-selector:size:10', 'a=file-transfer-id:a b'], 'sdp/bad-file-attribute', 400],
    ['bad file-date', ['m=message 9 TCP/MSRP *', 'a=path:msrp://h:9/s;tcp', 'a=accept-types:*', 'a=sendonly', 'a=file-selector:size:10', 'a=file-date:creation:yesterday'], 'sdp/bad-file-attribute', 400],
  ] as const)('refuses %s', (_name, lines, code, status) => {
    const [media, sdp] = section(lines);
    try {
      readMsrpMedia(media, sdp);
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(SdpError);
      expect([(error as SdpError).code, (error as SdpError).status]).toEqual([code, status]);
    }
  });
});

describe('writeMsrpMedia', () => {
  it.each(Object.entries(ALL_OFFERS))('read → write → serialize → parse → read is the identity (%s)', (_name, body) => {
    const sdp = parseSessionDescription(body);
    const msrp = sdp.media.map((media) => (media.media === 'audio' ? undefined : readMsrpMedia(media, sdp)));
    const rewritten: SessionDescription = { ...sdp, media: sdp.media.map((media, i) => (msrp[i] === undefined ? media : writeMsrpMedia(msrp[i]))) };
    const again = parseSessionDescription(serializeSessionDescription(rewritten));
    expect(again.media.map((media) => (media.media === 'audio' ? undefined : readMsrpMedia(media, again)))).toEqual(msrp);
  });

  it('writes path first and keeps the Blink file attributes', () => {
    const sdp = parseSessionDescription(FILE_PUSH_OFFER);
    const lines = serializeSessionDescription({ ...sdp, media: [writeMsrpMedia(readMsrpMedia(sdp.media[0] as MediaSection, sdp))] }).split('\r\n');
    const media = lines.slice(lines.findIndex((line) => line.startsWith('m=')));
    expect(media.slice(0, 3)).toEqual(['m=message 2855 TCP/TLS/MSRP *', 'c=IN IP4 192.0.2.10', 'a=path:msrps://192.0.2.10:2855/e1f2a3b4c5d6e7f8a9b0;tcp']);
    expect(media).toContain('a=x-file-offset');
    expect(media).toContain('a=sendonly');
    expect(media).toContain('a=file-transfer-id:8c2f1c4e-3b5a-4d7e-9f10-2a3b4c5d6e7f');
  });

  it('refuses to write an MSRP stream with a port but no path', () => {
    const sdp = parseSessionDescription(MIXED_OFFER);
    const chat = readMsrpMedia(sdp.media[1] as MediaSection, sdp);
    expect(() => writeMsrpMedia({ ...chat, path: [] })).toThrowError(/a=path/);
    expect(writeMsrpMedia({ ...chat, port: 0, path: [] }).attributes.some((a) => a.name === 'path')).toBe(false);
  });
});
