import { isIPv4, isIPv6 } from 'node:net';
import { MsrpUriError } from '../errors';
import { randomAlphanumeric } from './random-id';

export type MsrpScheme = 'msrp' | 'msrps';

/** A `;name` or `;name=value` URI parameter other than the transport (RFC 4975 §9 URI-parameter). */
export interface MsrpUriParameter {
  readonly name: string;
  readonly value: string | undefined;
}

export interface MsrpUriInit {
  /** Defaults to `msrps` (RFC 4975 §14: TLS is the default in serious clients). */
  readonly scheme?: MsrpScheme;
  readonly user?: string | undefined;
  /** reg-name, IPv4 address, or IPv6 address with or without the brackets. */
  readonly host: string;
  /** Absent means "no port in the URI"; 0 is a placeholder that connectors replace. */
  readonly port?: number | undefined;
  readonly sessionId?: string | undefined;
  /** Defaults to `tcp` (RFC 4975 §9: the only transport defined). */
  readonly transport?: string;
  readonly parameters?: readonly MsrpUriParameter[];
}

/** The changes `MsrpUri.with()` accepts: any field, `undefined` removing an optional one. */
export type MsrpUriChanges = { readonly [K in keyof MsrpUriInit]?: MsrpUriInit[K] | undefined };

// RFC 3986 §2.3 unreserved
const UNRESERVED = "A-Za-z0-9\\-._~";
// RFC 3986 §2.2 sub-delims without ";" (";" starts the MSRP transport, RFC 4975 §9)
const SUB_DELIMS_NO_SEMI = "!$&'()*+,=";
// RFC 4975 §9: session-id = 1*( unreserved / "+" / "=" / "/" )
const SESSION_ID_RE = new RegExp(`^[${UNRESERVED}+=/]+$`);
// RFC 3986 §3.2.1: userinfo = *( unreserved / pct-encoded / sub-delims / ":" )
const USERINFO_RE = new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMS_NO_SEMI};:]|%[0-9A-Fa-f]{2})*$`);
// RFC 3986 §3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ); must be non-empty for MSRP
const REG_NAME_RE = new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMS_NO_SEMI}]|%[0-9A-Fa-f]{2})+$`);
// RFC 3261 §25.1 token, used by RFC 4975 §9 URI-parameter and transport (1*ALPHANUM)
const TOKEN_RE = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const TRANSPORT_RE = /^[A-Za-z0-9]+$/;
const PORT_RE = /^[0-9]{1,5}$/;

/** 80+ bits of randomness as RFC 4975 §14.1 asks of session-ids; alphanumeric for the sloppiest peers. */
export function generateSessionId(): string {
  return randomAlphanumeric(20);
}

/**
 * An MSRP or MSRPS URI (RFC 4975 §6, §9), immutable. `toString()` formats it back; `equals()` compares by
 * RFC 4975 §6.1. Seed name: msrplib `protocol.URI`.
 */
export class MsrpUri {
  readonly scheme: MsrpScheme;
  readonly user: string | undefined;
  /** As written, IPv6 without brackets. */
  readonly host: string;
  readonly port: number | undefined;
  readonly sessionId: string | undefined;
  readonly transport: string;
  readonly parameters: readonly MsrpUriParameter[];
  #text: string | undefined;

  constructor(init: MsrpUriInit) {
    const host = init.host.startsWith('[') && init.host.endsWith(']') ? init.host.slice(1, -1) : init.host;
    const scheme = init.scheme ?? 'msrps';
    const formatted = `${scheme}://…`;
    if (scheme !== 'msrp' && scheme !== 'msrps') throw new MsrpUriError(formatted, `scheme ${String(scheme)}`);
    if (!isValidHost(host)) throw new MsrpUriError(formatted, `host ${JSON.stringify(init.host)}`);
    if (init.user !== undefined && !USERINFO_RE.test(init.user)) throw new MsrpUriError(formatted, 'userinfo');
    if (init.port !== undefined && !(Number.isInteger(init.port) && init.port >= 0 && init.port <= 65535)) {
      throw new MsrpUriError(formatted, `port ${init.port}`);
    }
    if (init.sessionId !== undefined && !SESSION_ID_RE.test(init.sessionId)) {
      throw new MsrpUriError(formatted, `session-id ${JSON.stringify(init.sessionId)}`);
    }
    const transport = init.transport ?? 'tcp';
    if (!TRANSPORT_RE.test(transport)) throw new MsrpUriError(formatted, `transport ${JSON.stringify(transport)}`);
    const parameters = (init.parameters ?? []).map((p) => {
      if (!TOKEN_RE.test(p.name) || (p.value !== undefined && !TOKEN_RE.test(p.value))) {
        throw new MsrpUriError(formatted, `parameter ${JSON.stringify(p.name)}`);
      }
      return Object.freeze({ name: p.name, value: p.value });
    });
    this.scheme = scheme;
    this.user = init.user;
    this.host = host;
    this.port = init.port;
    this.sessionId = init.sessionId;
    this.transport = transport;
    this.parameters = Object.freeze(parameters);
    Object.freeze(this);
  }

  /** Parses one URI; throws `MsrpUriError` (status 400) when it does not follow RFC 4975 §9. */
  static parse(text: string): MsrpUri {
    return parseUri(text);
  }

  /** Like `parse`, but returns `undefined` instead of throwing. */
  static tryParse(text: string): MsrpUri | undefined {
    try {
      return parseUri(text);
    } catch {
      return undefined;
    }
  }

  /** `msrps` (RFC 4975 §6: TLS). */
  get secure(): boolean {
    return this.scheme === 'msrps';
  }

  /** The host as it appears in the authority: IPv6 in brackets. */
  get hostPart(): string {
    return this.host.includes(':') ? `[${this.host}]` : this.host;
  }

  /** The value of the first parameter named `name` (case-insensitive); `null` for a valueless one. */
  parameter(name: string): string | null | undefined {
    const lower = name.toLowerCase();
    const found = this.parameters.find((p) => p.name.toLowerCase() === lower);
    return found === undefined ? undefined : (found.value ?? null);
  }

  /** A copy with some fields replaced (e.g. the port once a listener is bound, when it was 0). */
  with(changes: MsrpUriChanges): MsrpUri {
    const pick = <K extends keyof MsrpUriInit>(key: K): MsrpUriInit[K] =>
      (key in changes ? changes[key] : this[key as keyof this]) as MsrpUriInit[K];
    return new MsrpUri({
      scheme: pick('scheme') ?? this.scheme,
      user: pick('user'),
      host: pick('host') ?? this.host,
      port: pick('port'),
      sessionId: pick('sessionId'),
      transport: pick('transport') ?? this.transport,
      parameters: pick('parameters') ?? [],
    });
  }

  /**
   * RFC 4975 §6.1: scheme and host case-insensitive (IP addresses by value, percent-encoded unreserved
   * characters decoded), userinfo ignored, an explicit port never equal to an absent one, session-id
   * case-sensitive, transport compared case-insensitively. Other parameters are not compared.
   */
  equals(other: MsrpUri): boolean {
    if (this === other) return true;
    return (
      this.scheme === other.scheme &&
      this.port === other.port &&
      this.sessionId === other.sessionId &&
      this.transport.toLowerCase() === other.transport.toLowerCase() &&
      comparableHost(this.host) === comparableHost(other.host)
    );
  }

  /** A key that is equal for two URIs exactly when `equals()` is true (for Maps). */
  get comparisonKey(): string {
    return `${this.scheme}://${comparableHost(this.host)}:${this.port ?? ''}/${this.sessionId ?? ''};${this.transport.toLowerCase()}`;
  }

  toString(): string {
    if (this.#text === undefined) {
      let text = `${this.scheme}://`;
      if (this.user !== undefined) text += `${this.user}@`;
      text += this.hostPart;
      if (this.port !== undefined) text += `:${this.port}`;
      if (this.sessionId !== undefined) text += `/${this.sessionId}`;
      text += `;${this.transport}`;
      for (const p of this.parameters) text += p.value === undefined ? `;${p.name}` : `;${p.name}=${p.value}`;
      // Caching on a frozen object: the private field is not affected by freeze.
      this.#text = text;
    }
    return this.#text;
  }

  toJSON(): string {
    return this.toString();
  }
}

function isValidHost(host: string): boolean {
  if (host.includes(':')) return isIPv6(host);
  return REG_NAME_RE.test(host);
}

/** RFC 4975 §6.1 host comparison form. */
function comparableHost(host: string): string {
  if (host.includes(':')) {
    // WHATWG URL prints IPv6 in its canonical compressed form: equal addresses give equal strings.
    return new URL(`http://[${host}]/`).hostname;
  }
  if (isIPv4(host)) return host;
  return host.replace(/%([0-9A-Fa-f]{2})/g, (whole, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return /^[A-Za-z0-9\-._~]$/.test(char) ? char : whole.toUpperCase();
  }).toLowerCase();
}

// RFC 4975 §9: MSRP-URI = msrp-scheme "://" authority ["/" session-id] ";" transport *( ";" URI-parameter)
function parseUri(text: string): MsrpUri {
  const schemeEnd = text.indexOf('://');
  if (schemeEnd < 0) throw new MsrpUriError(text, 'no "://"');
  // RFC 4975 §6.1: scheme comparison is case-insensitive, so parsing is too.
  const scheme = text.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'msrp' && scheme !== 'msrps') throw new MsrpUriError(text, `scheme ${JSON.stringify(scheme)}`);
  let pos = schemeEnd + 3;

  // '@' cannot occur in host, session-id or token parameters: the last one ends the userinfo.
  let user: string | undefined;
  const at = text.lastIndexOf('@');
  if (at >= pos) {
    user = text.slice(pos, at);
    if (!USERINFO_RE.test(user)) throw new MsrpUriError(text, 'userinfo');
    pos = at + 1;
  }

  let host: string;
  if (text.charCodeAt(pos) === 0x5b /* [ */) {
    const close = text.indexOf(']', pos);
    if (close < 0) throw new MsrpUriError(text, 'unterminated IPv6 reference');
    host = text.slice(pos + 1, close);
    if (!isIPv6(host)) throw new MsrpUriError(text, `IPv6 address ${JSON.stringify(host)}`);
    pos = close + 1;
  } else {
    let end = pos;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 0x3a /* : */ || c === 0x2f /* / */ || c === 0x3b /* ; */) break;
      end++;
    }
    host = text.slice(pos, end);
    if (!REG_NAME_RE.test(host)) throw new MsrpUriError(text, `host ${JSON.stringify(host)}`);
    pos = end;
  }

  let port: number | undefined;
  if (text.charCodeAt(pos) === 0x3a /* : */) {
    let end = pos + 1;
    while (end < text.length && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++;
    const digits = text.slice(pos + 1, end);
    if (!PORT_RE.test(digits) || Number(digits) > 65535) throw new MsrpUriError(text, `port ${JSON.stringify(digits)}`);
    port = Number(digits);
    pos = end;
  }

  const semi = text.indexOf(';', pos);
  if (semi < 0) throw new MsrpUriError(text, 'no ";transport"');
  let sessionId: string | undefined;
  if (text.charCodeAt(pos) === 0x2f /* / */) {
    sessionId = text.slice(pos + 1, semi);
    if (!SESSION_ID_RE.test(sessionId)) throw new MsrpUriError(text, `session-id ${JSON.stringify(sessionId)}`);
  } else if (pos !== semi) {
    throw new MsrpUriError(text, `unexpected ${JSON.stringify(text.slice(pos, semi))}`);
  }

  const fields = text.slice(semi + 1).split(';');
  const transport = fields[0] ?? '';
  if (!TRANSPORT_RE.test(transport)) throw new MsrpUriError(text, `transport ${JSON.stringify(transport)}`);
  const parameters: MsrpUriParameter[] = [];
  for (let i = 1; i < fields.length; i++) {
    const field = fields[i] ?? '';
    const eq = field.indexOf('=');
    const name = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    if (!TOKEN_RE.test(name) || (value !== undefined && !TOKEN_RE.test(value))) {
      throw new MsrpUriError(text, `parameter ${JSON.stringify(field)}`);
    }
    parameters.push({ name, value });
  }
  return new MsrpUri({ scheme, user, host, port, sessionId, transport, parameters });
}
