import type { Logger } from '../../common';
import { MsrpError } from '../errors';
import { ExpiresHeader, MinExpiresHeader } from '../protocol/headers/expires';
import { FromPathHeader, ToPathHeader, UsePathHeader } from '../protocol/headers/path-headers';
import { MsrpChunk } from '../protocol/msrp-chunk';
import type { MsrpUri } from '../protocol/msrp-uri';
import type { MsrpTransport } from '../transport/msrp-transport';
import { buildDigestAuthorization, digestUriModes, parseDigestChallenge, type DigestUriPolicy } from './digest';

/** A configured MSRP relay account (seed: `MSRPRelaySettings`). */
export interface MsrpRelaySettings {
  /** The domain: SRV discovery (RFC 4976 §6.2) when `host` is not given. */
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  readonly host?: string;
  readonly port?: number;
  /** msrps (default) or msrp. */
  readonly useTls?: boolean;
  /** `uri=` in Authorization: relays disagree (see digest.ts); default adaptive. */
  readonly digestUri?: DigestUriPolicy;
  /** Expires to ask for in AUTH (RFC 4976 §5.1); the relay's default otherwise. */
  readonly expires?: number;
  /** Largest chunk body the relay forwards (Kamailio drops frames of ~11.2 KB: use 8 KiB there). */
  readonly maxChunkSize?: number;
}

export interface RelayAuthResult {
  /** RFC 4976 §5.1: the relay URIs to put before ours in a=path. */
  readonly usePath: MsrpUri[];
  /** Seconds the reservation lasts (RFC 4976 §5.1 Expires). */
  readonly expires: number | undefined;
}

export const DEFAULT_AUTH_TIMEOUT_MS = 30_000;

/**
 * RFC 4976 §5.1-§5.2: AUTH with To-Path = relay URI and From-Path = our URI; a 401 is answered with Digest
 * credentials (once per `uri=` variant in adaptive mode), a 423 with the relay's Min-Expires; 200 gives
 * Use-Path and Expires.
 */
export async function authenticateWithRelay(
  transport: MsrpTransport,
  relayUri: MsrpUri,
  settings: MsrpRelaySettings,
  options: { readonly timeoutMs?: number; readonly logger?: Logger } = {},
): Promise<RelayAuthResult> {
  const localUri = transport.localUri;
  if (localUri === undefined) throw new MsrpError('msrp-auth-failed', 'AUTH needs our URI');
  const uriModes = [...digestUriModes(settings.digestUri ?? 'adaptive')];
  let expires = settings.expires;
  let authorization: string | undefined;
  let retriedExpires = false;
  const timeoutMs = options.timeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;

  for (let attempt = 0; attempt < 6; attempt++) {
    const auth = new MsrpChunk({ method: 'AUTH' });
    auth.headers.setDecoded(ToPathHeader, [relayUri]);
    auth.headers.setDecoded(FromPathHeader, [localUri]);
    if (authorization !== undefined) auth.headers.set('Authorization', authorization);
    if (expires !== undefined) auth.headers.setDecoded(ExpiresHeader, expires);
    const response = await transport.request(auth, { timeoutMs });
    options.logger?.debug('AUTH answered', { code: response.code, relay: relayUri.toString() });

    if (response.code === 200) {
      const usePath = response.headers.getDecoded(UsePathHeader);
      if (usePath === undefined || usePath.length === 0) throw new MsrpError('msrp-auth-failed', 'relay answered AUTH without Use-Path');
      return { usePath: [...usePath], expires: response.headers.getDecoded(ExpiresHeader) };
    }
    if (response.code === 401) {
      const mode = uriModes.shift();
      const challenge = response.headers.get('WWW-Authenticate');
      if (mode === undefined || challenge === undefined) {
        throw new MsrpError('msrp-auth-failed', `relay refused the credentials of ${settings.username}`, { status: 401 });
      }
      authorization = buildDigestAuthorization(parseDigestChallenge(challenge), settings, {
        method: 'AUTH',
        uri: relayUri.toString(),
        uriMode: mode,
      });
      continue;
    }
    if (response.code === 423 && !retriedExpires) {
      // RFC 4976 §5.1: retry within the bounds the relay states.
      retriedExpires = true;
      expires = response.headers.getDecoded(MinExpiresHeader) ?? response.headers.getDecoded(ExpiresHeader);
      if (expires !== undefined) {
        // A fresh challenge will come; start the digest variants over.
        authorization = undefined;
        uriModes.splice(0, uriModes.length, ...digestUriModes(settings.digestUri ?? 'adaptive'));
        continue;
      }
    }
    throw new MsrpError('msrp-auth-failed', `relay answered AUTH with ${response.code} ${response.comment ?? ''}`.trim(), { status: response.code ?? 0 });
  }
  throw new MsrpError('msrp-auth-failed', 'too many AUTH rounds');
}

/**
 * Renews the relay reservation before it expires (RFC 4976 §5.1: the client refreshes with a new AUTH
 * on the same connection). Stops with the connection; `onFailure` hears about a refused refresh.
 */
export class RelayAuthRefresher {
  #timer: NodeJS.Timeout | undefined;
  #disposed = false;
  readonly #transport: MsrpTransport;
  readonly #relayUri: MsrpUri;
  readonly #settings: MsrpRelaySettings;
  readonly #options: { readonly timeoutMs?: number; readonly logger?: Logger; readonly onFailure?: (error: unknown) => void; readonly onRefreshed?: (result: RelayAuthResult) => void };
  readonly #onClosed: { dispose(): void };

  constructor(
    transport: MsrpTransport,
    relayUri: MsrpUri,
    settings: MsrpRelaySettings,
    expires: number,
    options: { readonly timeoutMs?: number; readonly logger?: Logger; readonly onFailure?: (error: unknown) => void; readonly onRefreshed?: (result: RelayAuthResult) => void } = {},
  ) {
    this.#transport = transport;
    this.#relayUri = relayUri;
    this.#settings = settings;
    this.#options = options;
    this.#onClosed = transport.on('closed', () => this.dispose());
    this.#schedule(expires);
  }

  /** Refresh at three quarters of the lifetime, leaving time for a digest round trip. */
  static refreshDelayMs(expires: number): number {
    return Math.max(1_000, Math.floor(expires * 750));
  }

  #schedule(expires: number): void {
    if (this.#disposed) return;
    this.#timer = setTimeout(() => void this.#refresh(), RelayAuthRefresher.refreshDelayMs(expires));
  }

  async #refresh(): Promise<void> {
    this.#timer = undefined;
    try {
      const result = await authenticateWithRelay(this.#transport, this.#relayUri, this.#settings, this.#options);
      if (this.#disposed) return;
      this.#options.onRefreshed?.(result);
      this.#schedule(result.expires ?? this.#settings.expires ?? 600);
    } catch (error) {
      if (this.#disposed) return;
      this.#options.logger?.warn('relay AUTH refresh failed', { error: String(error) });
      this.#options.onFailure?.(error);
    }
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#onClosed.dispose();
  }
}
