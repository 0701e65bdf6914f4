import { networkInterfaces } from 'node:os';
import type { Logger } from '../../common';
import { generateSessionId, MsrpUri, type MsrpScheme } from '../protocol/msrp-uri';
import type { MsrpTransport, SessionMatching } from '../transport/msrp-transport';
import type { MsrpTlsClientOptions } from '../transport/open-connection';
import type { MsrpTlsServerOptions } from './listen';

/**
 * The uniform connection-setup API (seed: msrplib `connect`):
 *
 *     const localPath = await connector.prepare(localUri);   // put into SDP a=path
 *     try { transport = await connector.complete(remotePath) } // the peer's a=path
 *     finally { connector.cleanup() }
 *
 * Connectors and acceptors are single-use; `MsrpServer` serves many sessions through `acceptor()`.
 */
export interface MsrpConnector {
  /** Starts what must precede the SDP exchange; resolves to the full local path (may update the URI's port). */
  prepare(localUri?: MsrpUri): Promise<MsrpUri[]>;
  /** Resolves to a connected transport bound to the session (RFC 4975 §5.4, §8.4). */
  complete(remotePath: readonly MsrpUri[]): Promise<MsrpTransport>;
  /** Releases what was not handed out (listening sockets, an unbound connection, timers). */
  cleanup(): void;
}

export interface ConnectOptions {
  readonly logger?: Logger;
  /** TLS client settings for msrps (CA, fingerprint pinning). */
  readonly tls?: MsrpTlsClientOptions;
  /** TLS server settings for listening msrps endpoints. */
  readonly tlsServer?: MsrpTlsServerOptions;
  /** Connect timeout; default 30 s (seed MSRPConnectTimeout). */
  readonly connectTimeoutMs?: number;
  /** Session binding timeout; default 30 s (seed MSRPBindSessionTimeout). */
  readonly bindTimeoutMs?: number;
  /** 'session-id' when CEMA (RFC 6714) was negotiated. */
  readonly sessionMatching?: SessionMatching;
  /** Socket pause threshold of the transports made (see MsrpTransportOptions). */
  readonly highWaterMark?: number;
}

export const DEFAULT_BIND_TIMEOUT_MS = 30_000;

/** A fresh local URI: our first non-internal IPv4 address, a random session-id (RFC 4975 §14.1), port 0. */
export function defaultLocalUri(scheme: MsrpScheme = 'msrps', host: string = defaultHost()): MsrpUri {
  return new MsrpUri({ scheme, host, port: 0, sessionId: generateSessionId() });
}

function defaultHost(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}
