import { createHash, randomBytes } from 'node:crypto';
import { MsrpError } from '../errors';

/**
 * HTTP Digest (RFC 2617, MD5, qop=auth) for MSRP AUTH (RFC 4976 §5.2). Pure apart from the random cnonce,
 * which can be injected.
 *
 * Relays disagree on the `uri` parameter: Kamailio's auth module requires it in Authorization, while
 * msrprelay computes the response over its own URI but chokes on the parameter. The response hash is always
 * computed over the relay URI (RFC 2617 §3.2.2.2, digest-uri); only the presence of `uri=` varies.
 */
export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  readonly algorithm?: string;
  /** The qop options offered (RFC 2617 §3.2.1), empty when the challenge has none (RFC 2069 style). */
  readonly qop: readonly string[];
  readonly stale: boolean;
}

export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

/** Whether Authorization carries `uri=`. `adaptive` starts with `include` and retries once with `omit`. */
export type DigestUriMode = 'include' | 'omit';
export type DigestUriPolicy = DigestUriMode | 'adaptive';

export interface DigestRequest {
  /** The request method, `AUTH` for MSRP relays. */
  readonly method: string;
  /** The digest-uri: the relay URI the AUTH is addressed to (its To-Path). */
  readonly uri: string;
  readonly uriMode: DigestUriMode;
  /** Injected for tests; random 16 bytes hex otherwise. */
  readonly cnonce?: string;
  /** Nonce count (RFC 2617 §3.2.2), 1 for the first use of a nonce. */
  readonly nonceCount?: number;
}

/** A challenge this client cannot answer: authentication with the relay fails (`msrp-auth-failed`). */
function challengeError(message: string): MsrpError {
  return new MsrpError('msrp-auth-failed', message);
}

/** Parses the value of a WWW-Authenticate header (`Digest realm="…", nonce="…", …`), RFC 2617 §3.2.1. */
export function parseDigestChallenge(headerValue: string): DigestChallenge {
  const match = /^\s*Digest\s+/i.exec(headerValue);
  if (!match) throw challengeError(`not a Digest challenge: ${headerValue.slice(0, 80)}`);
  const params = parseAuthParams(headerValue.slice(match[0].length));
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || nonce === undefined) throw challengeError('Digest challenge lacks realm or nonce');
  const algorithm = params.get('algorithm');
  if (algorithm !== undefined && algorithm.toUpperCase() !== 'MD5') {
    throw challengeError(`unsupported Digest algorithm ${algorithm}`);
  }
  const qopValue = params.get('qop');
  const challenge: DigestChallenge = {
    realm,
    nonce,
    qop: qopValue === undefined ? [] : qopValue.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean),
    stale: (params.get('stale') ?? '').toLowerCase() === 'true',
    ...(params.has('opaque') ? { opaque: params.get('opaque') as string } : {}),
    ...(algorithm !== undefined ? { algorithm } : {}),
  };
  return challenge;
}

/** RFC 2617 §1.2: auth-param = token "=" ( token | quoted-string ), comma separated. */
function parseAuthParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /\s*([A-Za-z0-9_.!%*+`'~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gy;
  let result: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (result = pattern.exec(text)) !== null) {
    const name = (result[1] as string).toLowerCase();
    const value = result[2] !== undefined ? result[2].replace(/\\(.)/g, '$1') : (result[3] ?? '');
    params.set(name, value);
  }
  return params;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** RFC 2617 §3.2.2.1: request-digest with qop=auth, or the RFC 2069 form when the challenge has no qop. */
export function digestResponse(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  method: string,
  uri: string,
  cnonce: string,
  nonceCount: string,
): string {
  const ha1 = md5(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  const ha2 = md5(`${method}:${uri}`);
  if (!challenge.qop.includes('auth')) return md5(`${ha1}:${challenge.nonce}:${ha2}`);
  return md5(`${ha1}:${challenge.nonce}:${nonceCount}:${cnonce}:auth:${ha2}`);
}

/** The value of the Authorization header answering `challenge` (RFC 2617 §3.2.2, RFC 4976 §5.2). */
export function buildDigestAuthorization(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  request: DigestRequest,
): string {
  if (challenge.qop.length > 0 && !challenge.qop.includes('auth')) {
    throw challengeError(`unsupported qop ${challenge.qop.join(',')}`);
  }
  const useQop = challenge.qop.includes('auth');
  const cnonce = request.cnonce ?? randomBytes(16).toString('hex');
  const nc = (request.nonceCount ?? 1).toString(16).padStart(8, '0');
  const response = digestResponse(challenge, credentials, request.method, request.uri, cnonce, nc);
  const parts = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
  ];
  if (request.uriMode === 'include') parts.push(`uri=${quote(request.uri)}`);
  parts.push(`response=${quote(response)}`);
  if (challenge.algorithm !== undefined) parts.push(`algorithm=${challenge.algorithm}`);
  if (useQop) parts.push('qop=auth', `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  // RFC 2617 §3.2.2: opaque is echoed unchanged, and only when the challenge had one.
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

/** The `uri=` variants to try in order, one per 401 (adaptive: once each). */
export function digestUriModes(policy: DigestUriPolicy): readonly DigestUriMode[] {
  return policy === 'adaptive' ? ['include', 'omit'] : [policy];
}

function quote(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}
