import { SdpError } from './sdp-error';
import { DIGITS_RE, isByteString, isNonWsString, isToken, splitFields } from './sdp-grammar';
import type {
  MediaSection,
  SdpAttribute,
  SdpConnection,
  SdpOrigin,
  SessionDescription,
} from './session-description';

export interface SdpParseOptions {
  /** Largest body accepted, in UTF-8 octets. Default 65536: an MSRP offer is a few hundred octets per stream. */
  readonly maxBytes?: number;
  /** Most lines accepted. Default 1024. */
  readonly maxLines?: number;
  /** Most m= sections accepted. Default 64. */
  readonly maxMediaSections?: number;
}

export const DEFAULT_SDP_PARSE_OPTIONS: Required<SdpParseOptions> = {
  maxBytes: 65_536,
  maxLines: 1_024,
  maxMediaSections: 64,
};

// RFC 8866 §5: the session-level lines after o= and s=, in grammar order; any order is accepted on input
// (peers differ) and the serializer writes this one.
const SESSION_LINE_TYPES = new Set(['i', 'u', 'e', 'p', 'c', 'b', 't', 'r', 'z', 'k', 'a']);
const MEDIA_LINE_TYPES = new Set(['i', 'c', 'b', 'k', 'a']);
const LINE_RE = /^([a-z])=(.*)$/s;

/**
 * Parses an SDP body (RFC 8866). Accepts CRLF or bare LF line ends (RFC 8866 §5 asks parsers to accept LF),
 * a missing final line end, and trailing empty lines; anything else malformed throws `SdpError` with status 400.
 * A `Uint8Array` must be UTF-8 (RFC 8866 §5.13 charset default); it is decoded strictly.
 */
export function parseSessionDescription(body: string | Uint8Array, options: SdpParseOptions = {}): SessionDescription {
  const limits = { ...DEFAULT_SDP_PARSE_OPTIONS, ...options };
  const text = decodeBody(body, limits.maxBytes);
  const lines = splitLines(text, limits.maxLines);
  return new Parser(lines, limits.maxMediaSections).parse();
}

function decodeBody(body: string | Uint8Array, maxBytes: number): string {
  if (typeof body !== 'string') {
    if (body.byteLength > maxBytes) throw tooLarge(body.byteLength, maxBytes);
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    } catch (cause) {
      throw new SdpError('sdp/bad-encoding', 400, 'SDP body is not valid UTF-8', { cause });
    }
  }
  // Every UTF-16 unit is at least one UTF-8 octet: refuse absurd strings before measuring them.
  if (body.length > maxBytes) throw tooLarge(body.length, maxBytes);
  const bytes = new TextEncoder().encode(body).byteLength;
  if (bytes > maxBytes) throw tooLarge(bytes, maxBytes);
  if (/[\uD800-\uDFFF]/u.test(body)) {
    throw new SdpError('sdp/bad-encoding', 400, 'SDP body contains a lone surrogate');
  }
  return body;
}

function tooLarge(size: number, max: number): SdpError {
  return new SdpError('sdp/too-large', 400, `SDP body of ${size} octets exceeds the limit of ${max}`);
}

function splitLines(text: string, maxLines: number): string[] {
  if (text.includes('\0')) throw new SdpError('sdp/malformed-line', 400, 'SDP body contains NUL');
  const lines = text.split('\n');
  if (lines.length > maxLines + 1) {
    throw new SdpError('sdp/too-many-lines', 400, `SDP body has more than ${maxLines} lines`);
  }
  const out = lines.map((line, i) => {
    const bare = line.endsWith('\r') ? line.slice(0, -1) : line;
    // RFC 8866 §5: CR only as part of the CRLF line end.
    if (bare.includes('\r')) throw new SdpError('sdp/malformed-line', 400, `line ${i + 1} contains a bare CR`);
    return bare;
  });
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  if (out.length > maxLines) throw new SdpError('sdp/too-many-lines', 400, `SDP body has more than ${maxLines} lines`);
  return out;
}

interface MutableMedia {
  media: string;
  port: number;
  portCount: number | undefined;
  proto: string;
  formats: string[];
  information: string | undefined;
  connections: SdpConnection[];
  bandwidths: string[];
  key: string | undefined;
  attributes: SdpAttribute[];
}

class Parser {
  private index = 0;
  private readonly lines: readonly string[];
  private readonly maxMedia: number;

  constructor(lines: readonly string[], maxMedia: number) {
    this.lines = lines;
    this.maxMedia = maxMedia;
  }

  parse(): SessionDescription {
    const [vType, vValue] = this.expect('v');
    if (vType !== 'v' || vValue !== '0') throw this.fail('sdp/bad-version', `version ${JSON.stringify(vValue)}, not 0`);
    const origin = parseOrigin(this.expect('o')[1], this.index);
    const sessionName = this.expect('s')[1];
    // RFC 8866 §5.3: s= MUST NOT be empty (a single space stands for "no name").
    if (sessionName.length === 0) throw this.fail('sdp/malformed-line', 's= is empty');

    let information: string | undefined;
    let uri: string | undefined;
    let connection: SdpConnection | undefined;
    let zone: string | undefined;
    let key: string | undefined;
    const emails: string[] = [];
    const phones: string[] = [];
    const bandwidths: string[] = [];
    const timings: { start: string; stop: string; repeats: string[] }[] = [];
    const attributes: SdpAttribute[] = [];

    while (this.index < this.lines.length) {
      const [type, value] = this.peek();
      if (type === 'm') break;
      if (!SESSION_LINE_TYPES.has(type)) throw this.unexpected(type, 'session');
      this.index++;
      switch (type) {
        case 'i':
          information = this.once(information, type, value);
          break;
        case 'u':
          uri = this.once(uri, type, value);
          break;
        case 'e':
          emails.push(value);
          break;
        case 'p':
          phones.push(value);
          break;
        case 'c':
          if (connection !== undefined) throw this.fail('sdp/misplaced-line', 'second session-level c=');
          connection = parseConnection(value, this.index);
          break;
        case 'b':
          bandwidths.push(value);
          break;
        case 't':
          timings.push(parseTiming(value, this.index));
          break;
        case 'r': {
          const last = timings[timings.length - 1];
          // RFC 8866 §5.10: r= belongs to the t= before it.
          if (last === undefined) throw this.fail('sdp/misplaced-line', 'r= before any t=');
          last.repeats.push(value);
          break;
        }
        case 'z':
          zone = this.once(zone, type, value);
          break;
        case 'k':
          key = this.once(key, type, value);
          break;
        default:
          attributes.push(parseAttribute(value, this.index));
      }
    }
    if (timings.length === 0) throw this.fail('sdp/missing-line', 'no t= line (RFC 8866 §5.9)');

    const media: MediaSection[] = [];
    while (this.index < this.lines.length) {
      if (media.length >= this.maxMedia) {
        throw new SdpError('sdp/too-many-lines', 400, `more than ${this.maxMedia} media sections`);
      }
      media.push(this.parseMedia());
    }
    return {
      version: 0,
      origin,
      sessionName,
      information,
      uri,
      emails,
      phones,
      connection,
      bandwidths,
      timings,
      zone,
      key,
      attributes,
      media,
    };
  }

  private parseMedia(): MediaSection {
    const [, value] = this.expect('m');
    const section: MutableMedia = {
      ...parseMediaLine(value, this.index),
      information: undefined,
      connections: [],
      bandwidths: [],
      key: undefined,
      attributes: [],
    };
    while (this.index < this.lines.length) {
      const [type, lineValue] = this.peek();
      if (type === 'm') break;
      if (!MEDIA_LINE_TYPES.has(type)) throw this.unexpected(type, 'media');
      this.index++;
      switch (type) {
        case 'i':
          section.information = this.once(section.information, type, lineValue);
          break;
        case 'c':
          section.connections.push(parseConnection(lineValue, this.index));
          break;
        case 'b':
          section.bandwidths.push(lineValue);
          break;
        case 'k':
          section.key = this.once(section.key, type, lineValue);
          break;
        default:
          section.attributes.push(parseAttribute(lineValue, this.index));
      }
    }
    return section;
  }

  /** The type and value of the current line, validated as `<type>=<value>` (RFC 8866 §5). */
  private peek(): [string, string] {
    const line = this.lines[this.index];
    if (line === undefined) throw this.fail('sdp/missing-line', 'unexpected end of SDP');
    const match = LINE_RE.exec(line);
    if (match === null) throw this.fail('sdp/malformed-line', `line ${this.index + 1} is not <type>=<value>`);
    const type = match[1] as string;
    const value = match[2] as string;
    if (!isByteString(value)) throw this.fail('sdp/malformed-line', `line ${this.index + 1} has a control character`);
    return [type, value];
  }

  private expect(type: string): [string, string] {
    if (this.index >= this.lines.length) throw this.fail('sdp/missing-line', `missing ${type}= line`);
    const [actual, value] = this.peek();
    if (actual !== type) {
      throw this.fail(type === 'v' ? 'sdp/bad-version' : 'sdp/missing-line', `expected ${type}= at line ${this.index + 1}, found ${actual}=`);
    }
    this.index++;
    return [actual, value];
  }

  private once(previous: string | undefined, type: string, value: string): string {
    if (previous !== undefined) throw this.fail('sdp/misplaced-line', `second ${type}= line in one section`);
    return value;
  }

  private unexpected(type: string, where: string): SdpError {
    // RFC 8866 §5: a parser MUST ignore or reject a description with a type letter it does not understand;
    // we reject, so nothing we did not read gets echoed or acted upon.
    const known = ['v', 'o', 's', 'i', 'u', 'e', 'p', 'c', 'b', 't', 'r', 'z', 'k', 'a', 'm'].includes(type);
    return this.fail(known ? 'sdp/misplaced-line' : 'sdp/unknown-line-type', `${type}= not allowed in the ${where} section (line ${this.index + 1})`);
  }

  private fail(code: ConstructorParameters<typeof SdpError>[0], message: string): SdpError {
    return new SdpError(code, 400, message);
  }
}

/** RFC 8866 §5.2. */
function parseOrigin(value: string, line: number): SdpOrigin {
  const fields = splitFields(value);
  if (fields === undefined || fields.length !== 6) throw new SdpError('sdp/bad-origin', 400, `o= needs 6 fields (line ${line})`);
  const [username, sessionId, sessionVersion, netType, addrType, address] = fields as [string, string, string, string, string, string];
  if (!isNonWsString(username) || !DIGITS_RE.test(sessionId) || !DIGITS_RE.test(sessionVersion)) {
    throw new SdpError('sdp/bad-origin', 400, `o= username, sess-id or sess-version malformed (line ${line})`);
  }
  if (!isToken(netType) || !isToken(addrType) || !isNonWsString(address)) {
    throw new SdpError('sdp/bad-origin', 400, `o= address malformed (line ${line})`);
  }
  return { username, sessionId, sessionVersion, netType, addrType, address };
}

/** RFC 8866 §5.7. */
export function parseConnection(value: string, line: number): SdpConnection {
  const fields = splitFields(value);
  if (fields === undefined || fields.length !== 3) throw new SdpError('sdp/bad-connection', 400, `c= needs 3 fields (line ${line})`);
  const [netType, addrType, address] = fields as [string, string, string];
  if (!isToken(netType) || !isToken(addrType) || !isNonWsString(address)) {
    throw new SdpError('sdp/bad-connection', 400, `c= malformed (line ${line})`);
  }
  return { netType, addrType, address };
}

/** RFC 8866 §5.9 (typed times such as `1d` only appear in r= and z=). */
function parseTiming(value: string, line: number): { start: string; stop: string; repeats: string[] } {
  const fields = splitFields(value);
  if (fields === undefined || fields.length !== 2 || !fields.every((f) => DIGITS_RE.test(f))) {
    throw new SdpError('sdp/bad-timing', 400, `t= needs two decimal times (line ${line})`);
  }
  return { start: fields[0] as string, stop: fields[1] as string, repeats: [] };
}

/** RFC 8866 §5.14: `<media> <port>[/<number of ports>] <proto> 1*(SP <fmt>)`. */
function parseMediaLine(value: string, line: number): Pick<MediaSection, 'media' | 'port' | 'portCount' | 'proto' | 'formats'> & { formats: string[] } {
  const fields = splitFields(value);
  if (fields === undefined || fields.length < 4) {
    throw new SdpError('sdp/bad-media-line', 400, `m= needs media, port, proto and at least one format (line ${line})`);
  }
  const [media, portText, proto, ...formats] = fields as [string, string, string, ...string[]];
  if (!isToken(media)) throw new SdpError('sdp/bad-media-line', 400, `m= media ${JSON.stringify(media)} (line ${line})`);
  const portMatch = /^([0-9]{1,5})(?:\/([0-9]{1,5}))?$/.exec(portText);
  const port = portMatch === null ? NaN : Number(portMatch[1]);
  if (!(port >= 0 && port <= 65_535)) {
    throw new SdpError('sdp/bad-media-line', 400, `m= port ${JSON.stringify(portText)} out of range (line ${line})`);
  }
  const portCount = portMatch?.[2] === undefined ? undefined : Number(portMatch[2]);
  if (portCount !== undefined && !(portCount >= 1 && port + portCount - 1 <= 65_535)) {
    throw new SdpError('sdp/bad-media-line', 400, `m= number of ports ${portCount} out of range (line ${line})`);
  }
  // RFC 8866 §9: proto = token *("/" token).
  if (!proto.split('/').every(isToken)) throw new SdpError('sdp/bad-media-line', 400, `m= proto ${JSON.stringify(proto)} (line ${line})`);
  if (!formats.every(isToken)) throw new SdpError('sdp/bad-media-line', 400, `m= format list malformed (line ${line})`);
  return { media, port, portCount, proto, formats };
}

/** RFC 8866 §5.13: `<attribute-name>[:<attribute-value>]`. An empty value is kept as '' (seen in the wild). */
function parseAttribute(value: string, line: number): SdpAttribute {
  const colon = value.indexOf(':');
  const name = colon < 0 ? value : value.slice(0, colon);
  if (!isToken(name)) throw new SdpError('sdp/bad-attribute', 400, `a= name ${JSON.stringify(name)} (line ${line})`);
  return { name, value: colon < 0 ? undefined : value.slice(colon + 1) };
}
