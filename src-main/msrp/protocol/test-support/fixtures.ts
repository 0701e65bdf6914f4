/**
 * Real-looking MSRP frames (RFC 4975 §7.1, §11 examples; RFC 4976 AUTH exchanges; Blink-style file
 * transfer and screen sharing) with what a parser must make of them.
 */
export interface ExpectedChunk {
  readonly firstLine: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  readonly continuation: '$' | '+' | '#';
}

export interface Fixture {
  readonly name: string;
  readonly wire: Buffer;
  readonly chunks: readonly ExpectedChunk[];
}

const ALICE = 'msrp://alicepc.example.com:7777/iau39soe2843z;tcp';
const BOB = 'msrp://bob.example.com:8888/9di4eae923wzd;tcp';
const RELAY = 'msrps://relay.example.com:2855/Zm9vYmFy+/x=;tcp';

function chunk(
  firstLine: string,
  headers: readonly (readonly [string, string])[],
  body: Buffer | string | undefined,
  continuation: '$' | '+' | '#' = '$',
): { wire: Buffer; expected: ExpectedChunk } {
  const tid = firstLine.split(' ')[1] as string;
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const head = `${firstLine}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}`;
  const wire =
    body === undefined
      ? Buffer.from(`${head}-------${tid}${continuation}\r\n`, 'utf8')
      : Buffer.concat([Buffer.from(`${head}\r\n`, 'utf8'), bytes, Buffer.from(`\r\n-------${tid}${continuation}\r\n`, 'latin1')]);
  return { wire, expected: { firstLine, headers, body: bytes, continuation } };
}

function fixture(name: string, ...parts: { wire: Buffer; expected: ExpectedChunk }[]): Fixture {
  return { name, wire: Buffer.concat(parts.map((p) => p.wire)), chunks: parts.map((p) => p.expected) };
}

/** Bytes 0..255 repeated, plus every lookalike of an end-line that is not one. */
export function trickyBody(tid: string): Buffer {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  return Buffer.concat([
    Buffer.from('\r\n\r\n-------\r\n', 'latin1'),
    all,
    Buffer.from(`\r\n-------${tid}`, 'latin1'),
    Buffer.from('X\r\n', 'latin1'),
    Buffer.from(`\r\n-------${tid}$`, 'latin1'),
    Buffer.from(' \r\n', 'latin1'),
    Buffer.from(`\r\n-------${tid}+\r`, 'latin1'),
    Buffer.from('x', 'latin1'),
    Buffer.from(`\n-------${tid}$\r\n`, 'latin1'),
    Buffer.from(`-------${tid.slice(0, -1)}$\r\n`, 'latin1'),
    Buffer.from(`\r\n-------${tid}#`, 'latin1'),
    all,
    Buffer.from('\r\n-------', 'latin1'),
  ]);
}

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export const FIXTURES: readonly Fixture[] = [
  fixture(
    'RFC 4975 §7.1 chat SEND and its 200',
    chunk('MSRP a786hjs2 SEND', [['To-Path', BOB], ['From-Path', ALICE], ['Message-ID', '87652491'], ['Byte-Range', '1-25/25'], ['Content-Type', 'text/plain']], 'Hey Bob, are you there?'),
    chunk('MSRP a786hjs2 200 OK', [['To-Path', ALICE], ['From-Path', BOB]], undefined),
  ),
  fixture(
    'empty binding SEND (keep-alive) and a 200 without comment',
    chunk('MSRP d93kswow SEND', [['To-Path', BOB], ['From-Path', ALICE], ['Message-ID', '12339sdqwer'], ['Byte-Range', '1-0/0']], undefined),
    chunk('MSRP d93kswow 200', [['To-Path', ALICE], ['From-Path', BOB]], undefined),
  ),
  fixture(
    'interrupted file SEND with binary body holding end-line lookalikes, then the rest, then an abort',
    chunk(
      'MSRP 7DbcJ4vqqS SEND',
      [['To-Path', BOB], ['From-Path', ALICE], ['Message-ID', 'Gq1w5Jb3'], ['Success-Report', 'yes'], ['Failure-Report', 'yes'], ['Byte-Range', '1-*/2000'], ['Content-Type', 'application/octet-stream']],
      trickyBody('7DbcJ4vqqS'),
      '+',
    ),
    chunk('MSRP 8eFbcJ4vqq SEND', [['To-Path', BOB], ['From-Path', ALICE], ['Message-ID', 'Gq1w5Jb3'], ['Byte-Range', '874-*/2000'], ['Content-Type', 'application/octet-stream']], png, '#'),
  ),
  fixture(
    'success REPORT with Status and a Use-Nickname-like unknown header kept verbatim',
    chunk('MSRP dkei38sd REPORT', [['To-Path', ALICE], ['From-Path', BOB], ['Message-ID', '12339sdqwer'], ['Byte-Range', '1-106/106'], ['Status', '000 200 OK'], ['X-Unknown', '  spaced  value ']], undefined),
  ),
  fixture(
    'RFC 4976 AUTH, 401 challenge without opaque, AUTH with credentials, 200 with Use-Path',
    chunk('MSRP 49fh AUTH', [['To-Path', RELAY], ['From-Path', ALICE]], undefined),
    chunk('MSRP 49fh 401 Unauthorized', [['To-Path', ALICE], ['From-Path', RELAY], ['WWW-Authenticate', 'Digest realm="example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", qop="auth"']], undefined),
    chunk('MSRP 49fi AUTH', [['To-Path', RELAY], ['From-Path', ALICE], ['Authorization', 'Digest username="alice", realm="example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="msrps://relay.example.com:2855;tcp", response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001, cnonce="0a4f113b"']], undefined),
    chunk('MSRP 49fi 200 OK', [['To-Path', ALICE], ['From-Path', RELAY], ['Use-Path', RELAY], ['Expires', '900'], ['Authentication-Info', 'nextnonce="a2b3", qop=auth, rspauth="deadbeef", nc=00000001']], undefined),
  ),
  fixture(
    'chat through two relays with UTF-8 comment and CPIM body',
    chunk(
      'MSRP Ufg3.x+%= SEND',
      [['To-Path', `${RELAY} ${BOB}`], ['From-Path', ALICE], ['Message-ID', 'm.1+2%3=4'], ['Failure-Report', 'partial'], ['Byte-Range', '1-*/*'], ['Content-Type', 'message/cpim']],
      'From: <sip:alice@example.com>\r\nNS: imdn <urn:ietf:params:imdn>\r\n\r\nContent-Type: text/plain;charset=UTF-8\r\n\r\nGrüße ☃ -------Ufg3.x+%=\r\n',
    ),
    chunk('MSRP Ufg3.x+%= 413 Zu groß ☃', [['To-Path', RELAY], ['From-Path', BOB]], undefined),
  ),
  fixture(
    'Blink FILE_OFFSET and its 200 with Offset; empty body with Content-Type',
    chunk('MSRP fo12345 FILE_OFFSET', [['To-Path', BOB], ['From-Path', ALICE]], undefined),
    chunk('MSRP fo12345 200 OK', [['To-Path', ALICE], ['From-Path', BOB], ['Offset', '65536']], undefined),
    chunk('MSRP emptyct SEND', [['To-Path', BOB], ['From-Path', ALICE], ['Message-ID', 'e1e1'], ['Byte-Range', '1-0/0'], ['Content-Type', 'text/plain']], ''),
  ),
  fixture(
    'screen-sharing RFB SEND: reports off, binary body ending in CR',
    chunk(
      'MSRP rfb0001 SEND',
      [['To-Path', BOB], ['From-Path', ALICE], ['Message-ID', 'rfb1'], ['Success-Report', 'no'], ['Failure-Report', 'partial'], ['Byte-Range', '1-5/5'], ['Content-Type', 'application/x-rfb']],
      Buffer.from([0x00, 0x0d, 0x0a, 0x2d, 0x0d]),
    ),
  ),
];
