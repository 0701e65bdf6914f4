import { ChatFormatError, malformed } from './chat-format-error';
import { parseCpimAddress, type CpimAddress } from './cpim-address';
import { unescapeCpimHeaderValue } from './cpim-escape';
import { CPIM_NAME, LANGUAGE_TAG, MIME_HEADER_NAME } from './cpim-grammar';
import { CPIM_STANDARD_NAMESPACE, type CpimContentHeader, type CpimExtensionHeader, type CpimMessage, type CpimSubject } from './cpim-message';
import { parseRfc3339, type CpimDateTime } from './rfc3339';

export interface CpimParseLimits {
  /** Bytes of both header sections together (the body is bounded by the MSRP layer). Default 64 KiB. */
  readonly maxHeaderBytes?: number;
  /** Header lines of both sections together. Default 256. */
  readonly maxHeaders?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a `message/cpim` payload (RFC 3862 §3). Lines may end in CRLF or a bare LF: the SIP SIMPLE client writes
 * the inner MIME headers with LF only. The body is a view of `payload`, never decoded. Throws `ChatFormatError`
 * (`chat-format-malformed` → 400, `chat-format-limit-exceeded` → 400).
 */
export function parseCpim(payload: Uint8Array, limits: CpimParseLimits = {}): CpimMessage {
  const reader = new HeaderSectionReader(payload, limits.maxHeaderBytes ?? 64 * 1024, limits.maxHeaders ?? 256);
  const messageLines = reader.section('message headers');
  const contentLines = reader.section('content headers');
  const state = new MessageHeaderState();
  for (const line of messageLines) state.add(line);
  let contentType: string | undefined;
  const contentHeaders: CpimContentHeader[] = [];
  for (const line of contentLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    if (colon <= 0 || !MIME_HEADER_NAME.test(name)) throw malformed(`bad MIME header line in CPIM: ${JSON.stringify(line.slice(0, 80))}`);
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'content-type') {
      if (contentType !== undefined) throw malformed('CPIM inner part with two Content-Type headers');
      contentType = value;
    } else contentHeaders.push({ name, value });
  }
  // RFC 3862 §3.3: the encapsulated MIME object carries its own Content-Type.
  if (contentType === undefined || contentType === '') throw malformed('CPIM inner part without Content-Type');
  return { ...state.result(), contentType, contentHeaders, body: payload.subarray(reader.offset) };
}

/** Splits header sections on bytes; each ends at an empty line. */
class HeaderSectionReader {
  offset = 0;
  #headers = 0;

  constructor(
    private readonly payload: Uint8Array,
    private readonly maxBytes: number,
    private readonly maxHeaders: number,
  ) {}

  section(what: string): string[] {
    const lines: string[] = [];
    for (;;) {
      const lf = this.payload.indexOf(LF, this.offset);
      if (lf < 0 || lf + 1 > this.maxBytes) {
        if (lf < 0 && this.payload.length <= this.maxBytes) throw malformed(`CPIM ${what} not ended by an empty line`);
        throw new ChatFormatError('chat-format-limit-exceeded', `CPIM headers longer than ${this.maxBytes} bytes`);
      }
      const end = lf > this.offset && this.payload[lf - 1] === CR ? lf - 1 : lf;
      const start = this.offset;
      this.offset = lf + 1;
      if (end === start) return lines;
      if ((this.#headers += 1) > this.maxHeaders) throw new ChatFormatError('chat-format-limit-exceeded', `more than ${this.maxHeaders} CPIM header lines`);
      let line: string;
      try {
        line = utf8.decode(this.payload.subarray(start, end));
      } catch (cause) {
        throw malformed('CPIM header line is not UTF-8', cause);
      }
      if (line.includes('\r')) throw malformed('bare CR in a CPIM header line');
      lines.push(line);
    }
  }
}

interface HeaderLine {
  readonly prefix: string;
  readonly name: string;
  readonly params: ReadonlyMap<string, string>;
  /** Still escaped: address headers need the raw text to find quoted strings. */
  readonly raw: string;
}

/** `Header = Header-name ":" *( ";" Parameter ) SP Header-value` (RFC 3862 §3.1). */
function splitHeaderLine(line: string): HeaderLine {
  const colon = line.indexOf(':');
  const fullName = colon < 0 ? '' : line.slice(0, colon);
  const dot = fullName.indexOf('.');
  const prefix = dot < 0 ? '' : fullName.slice(0, dot);
  const name = dot < 0 ? fullName : fullName.slice(dot + 1);
  if (!CPIM_NAME.test(name) || (dot >= 0 && !CPIM_NAME.test(prefix))) throw malformed(`bad CPIM header line: ${JSON.stringify(line.slice(0, 80))}`);
  let rest = line.slice(colon + 1);
  const params = new Map<string, string>();
  for (;;) {
    const m = /^;([^\s;=]+)(?:=("(?:[^"\\]|\\.)*"|[^\s;]*))?/.exec(rest);
    if (m === null) break;
    params.set((m[1] as string).toLowerCase(), m[2] ?? '');
    rest = rest.slice(m[0].length);
  }
  // Peers differ in the spaces after the colon (the grammar says exactly one); accept any.
  return { prefix, name, params, raw: rest.replace(/^[ \t]+/, '') };
}

class MessageHeaderState {
  readonly #namespaces = new Map<string, string>([['', CPIM_STANDARD_NAMESPACE]]);
  #from: CpimAddress | undefined;
  readonly #to: CpimAddress[] = [];
  readonly #cc: CpimAddress[] = [];
  #dateTime: CpimDateTime | undefined;
  readonly #subjects: CpimSubject[] = [];
  readonly #require: string[] = [];
  readonly #headers: CpimExtensionHeader[] = [];

  add(line: string): void {
    const header = splitHeaderLine(line);
    const namespace = this.#namespaces.get(header.prefix);
    // RFC 3862 §4.6: a prefix is usable once declared; a header under an unknown prefix cannot be understood
    // and is skipped (Require lists what must not be skipped; the caller checks it with `unsupportedRequired`).
    if (namespace === undefined) return;
    if (namespace !== CPIM_STANDARD_NAMESPACE) {
      this.#headers.push({ namespace, name: header.name, value: unescapeCpimHeaderValue(header.raw), prefix: header.prefix });
      return;
    }
    switch (header.name.toLowerCase()) {
      case 'from': // RFC 3862 §4.1
        if (this.#from !== undefined) throw malformed('CPIM message with two From headers');
        this.#from = parseCpimAddress(header.raw);
        return;
      case 'to': // §4.2
        this.#to.push(parseCpimAddress(header.raw));
        return;
      case 'cc': // §4.3
        this.#cc.push(parseCpimAddress(header.raw));
        return;
      case 'datetime': // §4.4
        if (this.#dateTime !== undefined) throw malformed('CPIM message with two DateTime headers');
        this.#dateTime = parseRfc3339(unescapeCpimHeaderValue(header.raw));
        return;
      case 'subject': {
        // §4.5
        const lang = header.params.get('lang');
        if (lang !== undefined && !LANGUAGE_TAG.test(lang)) throw malformed(`bad Subject language: ${JSON.stringify(lang)}`);
        const value = unescapeCpimHeaderValue(header.raw);
        this.#subjects.push(lang === undefined ? { value } : { value, lang });
        return;
      }
      case 'ns': {
        // §4.6: NS: [Name-prefix SP] "<" URI ">"
        const m = /^(?:([^\s<]+)\s+)?<([^<>\s]+)>\s*$/.exec(header.raw);
        if (m === null || (m[1] !== undefined && !CPIM_NAME.test(m[1]))) throw malformed(`bad NS header: ${JSON.stringify(header.raw.slice(0, 80))}`);
        this.#namespaces.set(m[1] ?? '', m[2] as string);
        return;
      }
      case 'require':
      case 'required': // §4.7; the SIP SIMPLE client writes "Required"
        this.#require.push(...header.raw.split(',').map((s) => s.trim()).filter((s) => s !== ''));
        return;
      default:
        this.#headers.push({ namespace, name: header.name, value: unescapeCpimHeaderValue(header.raw) });
    }
  }

  result(): Omit<CpimMessage, 'contentType' | 'contentHeaders' | 'body'> {
    return {
      from: this.#from,
      to: this.#to,
      cc: this.#cc,
      dateTime: this.#dateTime,
      subjects: this.#subjects,
      require: this.#require,
      headers: this.#headers,
    };
  }
}
