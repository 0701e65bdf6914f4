import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { MsrpConnectionError, MsrpInvariantError } from '../errors';
import { MsrpUri } from '../protocol/msrp-uri';
import { discoverRelay, type RelayCandidate, type SrvResolver } from '../relay/discover-relay';
import { authenticateWithRelay, RelayAuthRefresher, type MsrpRelaySettings, type RelayAuthResult } from '../relay/relay-auth';
import { MsrpTransport } from '../transport/msrp-transport';
import { DEFAULT_MSRP_PORT, openConnection } from '../transport/open-connection';
import { acceptBinding, bindActive } from './bind-session';
import { DEFAULT_BIND_TIMEOUT_MS, defaultLocalUri, type ConnectOptions, type MsrpConnector } from './msrp-connector';

export interface RelayConnectionOptions extends ConnectOptions {
  /** AUTH transaction timeout; default 30 s (seed MSRPAuthTimeout). */
  readonly authTimeoutMs?: number;
  /** Renew the reservation before Expires (default true). */
  readonly refresh?: boolean;
  /** For SRV discovery in tests. */
  readonly resolveSrv?: SrvResolver;
  /** Told when a refresh AUTH fails (the session may want to end). */
  readonly onRefreshFailure?: (error: unknown) => void;
  /** Told after each successful refresh AUTH. */
  readonly onRefreshed?: (result: RelayAuthResult) => void;
}

/**
 * An endpoint behind an MSRP relay (RFC 4976; seed `RelayConnection`). `prepare` connects to the relay,
 * authenticates (AUTH, digest on 401) and returns Use-Path + our URI for a=path; `complete` binds the
 * session over that same connection: `active` sends the binding SEND, `passive` waits for the peer's.
 */
export class RelayConnection implements MsrpConnector {
  readonly relay: MsrpRelaySettings;
  readonly mode: 'active' | 'passive';
  readonly #options: RelayConnectionOptions;
  #transport: MsrpTransport | undefined;
  #refresher: RelayAuthRefresher | undefined;
  #relayUri: MsrpUri | undefined;

  constructor(relay: MsrpRelaySettings, mode: 'active' | 'passive', options: RelayConnectionOptions = {}) {
    this.relay = relay;
    this.mode = mode;
    this.#options = options;
  }

  /** The relay URI AUTH went to, once prepared. */
  get relayUri(): MsrpUri | undefined {
    return this.#relayUri;
  }

  async prepare(localUri?: MsrpUri): Promise<MsrpUri[]> {
    const scheme = this.relay.useTls === false ? 'msrp' : 'msrps';
    const { socket, candidate } = await this.#connect(scheme);
    // RFC 4976 §5: the relay URI has no session-id; the host is the one we reached.
    const relayUri = new MsrpUri({ scheme, host: candidate.host, port: candidate.port });
    // Our URI travels only to the relay: its port is the local end of this connection (seed behaviour).
    let uri = localUri ?? defaultLocalUri(scheme, socket.localAddress ?? '127.0.0.1');
    if (!uri.port) uri = uri.with({ port: socket.localPort ?? DEFAULT_MSRP_PORT });
    const transport = new MsrpTransport(socket, {
      localUri: uri,
      ...(this.#options.logger !== undefined ? { logger: this.#options.logger } : {}),
      ...(this.#options.sessionMatching !== undefined ? { sessionMatching: this.#options.sessionMatching } : {}),
      ...(this.#options.highWaterMark !== undefined ? { highWaterMark: this.#options.highWaterMark } : {}),
    });
    this.#transport = transport;
    this.#relayUri = relayUri;
    const authOptions = {
      ...(this.#options.authTimeoutMs !== undefined ? { timeoutMs: this.#options.authTimeoutMs } : {}),
      ...(this.#options.logger !== undefined ? { logger: this.#options.logger } : {}),
    };
    try {
      const result = await authenticateWithRelay(transport, relayUri, this.relay, authOptions);
      transport.setLocalPath(result.usePath);
      const expires = result.expires ?? this.relay.expires;
      if (this.#options.refresh !== false && expires !== undefined) {
        this.#refresher = new RelayAuthRefresher(transport, relayUri, this.relay, expires, {
          ...authOptions,
          ...(this.#options.onRefreshFailure !== undefined ? { onFailure: this.#options.onRefreshFailure } : {}),
          ...(this.#options.onRefreshed !== undefined ? { onRefreshed: this.#options.onRefreshed } : {}),
        });
      }
    } catch (error) {
      this.cleanup();
      throw error;
    }
    return transport.fullLocalPath;
  }

  async complete(remotePath: readonly MsrpUri[]): Promise<MsrpTransport> {
    const transport = this.#transport;
    if (transport === undefined) throw new MsrpInvariantError('complete() before prepare()');
    const timeoutMs = this.#options.bindTimeoutMs ?? DEFAULT_BIND_TIMEOUT_MS;
    try {
      if (this.mode === 'active') await bindActive(transport, remotePath, timeoutMs);
      else await acceptBinding(transport, remotePath, timeoutMs, this.#options.sessionMatching);
    } catch (error) {
      this.#refresher?.dispose();
      this.#refresher = undefined;
      void transport.close();
      this.#transport = undefined;
      throw error;
    }
    // Handed out: the refresher now lives and dies with the transport.
    this.#transport = undefined;
    this.#refresher = undefined;
    return transport;
  }

  cleanup(): void {
    this.#refresher?.dispose();
    this.#refresher = undefined;
    this.#transport?.dispose();
    this.#transport = undefined;
  }

  async #connect(scheme: 'msrp' | 'msrps'): Promise<{ socket: Socket | TLSSocket; candidate: RelayCandidate }> {
    const candidates: RelayCandidate[] =
      this.relay.host !== undefined
        ? [{ scheme, host: this.relay.host, port: this.relay.port ?? DEFAULT_MSRP_PORT }]
        : (await discoverRelay(this.relay.domain, {
            allowPlain: scheme === 'msrp',
            fallbackScheme: scheme,
            ...(this.#options.resolveSrv !== undefined ? { resolveSrv: this.#options.resolveSrv } : {}),
          })).filter((candidate) => candidate.scheme === scheme);
    const failures: string[] = [];
    for (const candidate of candidates) {
      try {
        const socket = await openConnection(new MsrpUri({ scheme, host: candidate.host, port: candidate.port }), {
          ...(this.#options.tls !== undefined ? { tls: this.#options.tls } : {}),
          ...(this.#options.connectTimeoutMs !== undefined ? { timeoutMs: this.#options.connectTimeoutMs } : {}),
        });
        return { socket, candidate };
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    throw new MsrpConnectionError('msrp-connect-failed', `no relay reachable for ${this.relay.domain}: ${failures.join('; ') || 'none found'}`);
  }
}
