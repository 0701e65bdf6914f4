import { X509Certificate } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { MsrpConnectionError } from '../errors';
import type { MsrpUri } from '../protocol/msrp-uri';

/**
 * Opening the TCP or TLS connection an `msrp:`/`msrps:` URI names (RFC 4975 §6: msrps means TLS; §14:
 * certificates are verified). Pinning by certificate fingerprint (SDP a=fingerprint, RFC 4572 §5,
 * RFC 8122 §5) replaces chain validation when the fingerprint is known from the signalling.
 */
export interface MsrpTlsClientOptions {
  /** CA certificates (PEM) to trust instead of Node's bundled roots. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Expected peer certificate fingerprint: `sha-256 AA:BB:…` (a=fingerprint), or bare hex meaning SHA-256. */
  readonly fingerprint?: string;
  /** Name checked against the certificate and sent as SNI; default the URI host. */
  readonly servername?: string;
  /** A client certificate, for peers that ask for one. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** Only for tests that want to see an unverified handshake succeed; default true. */
  readonly rejectUnauthorized?: boolean;
}

export interface OpenConnectionOptions {
  readonly tls?: MsrpTlsClientOptions;
  /** Default 30 s (the seed's MSRPConnectTimeout). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export const DEFAULT_MSRP_PORT = 2855;
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/** Resolves with the connected (and for msrps, verified) socket; rejects with `msrp-connect-failed`. */
export function openConnection(uri: MsrpUri, options: OpenConnectionOptions = {}): Promise<Socket | TLSSocket> {
  const port = uri.port === undefined || uri.port === 0 ? DEFAULT_MSRP_PORT : uri.port;
  const host = uri.host;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const tlsOptions = options.tls ?? {};
  const pinned = tlsOptions.fingerprint === undefined ? undefined : parseFingerprint(tlsOptions.fingerprint);

  return new Promise((resolve, reject) => {
    let settled = false;
    const socket: Socket | TLSSocket = uri.secure
      ? tlsConnect({
          host,
          port,
          servername: isIp(host) ? undefined : (tlsOptions.servername ?? host),
          ca: tlsOptions.ca as string | Buffer | (string | Buffer)[] | undefined,
          cert: tlsOptions.cert,
          key: tlsOptions.key,
          // With a pinned fingerprint the chain is not what is trusted: the fingerprint is (RFC 8122 §5).
          rejectUnauthorized: pinned === undefined ? (tlsOptions.rejectUnauthorized ?? true) : false,
        })
      : netConnect({ host, port });
    const fail = (message: string, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      cleanup();
      socket.destroy();
      reject(new MsrpConnectionError('msrp-connect-failed', `${uri.scheme}://${uri.hostPart}:${port}: ${message}`, { cause }));
    };
    const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    const onAbort = (): void => fail('aborted');
    const onError = (error: Error): void => fail(error.message, error);
    const onConnected = (): void => {
      if (settled) return;
      if (pinned !== undefined) {
        const actual = (socket as TLSSocket).getPeerCertificate();
        if (!fingerprintMatches(actual, pinned)) {
          fail(`certificate fingerprint mismatch (expected ${pinned.algorithm} ${pinned.hex})`);
          return;
        }
      }
      settled = true;
      cleanup();
      resolve(socket);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off(uri.secure ? 'secureConnect' : 'connect', onConnected);
    };
    if (options.signal?.aborted) {
      fail('aborted');
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', onError);
    socket.once(uri.secure ? 'secureConnect' : 'connect', onConnected);
  });
}

export interface ParsedFingerprint {
  readonly algorithm: 'sha-1' | 'sha-256' | 'sha-512';
  /** Upper-case hex pairs joined by colons, as Node prints them. */
  readonly hex: string;
}

/** `sha-256 AA:BB:…` (RFC 8122 §5 syntax) or bare hex (then SHA-256). */
export function parseFingerprint(text: string): ParsedFingerprint {
  const trimmed = text.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = (space < 0 ? 'sha-256' : trimmed.slice(0, space).toLowerCase()) as ParsedFingerprint['algorithm'];
  const hexText = (space < 0 ? trimmed : trimmed.slice(space + 1)).replace(/[\s:]/g, '').toUpperCase();
  if (!['sha-1', 'sha-256', 'sha-512'].includes(algorithm) || !/^([0-9A-F]{2})+$/.test(hexText)) {
    throw new MsrpConnectionError('msrp-connect-failed', `unusable fingerprint ${JSON.stringify(text.slice(0, 120))}`);
  }
  return { algorithm, hex: hexText.match(/../g)?.join(':') ?? '' };
}

/** RFC 8122 §5: the fingerprint is computed over the DER form of the certificate. */
export function fingerprintMatches(certificate: PeerCertificate | undefined, expected: ParsedFingerprint): boolean {
  if (certificate === undefined || certificate.raw === undefined || certificate.raw.length === 0) return false;
  const x509 = new X509Certificate(certificate.raw);
  const actual =
    expected.algorithm === 'sha-1' ? x509.fingerprint
    : expected.algorithm === 'sha-256' ? x509.fingerprint256
    : x509.fingerprint512;
  return actual.toUpperCase() === expected.hex;
}

function isIp(host: string): boolean {
  return /^[0-9.]+$/.test(host) || host.includes(':');
}
