import { MsrpHeaderError } from '../../errors';
import type { HeaderCodec } from './header-codec';
import { TOKEN_RE, quoteString, scanParams } from './header-params';

/**
 * `Digest name=value, …` (RFC 2617 §3.2.1/§3.2.2, used by RFC 4976 §5.2 for AUTH). Parameter names are
 * lowercased (case-insensitive in RFC 2617), values unquoted. Absent parameters (`opaque` is often
 * absent) are simply not in the map.
 */
export interface DigestHeaderValue {
  /** The auth-scheme as sent, normally `Digest`. */
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
}

function decodeParams(header: string, text: string): Map<string, string> {
  const scanned = scanParams(text, ',');
  if (scanned === undefined) throw new MsrpHeaderError(header, `parameters of ${JSON.stringify(text.slice(0, 100))}`);
  const params = new Map<string, string>();
  for (const p of scanned) {
    if (p.value === undefined || !TOKEN_RE.test(p.name)) throw new MsrpHeaderError(header, `parameter ${JSON.stringify(p.name)}`);
    params.set(p.name.toLowerCase(), p.value);
  }
  return params;
}

/**
 * Encodes parameters, quoting all but those the grammar defines as tokens (RFC 2617 §3.2.1/§3.2.2/§3.2.3:
 * algorithm, stale, and in responses qop and nc, are unquoted).
 */
function encodeParams(params: ReadonlyMap<string, string>, unquoted: ReadonlySet<string>): string {
  const parts: string[] = [];
  for (const [name, value] of params) {
    parts.push(`${name}=${unquoted.has(name) && TOKEN_RE.test(value) ? value : quoteString(value)}`);
  }
  return parts.join(', ');
}

function digestCodec(name: string, unquoted: ReadonlySet<string>): HeaderCodec<DigestHeaderValue> {
  return {
    name,
    decode(value) {
      const match = /^\s*([A-Za-z0-9\-.!%*_+`'~]+)(?:[ \t]+|$)/.exec(value);
      if (match === null) throw new MsrpHeaderError(name, 'no auth-scheme');
      return { scheme: match[1] as string, params: decodeParams(name, value.slice(match[0].length)) };
    },
    encode(value) {
      return `${value.scheme} ${encodeParams(value.params, unquoted)}`;
    },
  };
}

/** RFC 4976 §5.2 / RFC 2617 §3.2.1: the relay's challenge (401). */
export const WwwAuthenticateHeader = digestCodec('WWW-Authenticate', new Set(['algorithm', 'stale']));
/** RFC 4976 §5.2 / RFC 2617 §3.2.2: the client's credentials. */
export const AuthorizationHeader = digestCodec('Authorization', new Set(['algorithm', 'qop', 'nc']));

const AUTH_INFO_UNQUOTED = new Set(['qop', 'nc']);
/** RFC 4976 §5.2 / RFC 2617 §3.2.3: `nextnonce`, `rspauth` … in the 200 to AUTH; no auth-scheme. */
export const AuthenticationInfoHeader: HeaderCodec<ReadonlyMap<string, string>> = {
  name: 'Authentication-Info',
  decode: (value) => decodeParams('Authentication-Info', value),
  encode: (value) => encodeParams(value, AUTH_INFO_UNQUOTED),
};
