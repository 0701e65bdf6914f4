import { describe, expect, it } from 'vitest';
import { applyMsrpAnswer } from './apply-msrp-answer';
import { acceptanceOf, buildMsrpAnswer, type StreamDecision } from './build-msrp-answer';
import { buildMsrpOffer, nextSessionVersion, type LocalOrigin, type LocalStreamSpec } from './build-msrp-offer';
import { classifyOffer } from './classify-offer';
import type { FileTransferDescription } from './msrp-media-description';
import type { AcceptedStream, NegotiatedStream } from './negotiated-stream';
import { parseSessionDescription } from './parse-session-description';
import { readMsrpMedia } from './read-msrp-media';
import { SdpError } from './sdp-error';
import { serializeSessionDescription } from './serialize-session-description';
import type { MediaSection, SessionDescription } from './session-description';
import { AUDIO_SECTION, CHAT_SECTION, MIXED_OFFER, SESSION_HEAD, crlf } from './test-support/blink-offers';

const ORIGIN: LocalOrigin = { sessionId: '1700000000', sessionVersion: '1700000000', address: '198.51.100.20' };
const endpoint = (id: string, scheme = 'msrps') => ({ path: [`${scheme}://relay.example.org:2855/r${id};tcp`, `${scheme}://198.51.100.20:2855/${id};tcp`] });
const FILE: FileTransferDescription = {
  selector: { name: 'report "final".pdf', type: { mediaType: 'application/pdf', parameters: [] }, size: 2048, hashes: [] },
  transferId: 'f-1',
  disposition: undefined,
  date: undefined,
  icon: undefined,
  range: undefined,
  xFileOffset: true,
};

/** Serializes and re-parses, as the wire would. */
function wire(sdp: SessionDescription): SessionDescription {
  return parseSessionDescription(serializeSessionDescription(sdp));
}

function accepted(streams: readonly NegotiatedStream[]): AcceptedStream[] {
  return streams.filter((s): s is AcceptedStream => s.accepted);
}

describe('buildMsrpOffer', () => {
  const streams: LocalStreamSpec[] = [
    { role: 'chat', endpoint: endpoint('c1') },
    { role: 'file-sender', endpoint: endpoint('f1'), file: FILE },
    { role: 'file-receiver', endpoint: endpoint('f2'), file: { ...FILE, transferId: 'f-2', range: { start: 1025, stop: '*' } } },
    { role: 'desktop-viewer', endpoint: endpoint('d1', 'msrp') },
    { role: 'desktop-server', endpoint: endpoint('d2', 'msrp') },
  ];

  it('writes one MSRP section per stream with path, setup, direction and role attributes', () => {
    const offer = wire(buildMsrpOffer({ origin: ORIGIN, streams }));
    const read = offer.media.map((media) => readMsrpMedia(media, offer));
    expect(read.map((m) => [m.media, m.proto, m.direction, m.setup, m.rfbSetup])).toEqual([
      ['message', 'TCP/TLS/MSRP', 'sendrecv', 'actpass', undefined],
      ['message', 'TCP/TLS/MSRP', 'sendonly', 'actpass', undefined],
      ['message', 'TCP/TLS/MSRP', 'recvonly', 'actpass', undefined],
      ['application', 'TCP/MSRP', 'sendrecv', 'actpass', 'active'],
      ['application', 'TCP/MSRP', 'sendrecv', 'actpass', 'passive'],
    ]);
    expect(read[0]?.path).toEqual(endpoint('c1').path);
    expect(read[0]?.acceptTypes).toContain('message/cpim');
    expect(read[0]?.connection).toEqual({ netType: 'IN', addrType: 'IP4', address: '198.51.100.20' });
    expect(read[1]?.file?.selector.name).toBe('report "final".pdf');
    expect(read[2]?.file?.range).toEqual({ start: 1025, stop: '*' });
    expect(read[3]?.acceptTypes).toEqual(['application/x-rfb']);
    expect(offer.origin.sessionVersion).toBe('1700000000');
    expect(nextSessionVersion(ORIGIN).sessionVersion).toBe('1700000001');
    expect(nextSessionVersion({ ...ORIGIN, sessionVersion: '18446744073709551615' }).sessionVersion).toBe('18446744073709551616');
  });

  it('refuses a file role without file attributes', () => {
    expect(() => buildMsrpOffer({ origin: ORIGIN, streams: [{ role: 'file-sender', endpoint: endpoint('x') }] })).toThrowError(/file attributes/);
  });
});

describe('buildMsrpAnswer', () => {
  it('classifies a mixed Blink offer', () => {
    const offered = classifyOffer(parseSessionDescription(MIXED_OFFER));
    expect(offered.map((s) => (s.usable ? s.role : s.reason))).toEqual(['not-msrp', 'chat', 'file-receiver', 'desktop-server']);
  });

  it('accepts some streams, refuses the others with port 0 and keeps the m-line order', () => {
    const offer = parseSessionDescription(MIXED_OFFER);
    const asked: string[] = [];
    const { answer, streams } = buildMsrpAnswer({
      offer,
      origin: ORIGIN,
      decide: (stream): StreamDecision => {
        asked.push(stream.role);
        return stream.role === 'desktop-server' ? 'refuse' : { endpoint: endpoint(`a${stream.index}`) };
      },
    });
    // Unusable m-lines (the audio) are refused without asking.
    expect(asked).toEqual(['chat', 'file-receiver', 'desktop-server']);
    const parsed = wire(answer);
    expect(parsed.media.map((m) => [m.media, m.port, m.proto])).toEqual([
      ['audio', 0, 'RTP/AVP'],
      ['message', 2855, 'TCP/TLS/MSRP'],
      ['message', 2855, 'TCP/TLS/MSRP'],
      ['application', 0, 'TCP/TLS/MSRP'],
    ]);
    expect(parsed.media[0]?.formats).toEqual(['0', '8', '101']);
    expect(parsed.media[0]?.attributes).toEqual([]);
    expect(streams.map((s) => (s.accepted ? s.role : s.reason))).toEqual(['not-msrp', 'chat', 'file-receiver', 'refused-locally']);

    const chat = readMsrpMedia(parsed.media[1] as MediaSection, parsed);
    // The offer said actpass; behind a relay (the default model) we answer passive and the peer connects.
    expect(chat.setup).toBe('passive');
    expect(chat.path).toEqual(endpoint('a1').path);
    expect(chat.chatroom).toEqual([]);
    const file = readMsrpMedia(parsed.media[2] as MediaSection, parsed);
    expect(file.direction).toBe('recvonly');
    expect(file.file?.selector.name).toBe('holiday photo.jpg');
    expect(file.file?.transferId).toBe('8c2f1c4e-3b5a-4d7e-9f10-2a3b4c5d6e7f');
    expect(file.file?.xFileOffset).toBe(true);
    const [acceptedChat, acceptedFile] = accepted(streams);
    expect(acceptedChat?.chat?.cpim).toBe(true);
    expect(acceptedChat?.setup.connector).toBe('remote');
    expect(acceptedFile?.peerSupportsFileOffset).toBe(true);
  });

  it('answers actpass active when direct, mirrors rfbsetup and asks for a file range', () => {
    const offer = parseSessionDescription(MIXED_OFFER);
    const { answer, streams } = buildMsrpAnswer({
      offer,
      origin: ORIGIN,
      decide: (stream) => ({ endpoint: endpoint(`b${stream.index}`), connectionModel: 'direct', fileRange: { start: 4097, stop: 123456 } }),
    });
    const parsed = wire(answer);
    const read = parsed.media.slice(1).map((media) => readMsrpMedia(media, parsed));
    expect(read.map((m) => m.setup)).toEqual(['active', 'active', 'active']);
    expect(read[1]?.file?.range).toEqual({ start: 4097, stop: 123456 });
    expect(read[2]?.rfbSetup).toBe('passive');
    expect(accepted(streams).map((s) => s.setup.connector)).toEqual(['local', 'local', 'local']);
  });

  it('refuses sendrecv file transfer, one-way chat, malformed MSRP and a TLS mismatch', () => {
    const offer = parseSessionDescription(
      crlf([
        ...SESSION_HEAD,
        'm=message 2855 TCP/MSRP *',
        'a=path:msrp://192.0.2.10:2855/x1;tcp',
        'a=accept-types:*',
        'a=file-selector:name:"a.txt" size:3',
        'm=message 2855 TCP/MSRP *',
        'a=path:msrp://192.0.2.10:2855/x2;tcp',
        'a=accept-types:text/plain',
        'a=sendonly',
        'm=message 2855 TCP/MSRP *',
        'a=accept-types:text/plain',
        'm=message 2855 TCP/MSRP *',
        'a=path:msrp://192.0.2.10:2855/x3;tcp',
        'a=accept-types:text/plain',
        'm=message 0 TCP/MSRP *',
        'm=message 2855 TCP/MSRP *',
        'a=path:msrp://192.0.2.10:2855/x4;tcp',
        'a=accept-types:application/x-rfb',
        'm=message 2855 TCP/MSRP *',
        'a=path:msrp://192.0.2.10:2855/x5;tcp',
        'a=accept-types:text/plain',
      ]),
    );
    const { streams, answer } = buildMsrpAnswer({ offer, origin: ORIGIN, decide: (s) => ({ endpoint: endpoint(`t${s.index}`, s.index === 3 ? 'msrps' : 'msrp') }) });
    expect(streams.map((s) => (s.accepted ? 'accepted' : s.reason))).toEqual([
      'unsupported',
      'unsupported',
      'malformed',
      'transport-mismatch',
      'removed',
      'no-common-types',
      'accepted',
    ]);
    expect(answer.media.map((m) => m.port)).toEqual([0, 0, 0, 0, 0, 0, 2855]);
    expect((streams[0] as { error?: SdpError }).error?.code).toBe('sdp/bad-direction');
  });

  it('fails with 488 when nothing can be accepted', () => {
    const offer = parseSessionDescription(crlf([...SESSION_HEAD, ...AUDIO_SECTION]));
    try {
      buildMsrpAnswer({ offer, origin: ORIGIN, decide: () => ({ endpoint: endpoint('z') }) });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(SdpError);
      expect([(error as SdpError).code, (error as SdpError).status]).toEqual(['sdp/no-acceptable-stream', 488]);
    }
  });

  it('echoes msrp-cema only when the offer had it', () => {
    const withCema = parseSessionDescription(crlf([...SESSION_HEAD, ...CHAT_SECTION, 'a=msrp-cema']));
    const without = parseSessionDescription(crlf([...SESSION_HEAD, ...CHAT_SECTION]));
    const decide = () => ({ endpoint: { ...endpoint('k'), cema: true } });
    expect(accepted(buildMsrpAnswer({ offer: withCema, origin: ORIGIN, decide }).streams)[0]?.cema).toBe(true);
    const plain = buildMsrpAnswer({ offer: without, origin: ORIGIN, decide });
    expect(accepted(plain.streams)[0]?.cema).toBe(false);
    expect(plain.answer.media[0]?.attributes.some((a) => a.name === 'msrp-cema')).toBe(false);
  });
});

describe('applyMsrpAnswer', () => {
  const specs: LocalStreamSpec[] = [
    { role: 'chat', endpoint: endpoint('c1') },
    { role: 'file-sender', endpoint: endpoint('f1'), file: FILE },
    { role: 'desktop-viewer', endpoint: endpoint('d1') },
  ];

  it('maps an answer built by the answer builder back onto the offer', () => {
    const offer = wire(buildMsrpOffer({ origin: ORIGIN, streams: specs }));
    const { answer, streams: answererView } = buildMsrpAnswer({
      offer,
      origin: { ...ORIGIN, sessionId: '42', address: '203.0.113.5' },
      decide: (s) => (s.role === 'desktop-server' ? 'refuse' : { endpoint: endpoint(`p${s.index}`), connectionModel: 'direct' }),
    });
    const streams = applyMsrpAnswer(offer, wire(answer));
    expect(streams.map((s) => (s.accepted ? s.role : s.reason))).toEqual(['chat', 'file-sender', 'declined']);
    const [chat, file] = accepted(streams);
    expect(chat?.remote.path).toEqual(endpoint('p0').path);
    // The answerer connects (it answered active), so we wait: both views agree.
    expect(chat?.setup).toMatchObject({ localSetup: 'passive', connector: 'remote' });
    expect(accepted(answererView)[0]?.setup.connector).toBe('local');
    expect(chat?.chat?.cpim).toBe(true);
    expect(file?.remote.direction).toBe('recvonly');
    expect(file?.peerSupportsFileOffset).toBe(true);
  });

  it('fails on a different m-line count (400) or a reordered answer (488)', () => {
    const offer = wire(buildMsrpOffer({ origin: ORIGIN, streams: specs }));
    const { answer } = buildMsrpAnswer({ offer, origin: ORIGIN, decide: (s) => ({ endpoint: endpoint(`q${s.index}`) }) });
    const expectError = (run: () => unknown, status: number) => {
      try {
        run();
        throw new Error('no error');
      } catch (error) {
        expect(error).toBeInstanceOf(SdpError);
        expect([(error as SdpError).code, (error as SdpError).status]).toEqual(['sdp/answer-mismatch', status]);
      }
    };
    expectError(() => applyMsrpAnswer(offer, { ...answer, media: answer.media.slice(0, 2) }), 400);
    expectError(() => applyMsrpAnswer(offer, { ...answer, media: [answer.media[2], answer.media[1], answer.media[0]] as MediaSection[] }), 488);
  });

  it('refuses a stream whose answer breaks setup, direction or rfbsetup, keeping the others', () => {
    const offer = wire(buildMsrpOffer({ origin: ORIGIN, streams: specs }));
    const { answer } = buildMsrpAnswer({ offer, origin: ORIGIN, decide: (s) => ({ endpoint: endpoint(`q${s.index}`) }) });
    /** The answer with attribute `name` of m-line `index` replaced. */
    const patch = (index: number, name: string, replacement: { name: string; value: string | undefined }): SessionDescription => ({
      ...answer,
      media: answer.media.map((m, i) => (i !== index ? m : { ...m, attributes: m.attributes.map((a) => (a.name === name ? replacement : a)) })),
    });
    const actpass = applyMsrpAnswer(offer, patch(0, 'setup', { name: 'setup', value: 'actpass' }));
    expect(actpass.map((s) => (s.accepted ? 'ok' : s.reason))).toEqual(['bad-answer', 'ok', 'ok']);
    expect((actpass[0] as { error?: SdpError }).error?.code).toBe('sdp/setup-conflict');
    const sendonly = applyMsrpAnswer(offer, patch(1, 'recvonly', { name: 'sendonly', value: undefined }));
    expect(sendonly.map((s) => (s.accepted ? 'ok' : s.reason))).toEqual(['ok', 'bad-answer', 'ok']);
    const bothViewers = applyMsrpAnswer(offer, patch(2, 'rfbsetup', { name: 'rfbsetup', value: 'active' }));
    expect(bothViewers.map((s) => (s.accepted ? 'ok' : s.reason))).toEqual(['ok', 'ok', 'bad-answer']);
  });
  it('turns a stream\'s own spec into how it accepts an offered stream: endpoint, types, and a resuming receiver\'s range', () => {
    const receiver: LocalStreamSpec = { role: 'file-receiver', endpoint: endpoint('f9'), acceptTypes: ['*'], file: { ...FILE, range: { start: 1025, stop: '*' } } };
    expect(acceptanceOf(receiver, { connectionModel: 'direct', actpassAnswer: 'active' })).toEqual({
      endpoint: endpoint('f9'),
      connectionModel: 'direct',
      actpassAnswer: 'active',
      acceptTypes: ['*'],
      fileRange: { start: 1025, stop: '*' },
      xFileOffset: true,
    });
    expect(acceptanceOf({ role: 'chat', endpoint: endpoint('c9') }, {})).toEqual({ endpoint: endpoint('c9') });
  });
});
