/** Offers shaped like those of the SIP SIMPLE client / Blink family (pjsip SDP printing), for tests. */

const crlf = (lines: readonly string[]): string => lines.map((line) => `${line}\r\n`).join('');

export const SESSION_HEAD = ['v=0', 'o=- 3802927512 3802927512 IN IP4 192.0.2.10', 's=Blink 5.6.0 (Linux)', 'c=IN IP4 192.0.2.10', 't=0 0'];

export const CHAT_SECTION = [
  'm=message 2855 TCP/TLS/MSRP *',
  'c=IN IP4 192.0.2.10',
  'a=path:msrps://relay.example.net:2855/Wq9Zr2x+Jk/=tls;tcp msrps://192.0.2.10:2855/bcd2c5e0a8f3b4c1d2e3;tcp',
  'a=accept-types:message/cpim text/* image/* application/im-iscomposing+xml',
  'a=accept-wrapped-types:text/* image/* application/im-iscomposing+xml',
  'a=setup:actpass',
  'a=chatroom:nickname private-messages com.ag-projects.zero-chatroom',
];

export const FILE_PUSH_SECTION = [
  'm=message 2855 TCP/TLS/MSRP *',
  'c=IN IP4 192.0.2.10',
  'a=path:msrps://192.0.2.10:2855/e1f2a3b4c5d6e7f8a9b0;tcp',
  'a=sendonly',
  'a=accept-types:*',
  'a=setup:actpass',
  'a=file-selector:name:"holiday photo.jpg" type:image/jpeg size:123456 hash:sha-1:72:24:5F:E8:65:3D:DA:F3:71:36:2F:86:D4:71:91:3E:E4:A2:CE:2E',
  'a=x-file-offset',
  'a=file-transfer-id:8c2f1c4e-3b5a-4d7e-9f10-2a3b4c5d6e7f',
];

export const DESKTOP_VIEWER_SECTION = [
  'm=application 2855 TCP/TLS/MSRP *',
  'c=IN IP4 192.0.2.10',
  'a=path:msrps://192.0.2.10:2855/f00dfeed1234567890ab;tcp',
  'a=accept-types:application/x-rfb',
  'a=setup:actpass',
  'a=rfbsetup:active',
];

export const AUDIO_SECTION = [
  'm=audio 50000 RTP/AVP 0 8 101',
  'c=IN IP4 192.0.2.10',
  'a=rtcp:50001',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
];

export const CHAT_OFFER = crlf([...SESSION_HEAD, ...CHAT_SECTION]);
export const FILE_PUSH_OFFER = crlf([...SESSION_HEAD, ...FILE_PUSH_SECTION]);
export const DESKTOP_OFFER = crlf([...SESSION_HEAD, ...DESKTOP_VIEWER_SECTION]);
/** Audio first, then chat, file and desktop: the answer must keep this order and refuse the audio. */
export const MIXED_OFFER = crlf([...SESSION_HEAD, ...AUDIO_SECTION, ...CHAT_SECTION, ...FILE_PUSH_SECTION, ...DESKTOP_VIEWER_SECTION]);
export const ALL_OFFERS = { CHAT_OFFER, FILE_PUSH_OFFER, DESKTOP_OFFER, MIXED_OFFER } as const;

export { crlf };
